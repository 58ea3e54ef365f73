import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';

/** Heartbeat lists are chunked so that no statement exceeds the drivers' parameter limits. */
const CHUNK = 500;

/**
 * Heartbeat: pushes the leases the worker still holds to now + leaseMs and returns their ids. A lease that lapsed but
 * was not re-claimed yet is still held (nobody else has it). Ids not returned are lost: the worker must abandon them.
 */
export async function extendLeases(ctx: StoreContext, options: { workerId: string; taskIds: readonly string[]; leaseMs: number }): Promise<string[]> {
  const { workerId, taskIds, leaseMs } = options;
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new StoreError(`extendLeases: leaseMs must be > 0, got ${leaseMs}`);
  const now = ctx.now();
  const held: string[] = [];
  for (let i = 0; i < taskIds.length; i += CHUNK) {
    const ids = taskIds.slice(i, i + CHUNK);
    const rows = await ctx.db.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE tasks SET locked_until_ms = ${BigInt(Math.round(now + leaseMs))}, updated_at = ${new Date(now)}
      WHERE status = 'leased' AND locked_by = ${workerId} AND id IN (${Prisma.join(ids)})
      RETURNING id`);
    held.push(...rows.map((r) => r.id));
  }
  const order = new Map(taskIds.map((id, i) => [id, i]));
  return held.sort((a, b) => order.get(a)! - order.get(b)!);
}
