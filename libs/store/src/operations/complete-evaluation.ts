import { Prisma, type Tx } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { CompleteOutcome, EvaluationResultInput, TrialInput } from '../types.js';
import { advanceAdaptivePoints } from './adaptive-points.js';
import { refreshSweepStatus } from './sweep-status.js';

/** Rows per INSERT: 4 parameters each, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;
/** Task ids per IN (…) list, for the same reason. */
const ID_CHUNK = 500;

interface ShardRow {
  id: string;
  kind: string;
  status: string;
  locked_by: string | null;
  sweep_id: string;
  point_id: string | null;
  trial_start: number | null;
  trial_end: number | null;
}

/**
 * Records finished evaluation shards of one worker — any number, all in ONE transaction (one commit, one fsync): one row
 * per trial, then each task is done. Returns one outcome per result, in the order given. Each result's trials must cover
 * its shard's range [trialStart, trialEnd) exactly (a malformed result throws and nothing of the batch is stored).
 *
 * Exactly-once is the database's job: UNIQUE (point_id, trial) with ON CONFLICT DO NOTHING, so a re-sent trial never
 * makes a second row and never errors. Only the lease holder may complete (else 'lease-lost': the lease lapsed and was
 * re-claimed, or was released); the same worker re-sending a completion it already made gets 'completed' again, so a
 * batch retried after a lost answer is harmless. A task listed twice in one batch counts once.
 */
export async function completeEvaluations(ctx: StoreContext, options: { workerId: string; results: readonly EvaluationResultInput[] }): Promise<CompleteOutcome[]> {
  const { workerId, results } = options;
  if (results.length === 0) return [];
  const now = ctx.now();
  return ctx.db.$transaction(
    async (tx) => {
      const ids = [...new Set(results.map((r) => r.taskId))];
      const shards = new Map<string, ShardRow>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await tx.$queryRaw<ShardRow[]>(Prisma.sql`
          SELECT id, kind, status, locked_by, sweep_id, point_id, trial_start, trial_end FROM tasks
          WHERE id IN (${Prisma.join(ids.slice(i, i + ID_CHUNK))})`);
        for (const row of rows) shards.set(row.id, row);
      }
      const outcomes = new Map<string, CompleteOutcome>();
      const toFinish: { shard: ShardRow; trials: TrialInput[] }[] = [];
      for (const result of results) {
        if (outcomes.has(result.taskId)) continue;
        const shard = shards.get(result.taskId);
        if (!shard || shard.locked_by !== workerId) {
          outcomes.set(result.taskId, 'lease-lost');
          continue;
        }
        if (shard.kind !== 'evaluate' || shard.point_id === null || shard.trial_start === null || shard.trial_end === null) {
          throw new StoreError(`completeEvaluation: task ${result.taskId} is a '${shard.kind}' task`);
        }
        const trials = checkTrials(result.taskId, result.trials, Number(shard.trial_start), Number(shard.trial_end));
        if (shard.status === 'done') outcomes.set(result.taskId, 'completed');
        else if (shard.status !== 'leased') outcomes.set(result.taskId, 'lease-lost');
        else toFinish.push({ shard, trials });
      }
      const finished = new Set<string>();
      for (let i = 0; i < toFinish.length; i += ID_CHUNK) {
        const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
          UPDATE tasks SET status = 'done', locked_until_ms = NULL, updated_at = ${new Date(now)}
          WHERE status = 'leased' AND locked_by = ${workerId} AND id IN (${Prisma.join(toFinish.slice(i, i + ID_CHUNK).map((f) => f.shard.id))})
          RETURNING id`);
        for (const row of rows) finished.add(row.id);
      }
      const rows: { pointId: string; trial: TrialInput }[] = [];
      for (const { shard, trials } of toFinish) {
        const won = finished.has(shard.id);
        outcomes.set(shard.id, won ? 'completed' : 'lease-lost');
        if (won) for (const trial of trials) rows.push({ pointId: shard.point_id!, trial });
      }
      await insertTrials(tx, rows);
      const done = toFinish.filter((f) => finished.has(f.shard.id)).map((f) => ({ pointId: f.shard.point_id!, sweepId: f.shard.sweep_id }));
      await advanceAdaptivePoints(tx, done, now);
      await refreshSweepStatus(tx, done.map((d) => d.sweepId));
      return results.map((r) => outcomes.get(r.taskId)!);
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** One finished shard: {@link completeEvaluations} with a batch of one. */
export async function completeEvaluation(ctx: StoreContext, options: { taskId: string; workerId: string; trials: readonly TrialInput[] }): Promise<CompleteOutcome> {
  const [outcome] = await completeEvaluations(ctx, { workerId: options.workerId, results: [{ taskId: options.taskId, trials: options.trials }] });
  return outcome;
}

/** One place for the trial INSERT: idempotent by (point_id, trial); many points per statement. */
async function insertTrials(tx: Tx, rows: readonly { pointId: string; trial: TrialInput }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map(({ pointId, trial: t }) => Prisma.sql`(${pointId}, ${t.trial}, ${t.correct}, ${t.total})`);
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO trial_results (point_id, trial, correct, total) VALUES ${Prisma.join(values)}
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
