import { Prisma, type DbOrTx } from '../client.js';

/**
 * Recomputes sweeps.status from its tasks: 'running' while any task is pending, leased or held (adaptive), then 'failed' if some task
 * failed for good, else 'done'. Called after every transition that can finish a task.
 */
export async function refreshSweepStatus(db: DbOrTx, sweepIds: Iterable<string>): Promise<void> {
  for (const sweepId of new Set(sweepIds)) {
    await db.$executeRaw(Prisma.sql`
      UPDATE sweeps SET status = CASE
        WHEN EXISTS (SELECT 1 FROM tasks WHERE sweep_id = ${sweepId} AND status IN ('pending', 'leased', 'held')) THEN 'running'
        WHEN EXISTS (SELECT 1 FROM tasks WHERE sweep_id = ${sweepId} AND status = 'failed') THEN 'failed'
        ELSE 'done' END
      WHERE id = ${sweepId}`);
  }
}
