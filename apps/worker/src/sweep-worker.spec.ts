import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingConfig } from '@memsweep/sweep';
import { pino } from 'pino';
import { backoffMs } from './backoff.js';
import { SweepWorker } from './sweep-worker.js';
import { FakeCoordinator } from './testing/fake-coordinator.test-helpers.js';

const config: TrainingConfig = {
  dataset: { name: 'mnist', trainSize: 300, testSize: 100, splitSeed: 1 },
  hidden: [8],
  activation: 'relu',
  method: { name: 'baseline' },
  epochs: 1,
  batchSize: 50,
  learningRate: 0.01,
  seed: 1,
};
const deployment = {
  faultRate: 0.2, sigma: 0.3, crossbarSize: 64, faultPreset: 'xiang2021', stuckOffRate: 0.2, stuckOnRate: 0,
  deviceModel: { kind: 'weight-level', stuckOnValue: 'signed-max' },
};

function trainTask(id: string) {
  return { taskId: id, sweepId: 's', kind: 'TASK_KIND_TRAIN' as const, attempt: 1, sweepSeed: 5, trainingKey: 'k', trainingConfigJson: JSON.stringify(config) };
}
function evalTask(id: string, hash: string, trialStart: number, trialEnd: number) {
  return {
    taskId: id, sweepId: 's', kind: 'TASK_KIND_EVALUATE' as const, attempt: 1, sweepSeed: 5, trainingKey: 'k',
    trainingConfigJson: JSON.stringify(config), artifactHash: hash, pointKey: 'p', deploymentJson: JSON.stringify(deployment), trialStart, trialEnd,
  };
}

const quiet = pino({ level: 'silent' });
/** Pool threads load compiled JS: the test target builds first. */
const taskFile = new URL('../dist/pool.task.js', import.meta.url).href;
const fakes: FakeCoordinator[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SweepWorker against a gRPC coordinator on loopback', () => {
  it('trains, fetches the model by hash, evaluates shards deterministically, heartbeats, and drains', async () => {
    const fake = new FakeCoordinator();
    fakes.push(fake);
    await fake.start();
    fake.queue.push(trainTask('t1'));
    const worker = new SweepWorker({ coordinator: fake.address, threads: 2, idlePollMs: 50, logger: quiet, taskFile });
    const running = worker.run();
    await until(() => fake.completed.length === 1);
    const hash = fake.completed[0].hash!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    fake.queue.push(evalTask('e1', hash, 0, 3), evalTask('e2', hash, 3, 6), evalTask('e3', hash, 0, 3));
    await until(() => fake.completed.length === 4);
    worker.drain();
    await running;
    expect(worker.state).toBe('STOPPED');
    const trials = (id: string) => fake.completed.find((c) => c.taskId === id)!.trials!;
    expect(trials('e1').map((t) => t.trial)).toEqual([0, 1, 2]);
    expect(trials('e2').map((t) => t.trial)).toEqual([3, 4, 5]);
    expect(trials('e3')).toEqual(trials('e1')); // same chips, same model: same counts, whichever thread ran them
    expect(trials('e1').every((t) => t.total === 100 && t.correct <= 100)).toBe(true);
    expect(fake.heartbeats.length).toBeGreaterThan(0);
    worker.drain(); // draining a stopped worker (a second SIGTERM) is a no-op
    expect(worker.state).toBe('STOPPED');
  });

  it('waits for an unreachable coordinator with backoff and connects when it appears', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const worker = new SweepWorker({ coordinator: `127.0.0.1:${port}`, threads: 1, idlePollMs: 50, logger: quiet, taskFile });
    const running = worker.run();
    await new Promise((r) => setTimeout(r, 700));
    expect(worker.state).toBe('STARTING');
    const fake = new FakeCoordinator();
    fakes.push(fake);
    await fake.start(port);
    await until(() => worker.state === 'RUNNING', 20_000);
    worker.drain();
    await running;
  });

  it('drains at once while the coordinator is unreachable, before and after registering', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const never = new SweepWorker({ coordinator: `127.0.0.1:${port}`, threads: 1, idlePollMs: 50, logger: quiet, taskFile });
    const starting = never.run();
    await new Promise((r) => setTimeout(r, 500));
    const drainedAt = Date.now();
    never.drain();
    await starting;
    expect(never.state).toBe('STOPPED');
    expect(Date.now() - drainedAt).toBeLessThan(3000);

    const fake = new FakeCoordinator();
    fakes.push(fake);
    await fake.start();
    const worker = new SweepWorker({ coordinator: fake.address, threads: 1, idlePollMs: 50, logger: quiet, taskFile });
    const running = worker.run();
    await until(() => worker.state === 'RUNNING', 20_000);
    await fake.stop(); // the coordinator goes away: the lease loop now retries with backoff
    await new Promise((r) => setTimeout(r, 500));
    const drainStarted = Date.now();
    worker.drain();
    await running;
    expect(worker.state).toBe('STOPPED');
    expect(Date.now() - drainStarted).toBeLessThan(3000);
  });

  it('abandons a task whose lease the coordinator revokes', async () => {
    const fake = new FakeCoordinator();
    fakes.push(fake);
    await fake.start();
    fake.revoke.add('slow');
    fake.queue.push({ ...trainTask('slow'), trainingConfigJson: JSON.stringify({ ...config, epochs: 50, dataset: { ...config.dataset, trainSize: 3000 } }) });
    const worker = new SweepWorker({ coordinator: fake.address, threads: 1, idlePollMs: 50, logger: quiet, taskFile });
    const running = worker.run();
    await until(() => fake.heartbeats.some((ids) => ids.includes('slow')), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    worker.drain();
    await running;
    expect(fake.completed).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('grows exponentially, stays within [ceiling/2, ceiling] and is capped', () => {
    expect(backoffMs(0, 200, 5000, () => 0)).toBe(100);
    expect(backoffMs(0, 200, 5000, () => 1)).toBe(200);
    expect(backoffMs(3, 200, 5000, () => 1)).toBe(1600);
    expect(backoffMs(20, 200, 5000, () => 1)).toBe(5000);
    expect(backoffMs(20, 200, 5000, () => 0)).toBe(2500);
  });
});
