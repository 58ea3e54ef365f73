import { createHash } from 'node:crypto';
import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { ArtifactInput, CompleteOutcome } from '../types.js';
import { refreshSweepStatus } from './sweep-status.js';

/**
 * Records a finished training: stores the model once by its hash, attaches it to the training run (which makes the run's
 * evaluation shards claimable) and marks the task done. Only the lease holder may complete (`locked_by = me AND status =
 * 'leased'`); the same worker re-sending a completion it already made gets 'completed' again and changes nothing.
 */
export async function completeTraining(
  ctx: StoreContext,
  options: { taskId: string; workerId: string; artifact: ArtifactInput; seconds: number },
): Promise<CompleteOutcome> {
  const { taskId, workerId, artifact, seconds } = options;
  const actual = createHash('sha256').update(artifact.bytes).digest('hex');
  if (artifact.hash !== actual) throw new StoreError(`completeTraining: artifact hash ${artifact.hash} is not the sha256 of its bytes (${actual})`);
  const now = ctx.now();
  return ctx.db.$transaction(
    async (tx) => {
      const task = await tx.task.findUnique({ where: { id: taskId }, select: { kind: true, status: true, lockedBy: true, sweepId: true, trainingRunId: true } });
      if (!task || task.lockedBy !== workerId) return 'lease-lost';
      if (task.kind !== 'train') throw new StoreError(`completeTraining: task ${taskId} is an '${task.kind}' task`);
      if (task.status === 'done') return 'completed';
      const { count } = await tx.task.updateMany({
        where: { id: taskId, lockedBy: workerId, status: 'leased' },
        data: { status: 'done', lockedUntilMs: null, updatedAt: new Date(now) },
      });
      if (count !== 1) return 'lease-lost';
      // Content-addressed: identical bytes (same config trained twice, or a retry) are stored once.
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO model_artifacts (hash, bytes, size_bytes, backend, meta_json, created_at)
        VALUES (${artifact.hash}, ${Buffer.from(artifact.bytes.buffer, artifact.bytes.byteOffset, artifact.bytes.byteLength)},
                ${artifact.bytes.byteLength}, ${artifact.backend}, ${JSON.stringify(artifact.meta ?? {})}, ${new Date(now)})
        ON CONFLICT (hash) DO NOTHING`);
      await tx.trainingRun.update({
        where: { id: task.trainingRunId },
        data: { artifactHash: artifact.hash, backend: artifact.backend, seconds, completedAt: new Date(now) },
      });
      await refreshSweepStatus(tx, [task.sweepId]);
      return 'completed';
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
