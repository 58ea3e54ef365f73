import { createSweepClient, unary } from '@memsweep/protocol';
import { compileSweepYaml } from '@memsweep/sweep';
import { readSweepFile } from './run.js';
import { clientSecurity, type SecurityFlags } from './security.js';

/** `memsweep submit <sweep.yaml> --coordinator host:port`: hand a sweep to a running coordinator (cluster use). */
export async function submitCommand(file: string, options: { coordinator: string } & SecurityFlags): Promise<void> {
  const security = clientSecurity(options);
  const yaml = await readSweepFile(file);
  compileSweepYaml(yaml);
  const client = createSweepClient(options.coordinator, security);
  try {
    const r = await unary(client, 'submitSweep', { yaml });
    process.stdout.write(`${r.sweepId}\n`);
    process.stderr.write(`${r.created ? 'submitted' : 'already stored (resuming)'}: ${r.points} points, ${r.trainings} training runs, ${r.shards} shards, ${r.trials} trials\n`);
  } finally {
    client.close();
  }
}
