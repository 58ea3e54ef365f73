import { Prisma, type DbOrTx } from '../client.js';
import { afterPermanentFailure } from './fail-permanently.js';

/**
 * Returns lapsed leases (status 'leased', lockedUntilMs < now) to 'pending'. A task whose lapsed lease was its last
 * allowed attempt fails for good instead: a task that kills its worker every time must not circulate forever.
 */
export async function expireLeases(db: DbOrTx, nowMs: number): Promise<number> {
  const rows = await db.$queryRaw<{ id: string; sweep_id: string; kind: string; training_run_id: string; status: string }[]>(Prisma.sql`
    UPDATE tasks SET
      status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
      last_error = CASE WHEN attempts >= max_attempts
        THEN 'lease of worker ' || locked_by || ' expired on attempt ' || attempts || ' of ' || max_attempts
        ELSE last_error END,
      locked_by = NULL,
      locked_until_ms = NULL,
      updated_at = ${new Date(nowMs)}
    WHERE status = 'leased' AND locked_until_ms < ${BigInt(nowMs)}
    RETURNING id, sweep_id, kind, training_run_id, status`);
  const failed = rows.filter((r) => r.status === 'failed').map((r) => ({ id: r.id, sweepId: r.sweep_id, kind: r.kind, trainingRunId: r.training_run_id }));
  if (failed.length > 0) await afterPermanentFailure(db, failed, nowMs);
  return rows.length;
}

/** Whether some lease lapsed before `nowMs` (one indexed probe: tasks(status, locked_until_ms)). */
export async function hasLapsedLeases(db: DbOrTx, nowMs: number): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM tasks WHERE status = 'leased' AND locked_until_ms < ${BigInt(nowMs)} LIMIT 1`);
  return rows.length > 0;
}
