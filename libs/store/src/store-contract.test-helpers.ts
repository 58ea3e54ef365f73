import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenStoreOptions, Store } from './store.js';
import { adaptiveDecision, summarize } from '@memsweep/sweep';
import { buildTestPlan } from './testing/plan-fixture.js';
import { completeWithSyntheticTrials } from './testing/synthetic-results.js';

/**
 * The behaviour every dialect must show, run by store.sqlite.spec.ts and store.postgres.spec.ts. `open` must return a
 * store on a fresh, empty database each call.
 */
export function describeStoreContract(dialect: string, open: (options: Omit<OpenStoreOptions, 'databaseUrl'>) => Promise<Store>): void {
  describe(`store contract (${dialect})`, () => {
    const clock = { t: 1_800_000_000_000 };
    let store: Store;
    beforeEach(async () => {
      clock.t = 1_800_000_000_000;
      store = await open({ now: () => clock.t, random: () => 0.5, backoff: { baseMs: 1000, capMs: 8000 } });
    });
    afterEach(async () => {
      await store.close();
    });

    const artifactOf = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      return { hash: createHash('sha256').update(bytes).digest('hex'), bytes, backend: 'cpu', meta: { text } };
    };
    const trialsFor = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => ({ trial: start + i, correct: 7 + i, total: 10 }));

    it('insertPlan stores the plan once; the same specHash returns the stored sweep and inserts nothing', async () => {
      const plan = buildTestPlan({ trainings: 2, pointsPerTraining: 2, trialsPerPoint: 4, shardSize: 2 });
      const first = await store.insertPlan(plan, { maxAttempts: 3 });
      expect(first.created).toBe(true);
      const again = await store.insertPlan(plan, { maxAttempts: 3 });
      expect(again).toEqual({ sweepId: first.sweepId, created: false });
      const progress = await store.sweepProgress(first.sweepId);
      expect(progress).toMatchObject({ trainingTotal: 2, trainingDone: 0, shardsTotal: 8, shardsDone: 0, trialsTotal: 16, trialsDone: 0, done: false, failures: [] });
      const sweeps = await store.listSweeps();
      expect(sweeps).toHaveLength(1);
      expect(sweeps[0]).toMatchObject({ id: first.sweepId, name: 'test-sweep', specHash: plan.specHash, seed: 42, trialsPerPoint: 4, status: 'running' });
      expect(sweeps[0].createdAt).toBeInstanceOf(Date);

      clock.t += 1000;
      const other = await store.insertPlan(buildTestPlan({ variant: 1 }), { maxAttempts: 3 });
      expect((await store.findSweep('test-sweep'))?.id).toBe(other.sweepId); // newest with that name
      expect((await store.findSweep(first.sweepId))?.id).toBe(first.sweepId);
      expect(await store.findSweep('nope')).toBeNull();
      expect((await store.listSweeps()).map((s) => s.id)).toEqual([other.sweepId, first.sweepId]);
    });

    it('claims training first; evaluation waits for its model, then comes in point and trial order', async () => {
      const plan = buildTestPlan({ trainings: 2, pointsPerTraining: 2, trialsPerPoint: 4, shardSize: 2 });
      const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
      const train = await store.claimTasks({ workerId: 'w1', max: 10, leaseMs: 60_000 });
      expect(train.map((t) => [t.kind, t.trainingKey])).toEqual(plan.trainings.map((t) => ['train', t.key]));
      expect(train[0]).toMatchObject({ sweepId, attempt: 1, sweepSeed: 42, artifactHash: null, pointKey: null, deployment: null, trialStart: null, trialEnd: null });
      expect(train[0].trainingConfig).toEqual(plan.trainings[0].config);
      expect(train[0].leaseExpiresAtMs).toBe(clock.t + 60_000);
      expect(await store.claimTasks({ workerId: 'w2', max: 10, leaseMs: 60_000 })).toEqual([]); // nothing ready

      const model = artifactOf('model of training 1');
      expect(await store.completeTraining({ taskId: train[1].taskId, workerId: 'w1', artifact: model, seconds: 2.5 })).toBe('completed');
      const evaluate = await store.claimTasks({ workerId: 'w2', max: 10, leaseMs: 60_000 });
      // Only training 1's points (indices 2 and 3) are ready, in point then trial order.
      const training1Points = plan.points.filter((p) => p.trainingKey === plan.trainings[1].key);
      expect(evaluate.map((t) => [t.pointKey, t.trialStart, t.trialEnd])).toEqual(
        training1Points.flatMap((p) => [[p.key, 0, 2], [p.key, 2, 4]]),
      );
      expect(evaluate[0]).toMatchObject({ kind: 'evaluate', artifactHash: model.hash, trainingKey: plan.trainings[1].key, deployment: training1Points[0].deployment });
      expect(await store.getArtifact(model.hash)).toMatchObject({ hash: model.hash, sizeBytes: model.bytes.length, backend: 'cpu', meta: { text: 'model of training 1' } });
      expect(Buffer.from((await store.getArtifact(model.hash))!.bytes).equals(Buffer.from(model.bytes))).toBe(true);
      expect(await store.getArtifact('0'.repeat(64))).toBeNull();
      expect(await store.trainingRunsExecuted(sweepId)).toBe(1);
      // max is respected, and sweepId filters.
      expect(await store.claimTasks({ workerId: 'w3', max: 1, leaseMs: 60_000, sweepId: 'other' })).toEqual([]);
    });

    it('a lapsed lease is re-claimed by another worker; the old holder cannot heartbeat or complete it', async () => {
      await store.insertPlan(buildTestPlan({ trainings: 1, pointsPerTraining: 1 }), { maxAttempts: 3 });
      const [task] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 1000 });
      clock.t += 500;
      expect(await store.extendLeases({ workerId: 'w1', taskIds: [task.taskId, 'unknown'], leaseMs: 1000 })).toEqual([task.taskId]);
      clock.t += 999; // 1499 after the claim: the extended lease (until +1500) still holds
      expect(await store.claimTasks({ workerId: 'w2', max: 1, leaseMs: 1000 })).toEqual([]);
      clock.t += 2;
      const [again] = await store.claimTasks({ workerId: 'w2', max: 1, leaseMs: 1000 });
      expect(again).toMatchObject({ taskId: task.taskId, attempt: 2 });
      expect(await store.extendLeases({ workerId: 'w1', taskIds: [task.taskId], leaseMs: 1000 })).toEqual([]);
      expect(await store.completeTraining({ taskId: task.taskId, workerId: 'w1', artifact: artifactOf('late'), seconds: 1 })).toBe('lease-lost');
      expect(await store.failTask({ taskId: task.taskId, workerId: 'w1', error: 'x', retryable: true })).toBe('lease-lost');
      expect(await store.completeTraining({ taskId: task.taskId, workerId: 'w2', artifact: artifactOf('on time'), seconds: 1 })).toBe('completed');
      // Re-sent by the holder after success: idempotent.
      expect(await store.completeTraining({ taskId: task.taskId, workerId: 'w2', artifact: artifactOf('on time'), seconds: 1 })).toBe('completed');
      expect(await store.getArtifact(artifactOf('late').hash)).toBeNull();
    });

    it('renewLeases (coordinator start) gives lapsed leases a full lease again, so the live holder keeps its task', async () => {
      await store.insertPlan(buildTestPlan({ trainings: 2, pointsPerTraining: 1 }), { maxAttempts: 3 });
      const [task] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 1000 });
      clock.t += 5000; // the coordinator was down longer than a lease: no heartbeat could arrive
      expect(await store.renewLeases({ leaseMs: 1000 })).toBe(1);
      const [other] = await store.claimTasks({ workerId: 'w2', max: 2, leaseMs: 1000 });
      expect(other.taskId).not.toBe(task.taskId); // w1's task was not taken back
      expect(await store.extendLeases({ workerId: 'w1', taskIds: [task.taskId], leaseMs: 1000 })).toEqual([task.taskId]);
      expect(await store.completeTraining({ taskId: task.taskId, workerId: 'w1', artifact: artifactOf('kept'), seconds: 1 })).toBe('completed');
      // A holder that really died loses its lease one lease length after the start, with the attempt counted once.
      clock.t += 1001;
      const [back] = await store.claimTasks({ workerId: 'w3', max: 1, leaseMs: 1000 });
      expect(back).toMatchObject({ taskId: other.taskId, attempt: 2 });
      clock.t += 10;
      expect(await store.renewLeases({ leaseMs: 1000 })).toBe(1); // w3's lease only: done tasks are not touched
    });

    it('a re-sent trial is stored once and never errors', async () => {
      const plan = buildTestPlan({ trainings: 1, pointsPerTraining: 1, trialsPerPoint: 4, shardSize: 4 });
      const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
      const [train] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
      await store.completeTraining({ taskId: train.taskId, workerId: 'w1', artifact: artifactOf('m'), seconds: 1 });
      const [shard] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
      const trials = trialsFor(0, 4);
      await expect(store.completeEvaluation({ taskId: shard.taskId, workerId: 'w1', trials: trials.slice(0, 3) })).rejects.toThrow(/missing 3/);
      expect(await store.completeEvaluation({ taskId: shard.taskId, workerId: 'w1', trials: [...trials, trials[1]] })).toBe('completed');
      expect(await store.completeEvaluation({ taskId: shard.taskId, workerId: 'w1', trials })).toBe('completed');
      expect(await store.completeEvaluation({ taskId: shard.taskId, workerId: 'w2', trials })).toBe('lease-lost');
      const rows = await store.trialResults(sweepId);
      expect(rows.map((r) => r.trial)).toEqual([0, 1, 2, 3]);
      const point = plan.points[0];
      expect(rows[0]).toEqual({
        pointKey: point.key,
        method: point.method,
        faultRate: point.faultRate,
        dropConnectRate: point.dropConnectRate,
        sigma: point.sigma,
        crossbarSize: point.crossbarSize,
        width: point.width,
        seed: point.seed,
        trial: 0,
        correct: 7,
        total: 10,
        accuracy: 0.7,
      });
      const progress = await store.sweepProgress(sweepId);
      expect(progress).toMatchObject({ trainingDone: 1, shardsDone: 1, trialsTotal: 4, trialsDone: 4, done: true });
      expect((await store.findSweep(sweepId))?.status).toBe('done');
      expect(await store.hasUnfinishedWork()).toBe(false);
    });

    it('completeEvaluations: a batch commits together, one outcome per shard; lost leases and re-sends are per shard', async () => {
      const plan = buildTestPlan({ trainings: 1, pointsPerTraining: 2, trialsPerPoint: 4, shardSize: 2 });
      const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
      const [train] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
      await store.completeTraining({ taskId: train.taskId, workerId: 'w1', artifact: artifactOf('m'), seconds: 1 });
      const mine = await store.claimTasks({ workerId: 'w1', max: 3, leaseMs: 60_000 });
      const [theirs] = await store.claimTasks({ workerId: 'w2', max: 1, leaseMs: 60_000 });
      const result = (t: { taskId: string; trialStart: number | null; trialEnd: number | null }) => ({ taskId: t.taskId, trials: trialsFor(t.trialStart!, t.trialEnd!) });
      // A malformed result rejects the whole batch: nothing is stored.
      await expect(store.completeEvaluations({ workerId: 'w1', results: [result(mine[0]), { taskId: mine[1].taskId, trials: [] }] })).rejects.toThrow(/missing/);
      expect(await store.trialResults(sweepId)).toEqual([]);
      expect(await store.completeEvaluations({ workerId: 'w1', results: [result(mine[0]), result(theirs), result(mine[1]), result(mine[0])] })).toEqual(['completed', 'lease-lost', 'completed', 'completed']);
      // Re-sent after a lost answer: same outcomes, no second row.
      expect(await store.completeEvaluations({ workerId: 'w1', results: [result(mine[1]), result(mine[2])] })).toEqual(['completed', 'completed']);
      expect(await store.completeEvaluations({ workerId: 'w2', results: [result(theirs)] })).toEqual(['completed']);
      expect((await store.trialResults(sweepId)).length).toBe(8);
      expect(await store.sweepProgress(sweepId)).toMatchObject({ shardsDone: 4, trialsDone: 8, done: true });
      expect((await store.findSweep(sweepId))?.status).toBe('done');
    });

    it('adaptive: held shards are never leased; a complete prefix releases the next batch or stops the point', async () => {
      const adaptive = { halfWidth: 0.05, minTrials: 4, maxTrials: 12, batch: 4 };
      const plan = buildTestPlan({ trainings: 1, pointsPerTraining: 2, shardSize: 2, adaptive });
      const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
      const [a, b] = plan.points;
      // Point a: every chip equal → half-width 0 at n = 4. Point b: wide for n = 4 (±0.092), narrow at n = 8 (±0.032).
      const accuracy = (pointKey: string, trial: number) => (pointKey === a.key ? 0.7 : trial < 4 ? [0.5, 0.6][trial % 2] : 0.55);
      const complete = (t: { taskId: string; pointKey: string | null; trialStart: number | null; trialEnd: number | null }, workerId = 'w1') =>
        store.completeEvaluation({ taskId: t.taskId, workerId, trials: trialsFor(t.trialStart!, t.trialEnd!).map((x) => ({ ...x, correct: Math.round(accuracy(t.pointKey!, x.trial) * 100), total: 100 })) });
      const [train] = await store.claimTasks({ workerId: 'w1', max: 100, leaseMs: 60_000 });
      await store.completeTraining({ taskId: train.taskId, workerId: 'w1', artifact: artifactOf('m'), seconds: 1 });
      const first = await store.claimTasks({ workerId: 'w1', max: 100, leaseMs: 60_000 });
      expect(first.map((t) => [t.pointKey, t.trialStart])).toEqual([[a.key, 0], [a.key, 2], [b.key, 0], [b.key, 2]]);
      expect(await store.sweepProgress(sweepId)).toMatchObject({ shardsTotal: 12, trialsTotal: 24, pointsTotal: 2, pointsDone: 0, done: false });
      for (const t of first) expect(await complete(t)).toBe('completed');
      // a stopped at 4 (its 4 held shards are cancelled); b's next batch [4, 8) is released, nothing beyond.
      const second = await store.claimTasks({ workerId: 'w2', max: 100, leaseMs: 60_000 });
      expect(second.map((t) => [t.pointKey, t.trialStart])).toEqual([[b.key, 4], [b.key, 6]]);
      expect(await store.sweepProgress(sweepId)).toMatchObject({ shardsTotal: 8, shardsDone: 4, trialsDone: 8, pointsDone: 1, done: false });
      // Out of order: [6, 8) first leaves the prefix at 4, so nothing is decided yet.
      expect(await complete(second[1], 'w2')).toBe('completed');
      expect(await store.claimTasks({ workerId: 'w2', max: 100, leaseMs: 60_000 })).toEqual([]);
      expect(await store.hasUnfinishedWork(sweepId)).toBe(true);
      expect(await complete(second[0], 'w2')).toBe('completed');
      expect(await store.claimTasks({ workerId: 'w2', max: 100, leaseMs: 60_000 })).toEqual([]);
      const kept = await store.trialResults(sweepId);
      expect(kept.filter((r) => r.pointKey === a.key).map((r) => r.trial)).toEqual([0, 1, 2, 3]);
      expect(kept.filter((r) => r.pointKey === b.key).map((r) => r.trial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await store.sweepProgress(sweepId)).toMatchObject({ shardsTotal: 6, shardsDone: 6, trialsTotal: 12, trialsDone: 12, pointsTotal: 2, pointsDone: 2, done: true, failures: [] });
      expect((await store.findSweep(sweepId))?.status).toBe('done');
    });

    it('adaptive: the trials kept do not depend on the order shards complete in (three shuffled orders, one oracle)', async () => {
      const adaptive = { halfWidth: 0.03, minTrials: 4, maxTrials: 16, batch: 4 };
      const outcome = (pointIndex: number, trial: number) => ({ correct: 60 + ((pointIndex * 13 + trial * trial * 7) % (4 + 3 * pointIndex)), total: 100 });
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const keptPerRun: string[] = [];
      let plan = buildTestPlan({ trainings: 1, pointsPerTraining: 4, shardSize: 2, adaptive });
      for (let run = 0; run < 3; run++) {
        plan = buildTestPlan({ trainings: 1, pointsPerTraining: 4, shardSize: 2, adaptive, variant: run });
        const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
        const index = new Map(plan.points.map((p) => [p.key, p.index]));
        for (;;) {
          const tasks = await store.claimTasks({ workerId: 'w', max: 1 + Math.floor(random() * 6), leaseMs: 600_000, sweepId });
          if (tasks.length === 0) break;
          for (let i = tasks.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [tasks[i], tasks[j]] = [tasks[j], tasks[i]];
          }
          for (const t of tasks) {
            if (t.kind === 'train') await store.completeTraining({ taskId: t.taskId, workerId: 'w', artifact: artifactOf(`m${run}`), seconds: 0 });
            else await store.completeEvaluation({ taskId: t.taskId, workerId: 'w', trials: trialsFor(t.trialStart!, t.trialEnd!).map((x) => ({ trial: x.trial, ...outcome(index.get(t.pointKey!)!, x.trial) })) });
          }
        }
        expect(await store.hasUnfinishedWork(sweepId)).toBe(false);
        const rows = await store.trialResults(sweepId);
        keptPerRun.push(JSON.stringify(plan.points.map((p) => rows.filter((r) => r.pointKey === p.key).map((r) => [r.trial, r.correct]))));
      }
      expect(new Set(keptPerRun).size).toBe(1);
      // The oracle: the pure rule on each point's full sequence of chips.
      const kept = JSON.parse(keptPerRun[0]) as number[][][];
      const stops = plan.points.map((p) => {
        const d = adaptiveDecision(Array.from({ length: adaptive.maxTrials }, (_, k) => outcome(p.index, k).correct / 100), adaptive);
        return d.kind === 'stop' ? d.trials : -1;
      });
      expect(kept.map((trials) => trials.length)).toEqual(stops);
      expect(new Set(stops).size).toBeGreaterThan(1); // the points stop at different sizes
    });

    it('the results views: one row per trial with its sweep and coordinates; per-point n, mean, std, min, max', async () => {
      const plan = buildTestPlan({ name: 'views', trainings: 2, pointsPerTraining: 2, trialsPerPoint: 5, shardSize: 2 });
      const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
      await store.insertPlan(buildTestPlan({ name: 'other', trainings: 1, pointsPerTraining: 1, trialsPerPoint: 2, shardSize: 2 }), { maxAttempts: 3 });
      // Test data: made-up counts, distinct per point and trial (no model is trained).
      await completeWithSyntheticTrials(store, plan, sweepId, (point, trial) => ({ correct: 40 + ((point.index * 7 + trial * trial) % 9), total: 50 }));
      const trials = await store.trialResults(sweepId);
      const flat = await store.readView('trial_results_view', { sweepId });
      expect(flat).toHaveLength(2 * 2 * 5);
      const byKey = (r: { pointKey?: unknown; point_key?: unknown; trial?: unknown }) => `${r.pointKey ?? r.point_key}/${r.trial}`;
      const expected = new Map(trials.map((t) => [byKey(t), t]));
      for (const row of flat) {
        const t = expected.get(byKey(row))!;
        expect(row).toEqual({
          sweep_id: sweepId, sweep_name: 'views', point_key: t.pointKey, method: t.method, fault_rate: t.faultRate, drop_connect_rate: t.dropConnectRate,
          sigma: t.sigma, crossbar_size: t.crossbarSize, width: t.width, seed: t.seed, trial: t.trial, correct: t.correct, total: t.total, accuracy: t.accuracy,
        });
      }
      const summary = await store.readView('point_summary_view', { sweepId });
      expect(summary).toHaveLength(4);
      for (const row of summary) {
        const s = summarize(trials.filter((t) => t.pointKey === row.point_key).map((t) => t.accuracy));
        expect(row).toMatchObject({ sweep_id: sweepId, sweep_name: 'views', n: 5, min: s.min, max: s.max });
        expect(row.mean as number).toBeCloseTo(s.mean, 12);
        expect(row.std as number).toBeCloseTo(s.std, 12);
      }
      expect(await store.readView('trial_results_view')).toHaveLength(20); // the other sweep has no trials yet
      await expect(store.readView('sweeps' as never)).rejects.toThrow(/unknown results view "sweeps"/);
    });

    it('failTask backs off exponentially, then fails for good after maxAttempts and fails the dependent shards', async () => {
      const { sweepId } = await store.insertPlan(buildTestPlan({ trainings: 1, pointsPerTraining: 1, trialsPerPoint: 2, shardSize: 1 }), { maxAttempts: 3 });
      // random() = 0.5 → delay = 0.75 · min(cap, base · 2^(attempt−1)) = 750 ms, then 1500 ms.
      const expectedDelays = [750, 1500];
      for (let attempt = 1; attempt <= 2; attempt++) {
        const [task] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
        expect(task.attempt).toBe(attempt);
        expect(await store.failTask({ taskId: task.taskId, workerId: 'w1', error: `boom ${attempt}`, retryable: true })).toBe('retry-scheduled');
        clock.t += expectedDelays[attempt - 1] - 1;
        expect(await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 })).toEqual([]);
        clock.t += 1;
      }
      const [last] = await store.claimTasks({ workerId: 'w1', max: 1, leaseMs: 60_000 });
      expect(last.attempt).toBe(3);
      expect(await store.failTask({ taskId: last.taskId, workerId: 'w1', error: 'boom 3', retryable: true })).toBe('failed');
      expect(await store.failTask({ taskId: last.taskId, workerId: 'w1', error: 'again', retryable: true })).toBe('lease-lost');
      const progress = await store.sweepProgress(sweepId);
      expect(progress).toMatchObject({ trainingDone: 0, shardsFailed: 2, done: true });
      expect(progress.failures[0]).toEqual({ taskId: last.taskId, kind: 'train', error: 'boom 3', attempts: 3 });
      expect(progress.failures.slice(1).map((f) => [f.kind, f.error])).toEqual([
        ['evaluate', `training task ${last.taskId} failed for good; this shard cannot run`],
        ['evaluate', `training task ${last.taskId} failed for good; this shard cannot run`],
      ]);
      expect((await store.findSweep(sweepId))?.status).toBe('failed');
    });

    it('a non-retryable failure, or a lease lapsing on the last attempt, fails the task at once', async () => {
      const { sweepId } = await store.insertPlan(buildTestPlan({ trainings: 2, pointsPerTraining: 0 }), { maxAttempts: 1 });
      const [a, b] = await store.claimTasks({ workerId: 'w1', max: 2, leaseMs: 1000 });
      expect(await store.failTask({ taskId: a.taskId, workerId: 'w1', error: 'bad config', retryable: false })).toBe('failed');
      clock.t += 1001;
      expect(await store.claimTasks({ workerId: 'w2', max: 2, leaseMs: 1000 })).toEqual([]);
      const { failures, done } = await store.sweepProgress(sweepId);
      expect(done).toBe(true);
      expect(failures).toEqual([
        { taskId: a.taskId, kind: 'train', error: 'bad config', attempts: 1 },
        { taskId: b.taskId, kind: 'train', error: 'lease of worker w1 expired on attempt 1 of 1', attempts: 1 },
      ]);
    });

    it('releaseTasks hands leases back without counting an attempt; only the holder may release', async () => {
      await store.insertPlan(buildTestPlan({ trainings: 2 }), { maxAttempts: 1 });
      const claimed = await store.claimTasks({ workerId: 'w1', max: 2, leaseMs: 60_000 });
      expect(await store.releaseTasks({ workerId: 'w2', taskIds: claimed.map((t) => t.taskId) })).toBe(0);
      expect(await store.releaseTasks({ workerId: 'w1', taskIds: claimed.map((t) => t.taskId) })).toBe(2);
      const again = await store.claimTasks({ workerId: 'w2', max: 2, leaseMs: 60_000 });
      expect(again.map((t) => [t.taskId, t.attempt])).toEqual(claimed.map((t) => [t.taskId, 1]));
    });
  });
}
