import type { DeploymentConfig, TrainingConfig } from '@memsweep/sweep';
import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { ClaimTasksOptions, LeasedTask, TaskKind } from '../types.js';
import { expireLeases, hasLapsedLeases } from './expire-leases.js';

/**
 * Leases up to `max` ready tasks to a worker. First returns lapsed leases to 'pending'. Ready: pending, runAfterMs ≤ now,
 * and for 'evaluate' the training run's model exists. Order: training before evaluation, older sweeps first, then plan
 * order (training order; point index, then trialStart). Claiming sets lockedBy/lockedUntilMs and counts an attempt.
 *
 * Race-free: the claim is one UPDATE statement. On PostgreSQL its SELECT … FOR UPDATE SKIP LOCKED lets concurrent
 * claimers pass each other's rows; SQLite has one writer at a time. Lapsed leases are expired (in a transaction of their
 * own, with their consequences) just before, and only when an indexed probe finds some.
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

  // Lapsed leases are rare: a cheap indexed probe spares the common claim a transaction of its own.
  if (await hasLapsedLeases(ctx.db, now)) await ctx.db.$transaction((tx) => expireLeases(tx, now));
  // The claim itself is ONE statement (atomic on both databases).
  const claimed =
    ctx.dialect === 'postgresql'
      ? await ctx.db.$queryRaw<{ id: string }[]>(Prisma.sql`
          WITH ready AS (${ready} FOR UPDATE OF t SKIP LOCKED)
          UPDATE tasks SET ${set} FROM ready WHERE tasks.id = ready.id
          RETURNING tasks.id`)
      : await ctx.db.$queryRaw<{ id: string }[]>(Prisma.sql`UPDATE tasks SET ${set} WHERE id IN (${ready}) RETURNING id`);
  if (claimed.length === 0) return [];

  // One query for everything the worker needs (Prisma's include would issue one per relation).
  const rows: ClaimedRow[] = [];
  for (let i = 0; i < claimed.length; i += ID_CHUNK) {
    rows.push(...(await ctx.db.$queryRaw<ClaimedRow[]>(Prisma.sql`
      SELECT t.id, t.sweep_id, t.kind, t.attempts, t.locked_until_ms, t.trial_start, t.trial_end, t.priority, t.created_at, t.seq,
             s.seed, r.training_key, r.config_json, r.artifact_hash, p.point_key, p.deployment_json
      FROM tasks t JOIN sweeps s ON s.id = t.sweep_id JOIN training_runs r ON r.id = t.training_run_id LEFT JOIN points p ON p.id = t.point_id
      WHERE t.id IN (${Prisma.join(claimed.slice(i, i + ID_CHUNK).map((c) => c.id))})`)));
  }
  rows.sort((a, b) => Number(a.priority) - Number(b.priority) || new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || Number(a.seq) - Number(b.seq));
  // Configs repeat across a batch (one training, few deployments): parse each text once.
  const parsed = new Map<string, unknown>();
  const parse = <T>(text: string): T => {
    if (!parsed.has(text)) parsed.set(text, JSON.parse(text));
    return parsed.get(text) as T;
  };
  return rows.map((row) => ({
    taskId: row.id,
    sweepId: row.sweep_id,
    kind: row.kind as TaskKind,
    attempt: Number(row.attempts),
    leaseExpiresAtMs: Number(row.locked_until_ms),
    sweepSeed: Number(row.seed),
    trainingKey: row.training_key,
    trainingConfig: parse<TrainingConfig>(row.config_json),
    artifactHash: row.kind === 'evaluate' ? row.artifact_hash : null,
    pointKey: row.point_key ?? null,
    deployment: row.deployment_json === null ? null : parse<DeploymentConfig>(row.deployment_json),
    trialStart: row.trial_start === null ? null : Number(row.trial_start),
    trialEnd: row.trial_end === null ? null : Number(row.trial_end),
  }));
}

/** Ids per IN (…) list: well under the drivers' parameter limits. */
const ID_CHUNK = 500;

interface ClaimedRow {
  id: string;
  sweep_id: string;
  kind: string;
  attempts: number | bigint;
  locked_until_ms: number | bigint;
  trial_start: number | bigint | null;
  trial_end: number | bigint | null;
  priority: number | bigint;
  created_at: Date | string;
  seq: number | bigint;
  seed: number | bigint;
  training_key: string;
  config_json: string;
  artifact_hash: string | null;
  point_key: string | null;
  deployment_json: string | null;
}
