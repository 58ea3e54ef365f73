import { adaptiveDecision, type AdaptiveMonteCarlo } from '@memsweep/sweep';
import { Prisma, type Tx } from '../client.js';

/** The stopping rule of a compiled spec (canonical JSON, as stored in sweeps.spec_json), or null when not adaptive. */
export function adaptiveRuleOfSpec(specJson: string): AdaptiveMonteCarlo | null {
  const spec = JSON.parse(specJson) as { montecarlo?: { adaptive?: AdaptiveMonteCarlo } } | null;
  return spec?.montecarlo?.adaptive ?? null;
}

/** A sweep's stopping rule never changes (it is part of its spec): read once per sweep id. */
const rules = new Map<string, AdaptiveMonteCarlo | null>();

async function ruleOf(tx: Tx, sweepId: string): Promise<AdaptiveMonteCarlo | null> {
  if (!rules.has(sweepId)) {
    const [row] = await tx.$queryRaw<{ spec_json: string }[]>(Prisma.sql`SELECT spec_json FROM sweeps WHERE id = ${sweepId}`);
    rules.set(sweepId, row ? adaptiveRuleOfSpec(row.spec_json) : null);
  }
  return rules.get(sweepId)!;
}

/**
 * Adaptive Monte-Carlo (libs/sweep adaptive-montecarlo.ts), applied inside the transaction that stored new trials of
 * these points, so the decision and the trials commit together (a coordinator restart never sees one without the other).
 * Per point of an adaptive sweep: read its trials, take the complete prefix [0, P) in trial order, and ask the rule.
 * - stop at n: every shard from trial n on is 'cancelled' (held ones never run; a leased one's completion is then
 *   rejected as 'lease-lost'; one that finished early is cancelled too and its trials ≥ n are deleted), so exactly
 *   trials [0, n) are kept whatever order the shards finished in;
 * - continue: 'held' shards below the rule's frontier become 'pending' (claimable).
 * Points of non-adaptive sweeps are left alone (one cached lookup per sweep).
 */
export async function advanceAdaptivePoints(tx: Tx, points: ReadonlyArray<{ pointId: string; sweepId: string }>, nowMs: number): Promise<void> {
  const seen = new Set<string>();
  for (const { pointId, sweepId } of points) {
    if (seen.has(pointId)) continue;
    seen.add(pointId);
    const rule = await ruleOf(tx, sweepId);
    if (!rule) continue;
    const rows = await tx.$queryRaw<{ trial: number | bigint; correct: number | bigint; total: number | bigint }[]>(Prisma.sql`
      SELECT trial, correct, total FROM trial_results WHERE point_id = ${pointId} ORDER BY trial`);
    const prefix: number[] = [];
    for (const row of rows) {
      if (Number(row.trial) !== prefix.length) break;
      prefix.push(Number(row.correct) / Number(row.total));
    }
    const decision = adaptiveDecision(prefix, rule);
    const updatedAt = new Date(nowMs);
    if (decision.kind === 'stop') {
      await tx.$executeRaw(Prisma.sql`
        UPDATE tasks SET status = 'cancelled', locked_by = NULL, locked_until_ms = NULL, updated_at = ${updatedAt},
          last_error = ${`adaptive Monte-Carlo: the point stopped at ${decision.trials} trials`}
        WHERE point_id = ${pointId} AND trial_start >= ${decision.trials} AND status <> 'cancelled'`);
      await tx.$executeRaw(Prisma.sql`DELETE FROM trial_results WHERE point_id = ${pointId} AND trial >= ${decision.trials}`);
    } else {
      await tx.$executeRaw(Prisma.sql`
        UPDATE tasks SET status = 'pending', updated_at = ${updatedAt}
        WHERE point_id = ${pointId} AND status = 'held' AND trial_start < ${decision.releaseUpTo}`);
    }
  }
}
