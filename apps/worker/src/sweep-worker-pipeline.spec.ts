import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SweepWorker } from './sweep-worker.js';
import { FakeCoordinator } from './testing/fake-coordinator.test-helpers.js';

/** A pool that evaluates nothing: each shard answers after `delayMs` (plain JS: pool threads cannot load .ts). */
function noopPool(delayMs: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'memsweep-noop-pool-')), 'noop.task.mjs');
  writeFileSync(file, `export default async (req) => {
  if (req.kind === 'probe') return { kind: 'probe', backend: 'none' };
  await new Promise((r) => setTimeout(r, ${delayMs}));
  const trials = [];
  for (let k = req.trialStart; k < req.trialEnd; k++) trials.push({ trial: k, correct: 1, total: 2 });
  return { kind: 'evaluate', backend: 'none', trials };
};\n`);
  return pathToFileURL(file).href;
}

const MODEL = Buffer.from('model');
const MODEL_HASH = createHash('sha256').update(MODEL).digest('hex');
const evalTask = (id: string) => ({
  taskId: id, sweepId: 's', kind: 'TASK_KIND_EVALUATE' as const, attempt: 1, sweepSeed: 5, trainingKey: 'k', trainingConfigJson: JSON.stringify({ dataset: { name: 'mnist' } }),
  artifactHash: MODEL_HASH, pointKey: 'p', deploymentJson: '{}', trialStart: 0, trialEnd: 2,
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const fakes: FakeCoordinator[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function fakeWith(tasks: number): Promise<FakeCoordinator> {
  const fake = new FakeCoordinator();
  fakes.push(fake);
  await fake.start();
  fake.artifacts.set(MODEL_HASH, MODEL);
  for (let i = 0; i < tasks; i++) fake.queue.push(evalTask(`e${i}`));
  return fake;
}

describe('SweepWorker pipelining: prefetched leases, batched completions', () => {
  it('keeps threads + prefetch tasks leased, leases again on its completion calls, reports every shard once', async () => {
    const fake = await fakeWith(12);
    const worker = new SweepWorker({ coordinator: fake.address, threads: 1, prefetch: 3, idlePollMs: 20, busyPollMs: 20, logger: pino({ level: 'silent' }), taskFile: noopPool(20) });
    const running = worker.run();
    await until(() => fake.completed.length === 12);
    worker.drain();
    await running;
    expect(fake.leaseRequests[0]).toBe(4); // threads + prefetch
    expect(fake.completed.map((c) => c.taskId).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `e${i}`).sort());
    expect(fake.completionBatches.some((b) => b.leaseMaxTasks > 0)).toBe(true); // leases ride on completions
    expect(fake.completionBatches.reduce((n, b) => n + b.results, 0)).toBe(12);
    expect(worker.stats).toMatchObject({ completed: 12, leaseLost: 0, failed: 0 });
  });

  it('on drain hands back the queued leases at once and finishes the running one', async () => {
    const fake = await fakeWith(6);
    const worker = new SweepWorker({ coordinator: fake.address, threads: 1, prefetch: 3, idlePollMs: 20, busyPollMs: 20, logger: pino({ level: 'silent' }), taskFile: noopPool(300) });
    const running = worker.run();
    await until(() => fake.leased.size === 4);
    await new Promise((r) => setTimeout(r, 50)); // the first task is on the thread
    worker.drain();
    await running;
    expect(fake.completed.map((c) => c.taskId)).toEqual(['e0']);
    expect(fake.released.sort()).toEqual(['e1', 'e2', 'e3']);
    expect(fake.leased.size).toBe(0);
  });
});
