import { Prisma, type DbOrTx } from '../client.js';
import { refreshSweepStatus } from './sweep-status.js';

export interface FailedTask {
  id: string;
  sweepId: string;
  kind: string;
  trainingRunId: string;
}

/**
 * Consequences of tasks that failed for good: a training that will never produce its model fails the evaluation shards
 * waiting for it (otherwise they would stay pending forever and the sweep would never finish); then sweep statuses.
 */
export async function afterPermanentFailure(db: DbOrTx, failed: readonly FailedTask[], nowMs: number): Promise<void> {
  for (const task of failed) {
    if (task.kind !== 'train') {
      // Adaptive: a point whose shard failed for good has no complete prefix beyond it; its held shards can never run.
      await db.$executeRaw(Prisma.sql`
        UPDATE tasks SET status = 'cancelled', last_error = ${`shard ${task.id} of this point failed for good`}, updated_at = ${new Date(nowMs)}
        WHERE status = 'held' AND point_id = (SELECT point_id FROM tasks WHERE id = ${task.id})`);
      continue;
    }
    await db.task.updateMany({
      where: { trainingRunId: task.trainingRunId, kind: 'evaluate', status: { in: ['pending', 'held'] } },
      data: { status: 'failed', lastError: `training task ${task.id} failed for good; this shard cannot run`, updatedAt: new Date(nowMs) },
    });
  }
  await refreshSweepStatus(
    db,
    failed.map((t) => t.sweepId),
  );
}
