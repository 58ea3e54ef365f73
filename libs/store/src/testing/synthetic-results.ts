import { createHash } from 'node:crypto';
import type { PlannedPoint, SweepPlan } from '@memsweep/sweep';
import type { Store } from '../store.js';
import type { TrialInput } from '../types.js';

/** A fabricated trial outcome: `correct` of `total` test images. */
export type SyntheticOutcome = Omit<TrialInput, 'trial'>;

/**
 * TEST DATA ONLY. Runs every task of a stored sweep to completion with fabricated results, through the store's public
 * API exactly as a worker would (claim, complete training with a placeholder "model", complete each shard): training
 * "artifacts" are the bytes `synthetic model <trainingKey>`, and each trial's counts come from `outcome`. For specs of
 * query, comparison and plotting code that need stored results without training anything. Returns the trials stored.
 */
export async function completeWithSyntheticTrials(
  store: Store,
  plan: SweepPlan,
  sweepId: string,
  outcome: (point: PlannedPoint, trial: number) => SyntheticOutcome,
): Promise<number> {
  const points = new Map(plan.points.map((p) => [p.key, p]));
  const workerId = 'synthetic-results';
  let stored = 0;
  for (;;) {
    const tasks = await store.claimTasks({ workerId, max: 500, leaseMs: 600_000, sweepId });
    if (tasks.length === 0) return stored;
    for (const task of tasks) {
      if (task.kind === 'train') {
        const bytes = new TextEncoder().encode(`synthetic model ${task.trainingKey}`);
        const hash = createHash('sha256').update(bytes).digest('hex');
        await store.completeTraining({ taskId: task.taskId, workerId, artifact: { hash, bytes, backend: 'synthetic', meta: { synthetic: true } }, seconds: 0 });
        continue;
      }
      const point = points.get(task.pointKey!);
      if (!point) throw new Error(`completeWithSyntheticTrials: point ${task.pointKey} is not in the plan given`);
      const trials: TrialInput[] = [];
      for (let trial = task.trialStart!; trial < task.trialEnd!; trial++) trials.push({ trial, ...outcome(point, trial) });
      await store.completeEvaluation({ taskId: task.taskId, workerId, trials });
      stored += trials.length;
    }
  }
}
