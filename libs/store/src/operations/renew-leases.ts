import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';

/**
 * A coordinator that starts (or restarts) gives every lease one full lease length from now: while no coordinator ran,
 * no heartbeat could arrive, so a lapsed lease says nothing about its worker. Without this, the first claim after a
 * restart longer than a lease would take back every task of the live workers — an attempt counted against each, and
 * results already computed (held by their workers until acknowledged) rejected and computed again. A worker that really
 * died loses its leases one lease length later. Returns how many leases were renewed.
 */
export async function renewLeases(ctx: StoreContext, options: { leaseMs: number }): Promise<number> {
  const { leaseMs } = options;
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new StoreError(`renewLeases: leaseMs must be > 0, got ${leaseMs}`);
  const now = ctx.now();
  const until = BigInt(Math.round(now + leaseMs));
  return ctx.db.$executeRaw(Prisma.sql`
    UPDATE tasks SET locked_until_ms = ${until}, updated_at = ${new Date(now)}
    WHERE status = 'leased' AND locked_until_ms < ${until}`);
}
