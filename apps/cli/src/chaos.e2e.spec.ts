import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { buildTestPlan, postgresSkipReason } from '@memsweep/store/testing';
import { CLI, runCli, tempDir, TINY_SWEEP, writeSweep } from './testing/cli-harness.test-helpers.js';

/** tools/chaos.mjs: the chaos test of issue #5; here in its short form (the full one: 200 shards, 10 kills, 2 restarts). */
const CHAOS = fileURLToPath(new URL('../../../tools/chaos.mjs', import.meta.url));

interface ChaosReport {
  ok: boolean;
  shards: number;
  plannedTrials: number;
  storedTrials: number;
  distinctTrials: number;
  lostTrials: number;
  duplicatedTrials: number;
  unplannedTrials: number;
  failedShards: number;
  workerKills: number;
  coordinatorRestarts: number;
  resubmitResumedSameSweep: boolean | null;
  unexpectedWorkerExits: number;
  trialsDifferingFromUndisturbed: number;
  tableIdenticalToUndisturbed: boolean;
}

/** Runs the chaos script with --json; its stderr (the event log) is attached to a failure. */
function runChaos(args: string[], timeoutMs = 150_000): Promise<{ code: number | null; report: ChaosReport | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHAOS, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // SIGTERM first: the script then kills its own coordinator and workers.
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`chaos ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve({ code, report: last.startsWith('{') ? (JSON.parse(last) as ChaosReport) : null, stderr });
    });
  });
}

function expectNothingLostOrTwice(run: { code: number | null; report: ChaosReport | null; stderr: string }, kills: number, restarts: number): void {
  expect(run.report, run.stderr).not.toBeNull();
  const r = run.report!;
  expect(r.shards).toBeGreaterThanOrEqual(40);
  expect({ lost: r.lostTrials, duplicated: r.duplicatedTrials, unplanned: r.unplannedTrials, failedShards: r.failedShards, differing: r.trialsDifferingFromUndisturbed }, run.stderr).toEqual({
    lost: 0, duplicated: 0, unplanned: 0, failedShards: 0, differing: 0,
  });
  expect(r.storedTrials).toBe(r.plannedTrials);
  expect(r.distinctTrials).toBe(r.plannedTrials);
  expect(r.tableIdenticalToUndisturbed).toBe(true);
  expect(r.workerKills).toBeGreaterThanOrEqual(kills);
  expect(r.coordinatorRestarts).toBeGreaterThanOrEqual(restarts);
  expect(r.resubmitResumedSameSweep).toBe(true);
  expect(r.unexpectedWorkerExits).toBe(0);
  expect(r.ok).toBe(true);
  expect(run.code).toBe(0);
}

// A 3 s lease: heartbeats (every second) survive a busy CI machine; a killed worker's shard comes back 3 s later.
const SHORT = ['--shards', '40', '--workers', '3', '--kills', '3', '--coordinator-restarts', '1', '--seed', '7', '--lease-ms', '3000'];

describe('chaos (short form of tools/chaos.mjs): SIGKILLed workers and coordinator, nothing lost, nothing twice', () => {
  it('SQLite: 40 shards, 3 workers, 3 worker kills, 1 coordinator restart; the table equals an undisturbed run', async () => {
    expectNothingLostOrTwice(await runChaos(['--database', 'sqlite', ...SHORT]), 3, 1);
  });

  const postgresSkip = postgresSkipReason();
  it.skipIf(postgresSkip)('PostgreSQL: the same scenario on a throwaway server', async () => {
    expectNothingLostOrTwice(await runChaos(['--database', 'postgres', ...SHORT]), 3, 1);
  });
});

describe('a shard that keeps failing ends the sweep as failed, and memsweep status shows it with its error', () => {
  it('lists the failed tasks with attempts and last error, and the sweep as failed', async () => {
    const databaseUrl = `file:${join(tempDir(), 'failed.db')}`;
    const store = await openStore({ databaseUrl });
    let failedId: string;
    try {
      const { sweepId } = await store.insertPlan(buildTestPlan({ name: 'fails', trainings: 1, pointsPerTraining: 1, trialsPerPoint: 2, shardSize: 2 }), { maxAttempts: 2 });
      const [train] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
      expect(await store.failTask({ taskId: train.taskId, workerId: 'w1', error: 'first try: out of memory', retryable: true })).toBe('retry-scheduled');
      await new Promise((r) => setTimeout(r, 1100)); // the store's default backoff: about a second
      const [again] = await store.claimTasks({ workerId: 'w2', max: 1, leaseMs: 60_000 });
      expect(again?.taskId).toBe(train.taskId);
      expect(await store.failTask({ taskId: train.taskId, workerId: 'w2', error: 'second try: out of memory', retryable: true })).toBe('failed');
      failedId = train.taskId;
      expect((await store.sweepProgress(sweepId)).done).toBe(true);
    } finally {
      await store.close();
    }
    const status = await runCli(['status', 'fails', '--database', databaseUrl]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('shards:        0/1 done, 1 failed');
    expect(status.stdout).toContain(`failed train task ${failedId} after 2 attempts: second try: out of memory`);
    expect(status.stdout).toMatch(/failed evaluate task \S+ after 0 attempts: training task \S+ failed for good; this shard cannot run/);
    const list = await runCli(['status', '--database', databaseUrl]);
    expect(list.stdout).toMatch(/ fails {2}failed /);
  });
});

describe('one worker serves several sweeps', () => {
  it('a single worker process runs two sweeps submitted to one coordinator to completion', async () => {
    const dir = tempDir();
    const databaseUrl = `file:${join(dir, 'two-sweeps.db')}`;
    const env = { ...process.env, MEMSWEEP_TOKEN: randomBytes(24).toString('hex'), MEMSWEEP_LOG_LEVEL: 'warn' };
    const children: ChildProcess[] = [];
    try {
      const coordinator = spawn(process.execPath, [CLI, 'coordinator', '--listen', '127.0.0.1:0', '--database', databaseUrl], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(coordinator);
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        coordinator.stdout!.on('data', (d) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        coordinator.once('exit', (code) => reject(new Error(`coordinator exited (${code})`)));
      });
      const files = [writeSweep(dir, 'a.yaml', TINY_SWEEP), writeSweep(dir, 'b.yaml', TINY_SWEEP.replace('name: tiny', 'name: tiny-b').replace('seed: 7', 'seed: 8'))];
      const ids: string[] = [];
      for (const file of files) {
        const r = await runCli(['submit', file, '--coordinator', address], { env });
        expect(r.code, r.stderr).toBe(0);
        ids.push(r.stdout.trim());
      }
      children.push(spawn(process.execPath, [CLI, 'worker', '--coordinator', address, '--threads', '1'], { env, stdio: 'ignore' }));
      const store = await openStore({ databaseUrl });
      try {
        const deadline = Date.now() + 120_000;
        for (const id of ids) {
          while (!(await store.sweepProgress(id)).done) {
            if (Date.now() > deadline) throw new Error(`sweep ${id} not done in time`);
            await new Promise((r) => setTimeout(r, 300));
          }
          expect(await store.sweepProgress(id)).toMatchObject({ trialsDone: 64, trialsTotal: 64, shardsFailed: 0 });
        }
        expect((await store.listSweeps()).map((s) => s.status)).toEqual(['done', 'done']);
      } finally {
        await store.close();
      }
    } finally {
      for (const c of children) c.kill('SIGKILL');
    }
  });
});
