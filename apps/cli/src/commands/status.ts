import { sweepProgressMessage } from '@memsweep/coordinator';
import { openStore } from '@memsweep/store';

/** `memsweep status [sweep]`: progress of one sweep, or the list of sweeps, read from the database. */
export async function statusCommand(sweep: string | undefined, options: { database?: string }): Promise<void> {
  const store = await openStore({ databaseUrl: options.database });
  try {
    if (!sweep) {
      const sweeps = await store.listSweeps();
      if (sweeps.length === 0) process.stdout.write('no sweeps yet\n');
      for (const s of sweeps) process.stdout.write(`${s.id}  ${s.name}  ${s.status}  ${s.createdAt.toISOString()}\n`);
      return;
    }
    const p = await sweepProgressMessage(store, sweep);
    process.stdout.write(
      [
        `sweep ${p.name} (${p.sweepId}): ${p.done ? 'done' : 'running'}`,
        `  training runs: ${p.trainingDone}/${p.trainingTotal}`,
        `  shards:        ${p.shardsDone}/${p.shardsTotal} done, ${p.shardsFailed} failed`,
        `  trials:        ${p.trialsDone}/${p.trialsTotal}`,
        ...p.failures.map((f) => `  failed ${f.kind} task ${f.taskId} after ${f.attempts} attempts: ${f.error}`),
      ].join('\n') + '\n',
    );
  } finally {
    await store.close();
  }
}
