import type { StoreContext } from '../context.js';

/**
 * A draining worker hands leases back: they return to 'pending' at once and the attempt is not counted (the worker did
 * not fail; it is leaving). Only the holder may release. Returns how many were released.
 */
export async function releaseTasks(ctx: StoreContext, options: { workerId: string; taskIds: readonly string[] }): Promise<number> {
  if (options.taskIds.length === 0) return 0;
  const { count } = await ctx.db.task.updateMany({
    where: { id: { in: [...options.taskIds] }, lockedBy: options.workerId, status: 'leased' },
    data: { status: 'pending', lockedBy: null, lockedUntilMs: null, attempts: { decrement: 1 }, updatedAt: new Date(ctx.now()) },
  });
  return count;
}
