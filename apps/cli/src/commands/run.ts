import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { startCoordinator } from '@memsweep/coordinator';
import { createSweepClient, unary, type Progress__Output } from '@memsweep/protocol';
import { compileSweepYaml } from '@memsweep/sweep';
import { CliError } from '../fail.js';
import { LocalWorkers } from '../local-workers.js';
import type { OutputFormat } from '../output-format.js';
import { ProgressView } from '../progress-view.js';
import { resultsTable } from '../results-table.js';
import { localWorkerEnv } from './security.js';

export interface RunOptions {
  workers: number;
  threads: number;
  database?: string;
  groupBy?: string;
  format: OutputFormat;
  /** Lease length; short leases recover faster from a dead worker. */
  leaseMs?: number;
  /** host:port of the read-only web dashboard. */
  dashboard?: string;
}

export async function readSweepFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read sweep file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `memsweep run <sweep.yaml>`: a coordinator in this process on loopback, N worker processes, a progress bar, and the
 * aggregated table at the end. Re-running the same file resumes the stored sweep instead of starting over.
 */
export async function runCommand(file: string, options: RunOptions): Promise<void> {
  const yaml = await readSweepFile(file);
  compileSweepYaml(yaml); // invalid files stop here, before anything is opened or written
  const say = (line: string) => process.stderr.write(`${line}\n`);
  // A fresh token per run keeps other local users' processes off the loopback port; workers get it by env, not argv.
  const token = randomBytes(32).toString('base64url');
  const coordinator = await startCoordinator({
    security: { token },
    listen: '127.0.0.1:0',
    databaseUrl: options.database,
    leaseMs: options.leaseMs,
    dashboard: options.dashboard,
    logger: pino({ name: 'memsweep-coordinator', level: process.env.MEMSWEEP_LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  });
  const client = createSweepClient(coordinator.address, { token });
  const workers = new LocalWorkers(coordinator.address, options.threads, say, localWorkerEnv(token));
  if (coordinator.dashboard) say(`dashboard (read-only): ${coordinator.dashboard.url}`);
  const view = new ProgressView();
  const interrupted = new Promise<'interrupted'>((resolve) => process.once('SIGINT', () => resolve('interrupted')));
  try {
    const submitted = await unary(client, 'submitSweep', { yaml });
    say(
      `sweep ${submitted.sweepId}: ${submitted.points} points, ${submitted.trainings} training runs, ${submitted.shards} shards, ${submitted.trials} trials` +
        (submitted.created ? '' : ' (already stored: resuming)'),
    );
    const started = Date.now();
    workers.start(options.workers);
    say(`started ${options.workers} local worker process(es) × ${options.threads} thread(s) against ${coordinator.address}`);
    let progress: Progress__Output;
    for (;;) {
      progress = await unary(client, 'getProgress', { sweep: submitted.sweepId });
      view.update(progress);
      if (progress.done) break;
      if ((await Promise.race([sleep(500), interrupted])) === 'interrupted') {
        view.stop();
        throw new CliError('interrupted: finished work is stored; run the same command again to resume', 130);
      }
    }
    view.stop();
    await workers.stop();
    const seconds = (Date.now() - started) / 1000;
    const { text } = await resultsTable(coordinator.store, submitted.sweepId, { groupBy: options.groupBy, format: options.format });
    process.stdout.write(`${text}\n`);
    const seeds = new Set((JSON.parse((await coordinator.store.findSweep(submitted.sweepId))!.specJson) as { seeds: number[] }).seeds).size;
    say(
      `training runs executed: ${progress.trainingRunsExecuted} (= ${progress.trainingTotal / seeds} distinct training configurations × ${seeds} seeds)` +
        `; trials: ${progress.trialsDone}/${progress.trialsTotal}; ${seconds.toFixed(1)} s; results in ${coordinator.store.dialect} (memsweep query ${submitted.sweepId})`,
    );
    if (progress.shardsFailed > 0 || progress.failures.length > 0) {
      for (const f of progress.failures) say(`failed ${f.kind} task ${f.taskId} after ${f.attempts} attempts: ${f.error}`);
      throw new CliError(`${progress.failures.length} task(s) failed; their trials are missing from the table`);
    }
  } finally {
    view.stop();
    await workers.stop();
    client.close();
    await coordinator.stop();
  }
}
