import type { StoreContext } from '../context.js';
import { retryDelayMs } from '../context.js';
import type { FailOutcome } from '../types.js';
import { afterPermanentFailure } from './fail-permanently.js';

/** Longest lastError kept; a worker's stack trace beyond this is noise. */
const MAX_ERROR_CHARS = 10_000;

/**
 * A worker reports that its attempt failed. Retryable and attempts left: back to 'pending' with runAfterMs pushed by an
 * exponential backoff (capped, jittered). Otherwise 'failed' for good, lastError kept (a failed training also fails the
 * shards waiting for its model). Only the lease holder may fail a task.
 */
export async function failTask(ctx: StoreContext, options: { taskId: string; workerId: string; error: string; retryable: boolean }): Promise<FailOutcome> {
  const { taskId, workerId, retryable } = options;
  const error = options.error.length > MAX_ERROR_CHARS ? `${options.error.slice(0, MAX_ERROR_CHARS)}…` : options.error;
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({ where: { id: taskId, lockedBy: workerId, status: 'leased' } });
    if (!task) return 'lease-lost';
    const final = !retryable || task.attempts >= task.maxAttempts;
    const data = final
      ? { status: 'failed', lastError: error, lockedBy: null, lockedUntilMs: null, updatedAt: new Date(now) }
      : {
          status: 'pending',
          lastError: error,
          lockedBy: null,
          lockedUntilMs: null,
          runAfterMs: BigInt(now + retryDelayMs(task.attempts, ctx.backoff, ctx.random)),
          updatedAt: new Date(now),
        };
    const { count } = await tx.task.updateMany({ where: { id: taskId, lockedBy: workerId, status: 'leased' }, data });
    if (count !== 1) return 'lease-lost';
    if (!final) return 'retry-scheduled';
    await afterPermanentFailure(tx, [task], now);
    return 'failed';
  });
}
