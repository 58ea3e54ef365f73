import { Prisma, type Tx } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { CompleteOutcome, TrialInput } from '../types.js';
import { refreshSweepStatus } from './sweep-status.js';

/** Rows per INSERT: 4 parameters each, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/**
 * Records a finished evaluation shard: one row per trial, then the task is done. The trials must cover the shard's
 * range [trialStart, trialEnd) exactly. Exactly-once is the database's job: UNIQUE (point_id, trial) with ON CONFLICT
 * DO NOTHING, so a re-sent trial never makes a second row and never errors. Only the lease holder may complete; the
 * same worker re-sending a completion it already made gets 'completed' again.
 */
export async function completeEvaluation(
  ctx: StoreContext,
  options: { taskId: string; workerId: string; trials: readonly TrialInput[] },
): Promise<CompleteOutcome> {
  const { taskId, workerId } = options;
  const now = ctx.now();
  return ctx.db.$transaction(
    async (tx) => {
      const task = await tx.task.findUnique({
        where: { id: taskId },
        select: { kind: true, status: true, lockedBy: true, sweepId: true, pointId: true, trialStart: true, trialEnd: true },
      });
      if (!task || task.lockedBy !== workerId) return 'lease-lost';
      if (task.kind !== 'evaluate' || task.pointId === null || task.trialStart === null || task.trialEnd === null) {
        throw new StoreError(`completeEvaluation: task ${taskId} is a '${task.kind}' task`);
      }
      if (task.status === 'done') return 'completed';
      const trials = checkTrials(taskId, options.trials, task.trialStart, task.trialEnd);
      const { count } = await tx.task.updateMany({
        where: { id: taskId, lockedBy: workerId, status: 'leased' },
        data: { status: 'done', lockedUntilMs: null, updatedAt: new Date(now) },
      });
      if (count !== 1) return 'lease-lost';
      await insertTrials(tx, task.pointId, trials);
      await refreshSweepStatus(tx, [task.sweepId]);
      return 'completed';
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** One place for the trial INSERT: idempotent by (point_id, trial). */
async function insertTrials(tx: Tx, pointId: string, trials: readonly TrialInput[]): Promise<void> {
  for (let i = 0; i < trials.length; i += CHUNK) {
    const rows = trials.slice(i, i + CHUNK).map((t) => Prisma.sql`(${pointId}, ${t.trial}, ${t.correct}, ${t.total})`);
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO trial_results (point_id, trial, correct, total) VALUES ${Prisma.join(rows)}
      ON CONFLICT (point_id, trial) DO NOTHING`);
  }
}

/** Validates the trials against the shard; a trial sent twice in one call is kept once. */
function checkTrials(taskId: string, trials: readonly TrialInput[], start: number, end: number): TrialInput[] {
  const byTrial = new Map<number, TrialInput>();
  for (const t of trials) {
    const where = `completeEvaluation: task ${taskId}, trial ${t.trial}`;
    if (!Number.isInteger(t.trial) || t.trial < start || t.trial >= end) throw new StoreError(`${where}: outside the shard's trials [${start}, ${end})`);
    if (!Number.isInteger(t.total) || t.total < 1) throw new StoreError(`${where}: total must be a whole number ≥ 1, got ${t.total}`);
    if (!Number.isInteger(t.correct) || t.correct < 0 || t.correct > t.total) throw new StoreError(`${where}: correct must be a whole number in [0, total], got ${t.correct}`);
    const seen = byTrial.get(t.trial);
    if (seen && (seen.correct !== t.correct || seen.total !== t.total)) throw new StoreError(`${where}: sent twice with different results`);
    byTrial.set(t.trial, { trial: t.trial, correct: t.correct, total: t.total });
  }
  if (byTrial.size !== end - start) {
    const missing: number[] = [];
    for (let trial = start; trial < end && missing.length < 5; trial++) if (!byTrial.has(trial)) missing.push(trial);
    throw new StoreError(`completeEvaluation: task ${taskId} must report every trial in [${start}, ${end}); missing ${missing.join(', ')}${byTrial.size + missing.length < end - start ? ', …' : ''}`);
  }
  return [...byTrial.values()].sort((a, b) => a.trial - b.trial);
}
