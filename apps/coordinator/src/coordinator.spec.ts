import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepClient, createWorkerClient, unary, type SweepServiceClient, type WorkerServiceClient } from '@memsweep/protocol';
import { ConfigError, NotFoundError } from '@memsweep/sweep';
import { pino } from 'pino';
import { startCoordinator, type RunningCoordinator } from './coordinator.js';

const SWEEP = `
name: rpc-test
dataset: { name: mnist, trainSize: 100, testSize: 50 }
network: { kind: mlp, hidden: [8] }
training: { epochs: 1 }
methods: [baseline]
grid: { faultRate: [0, 0.1] }
trials: 4
shardSize: 2
`;

describe('coordinator over a real gRPC server on loopback with a real SQLite file', () => {
  let coordinator: RunningCoordinator;
  let workers: WorkerServiceClient;
  let sweeps: SweepServiceClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memsweep-coord-'));
    coordinator = await startCoordinator({ listen: '127.0.0.1:0', databaseUrl: `file:${join(dir, 'c.db')}`, leaseMs: 400, logger: pino({ level: 'silent' }) });
    workers = createWorkerClient(coordinator.address);
    sweeps = createSweepClient(coordinator.address);
  });
  afterAll(async () => {
    workers?.close();
    sweeps?.close();
    await coordinator?.stop();
  });

  const lease = (workerId: string, maxTasks = 10) => unary(workers, 'leaseTasks', { workerId, maxTasks });

  it('rejects an invalid sweep with INVALID_ARGUMENT naming the field, and stores nothing', async () => {
    const err = await unary(sweeps, 'submitSweep', { yaml: SWEEP.replace('faultRate: [0, 0.1]', 'faultRate: [0, -0.1]') }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('grid.faultRate[1]: must be between 0 and 1');
    expect((await unary(sweeps, 'listSweeps', {})).sweeps).toEqual([]);
  });

  it('accepts a sweep once and resumes it on resubmission', async () => {
    const first = await unary(sweeps, 'submitSweep', { yaml: SWEEP });
    expect(first).toMatchObject({ created: true, points: 2, trainings: 1, shards: 4, trials: 8 });
    const again = await unary(sweeps, 'submitSweep', { yaml: SWEEP });
    expect(again).toMatchObject({ created: false, sweepId: first.sweepId });
  });

  it('rejects malformed worker messages with precise messages and keeps serving', async () => {
    const bad = [
      () => lease('', 1),
      () => lease('w', 0),
      () => unary(workers, 'completeEvaluation', { workerId: 'w', taskId: 't', trials: [{ trial: 0, correct: 5, total: 4 }], seconds: 1 }),
      () => unary(workers, 'getArtifact', { hash: 'xyz' }),
    ];
    const messages = [];
    for (const call of bad) messages.push(((await call().catch((e) => e)) as Error).message);
    expect(messages).toEqual([
      'workerId: is required',
      'maxTasks: must be at least 1',
      'trials[0].correct: must not exceed total',
      'hash: must be a sha256 hex digest',
    ]);
    const missing = await unary(workers, 'getArtifact', { hash: 'a'.repeat(64) }).catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((await unary(sweeps, 'listSweeps', {})).sweeps).toHaveLength(1);
  });

  it('leases training before evaluation, rejects a wrong artifact hash, and rejects completion after the lease moved on', async () => {
    const [train] = (await lease('w1')).tasks;
    expect(train.kind).toBe('TASK_KIND_TRAIN');
    expect((await lease('w2')).tasks).toEqual([]); // evaluation waits for the trained model
    const artifact = Buffer.from('not really a model');
    const hash = createHash('sha256').update(artifact).digest('hex');
    const wrong = await unary(workers, 'completeTraining', { workerId: 'w1', taskId: train.taskId, artifactHash: 'b'.repeat(64), artifact, backend: 'cpu', metaJson: '{}', seconds: 1 }).catch((e) => e);
    expect(wrong).toBeInstanceOf(ConfigError);

    await new Promise((r) => setTimeout(r, 600)); // w1's lease expires
    const [retrain] = (await lease('w2')).tasks;
    expect(retrain.taskId).toBe(train.taskId);
    const late = await unary(workers, 'completeTraining', { workerId: 'w1', taskId: train.taskId, artifactHash: hash, artifact, backend: 'cpu', metaJson: '{}', seconds: 1 });
    expect(late.outcome).toBe('lease-lost');
    const ok = await unary(workers, 'completeTraining', { workerId: 'w2', taskId: train.taskId, artifactHash: hash, artifact, backend: 'cpu', metaJson: '{}', seconds: 1 });
    expect(ok.outcome).toBe('completed');

    const evals = (await lease('w3')).tasks;
    expect(evals.map((t) => t.kind)).toEqual(Array(4).fill('TASK_KIND_EVALUATE'));
    expect(evals[0].artifactHash).toBe(hash);
    const stored = await unary(workers, 'getArtifact', { hash });
    expect(Buffer.from(stored.artifact)).toEqual(artifact);
  });

  it('reports unknown sweeps as NOT_FOUND', async () => {
    const err = await unary(sweeps, 'getProgress', { sweep: 'no-such-sweep' }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
  });
});
