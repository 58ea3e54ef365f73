import type { DeploymentConfig, TrainingConfig } from '@memsweep/sweep';
import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { ClaimTasksOptions, LeasedTask, TaskKind } from '../types.js';
import { expireLeases } from './expire-leases.js';

/**
 * Leases up to `max` ready tasks to a worker. First returns lapsed leases to 'pending'. Ready: pending, runAfterMs ≤ now,
 * and for 'evaluate' the training run's model exists. Order: training before evaluation, older sweeps first, then plan
 * order (training order; point index, then trialStart). Claiming sets lockedBy/lockedUntilMs and counts an attempt.
 *
 * Race-free: PostgreSQL claims with one statement whose SELECT … FOR UPDATE SKIP LOCKED lets concurrent claimers pass
 * each other's rows; SQLite runs the expiry and the claim in one write transaction (one writer at a time).
 */
export async function claimTasks(ctx: StoreContext, options: ClaimTasksOptions): Promise<LeasedTask[]> {
  const { workerId, max, leaseMs, sweepId } = options;
  if (!workerId) throw new StoreError('claimTasks: workerId is required');
  if (!Number.isInteger(max) || max < 1) throw new StoreError(`claimTasks: max must be a whole number ≥ 1, got ${max}`);
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new StoreError(`claimTasks: leaseMs must be > 0, got ${leaseMs}`);
  const now = ctx.now();
  const set = Prisma.sql`status = 'leased', locked_by = ${workerId}, locked_until_ms = ${BigInt(Math.round(now + leaseMs))},
    attempts = attempts + 1, updated_at = ${new Date(now)}`;
  const ready = Prisma.sql`
    SELECT t.id FROM tasks t JOIN training_runs r ON r.id = t.training_run_id
    WHERE t.status = 'pending' AND t.run_after_ms <= ${BigInt(now)} AND t.attempts < t.max_attempts
      AND (t.kind = 'train' OR r.artifact_hash IS NOT NULL)
      ${sweepId ? Prisma.sql`AND t.sweep_id = ${sweepId}` : Prisma.empty}
    ORDER BY t.priority, t.created_at, t.seq
    LIMIT ${max}`;

  let claimed: { id: string }[];
  if (ctx.dialect === 'postgresql') {
    await ctx.db.$transaction((tx) => expireLeases(tx, now));
    claimed = await ctx.db.$queryRaw<{ id: string }[]>(Prisma.sql`
      WITH ready AS (${ready} FOR UPDATE OF t SKIP LOCKED)
      UPDATE tasks SET ${set} FROM ready WHERE tasks.id = ready.id
      RETURNING tasks.id`);
  } else {
    claimed = await ctx.db.$transaction(async (tx) => {
      await expireLeases(tx, now);
      return tx.$queryRaw<{ id: string }[]>(Prisma.sql`UPDATE tasks SET ${set} WHERE id IN (${ready}) RETURNING id`);
    });
  }
  if (claimed.length === 0) return [];

  const tasks = await ctx.db.task.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: {
      sweep: { select: { seed: true } },
      trainingRun: { select: { key: true, configJson: true, artifactHash: true } },
      point: { select: { key: true, deploymentJson: true } },
    },
    orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }, { seq: 'asc' }],
  });
  return tasks.map((task) => ({
    taskId: task.id,
    sweepId: task.sweepId,
    kind: task.kind as TaskKind,
    attempt: task.attempts,
    leaseExpiresAtMs: Number(task.lockedUntilMs),
    sweepSeed: task.sweep.seed,
    trainingKey: task.trainingRun.key,
    trainingConfig: JSON.parse(task.trainingRun.configJson) as TrainingConfig,
    artifactHash: task.kind === 'evaluate' ? task.trainingRun.artifactHash : null,
    pointKey: task.point?.key ?? null,
    deployment: task.point ? (JSON.parse(task.point.deploymentJson) as DeploymentConfig) : null,
    trialStart: task.trialStart,
    trialEnd: task.trialEnd,
  }));
}
