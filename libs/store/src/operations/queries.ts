import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { StoredArtifact, SweepProgress, SweepRecord, SweepStatus, TaskKind, TrialResultRow } from '../types.js';

/** Read-only queries: lookups, progress and results. */

const SWEEP_SELECT = {
  id: true,
  name: true,
  specHash: true,
  specJson: true,
  specYaml: true,
  seed: true,
  trialsPerPoint: true,
  status: true,
  createdAt: true,
} as const;

/** By id; else the newest sweep with that name; else null. */
export async function findSweep(ctx: StoreContext, idOrName: string): Promise<SweepRecord | null> {
  const byId = await ctx.db.sweep.findUnique({ where: { id: idOrName }, select: SWEEP_SELECT });
  if (byId) return asSweep(byId);
  const byName = await ctx.db.sweep.findFirst({ where: { name: idOrName }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: SWEEP_SELECT });
  return byName ? asSweep(byName) : null;
}

/** Every sweep, newest first. */
export async function listSweeps(ctx: StoreContext): Promise<SweepRecord[]> {
  const rows = await ctx.db.sweep.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: SWEEP_SELECT });
  return rows.map(asSweep);
}

function asSweep(row: Omit<SweepRecord, 'status'> & { status: string }): SweepRecord {
  return { ...row, status: row.status as SweepStatus };
}

export async function getArtifact(ctx: StoreContext, hash: string): Promise<StoredArtifact | null> {
  const row = await ctx.db.modelArtifact.findUnique({ where: { hash } });
  if (!row) return null;
  return { hash: row.hash, bytes: row.bytes, sizeBytes: row.sizeBytes, backend: row.backend, meta: JSON.parse(row.metaJson) as Record<string, unknown>, createdAt: row.createdAt };
}

/** Whether any sweep still has a task pending, leased or held (or only this sweep, when given). */
export async function hasUnfinishedWork(ctx: StoreContext, sweepId?: string): Promise<boolean> {
  const task = await ctx.db.task.findFirst({ where: { status: { in: ['pending', 'leased', 'held'] }, ...(sweepId ? { sweepId } : {}) }, select: { id: true } });
  return task !== null;
}

export async function sweepProgress(ctx: StoreContext, sweepId: string): Promise<SweepProgress> {
  const sweep = await ctx.db.sweep.findUnique({ where: { id: sweepId }, select: { id: true } });
  if (!sweep) throw new StoreError(`no sweep with id ${sweepId}`);
  const [counts, trialSpan, trialsDone, failed, pointsTotal, pointsUnfinished] = await Promise.all([
    ctx.db.task.groupBy({ by: ['kind', 'status'], where: { sweepId }, _count: { _all: true } }),
    ctx.db.task.aggregate({ where: { sweepId, kind: 'evaluate', status: { not: 'cancelled' } }, _sum: { trialStart: true, trialEnd: true } }),
    ctx.db.trialResult.count({ where: { point: { sweepId } } }),
    ctx.db.task.findMany({ where: { sweepId, status: 'failed' }, orderBy: [{ priority: 'asc' }, { seq: 'asc' }], select: { id: true, kind: true, lastError: true, attempts: true } }),
    ctx.db.point.count({ where: { sweepId } }),
    ctx.db.point.count({ where: { sweepId, tasks: { some: { status: { in: ['pending', 'leased', 'held', 'failed'] } } } } }),
  ]);
  const count = (kind: TaskKind, status?: string) =>
    counts.filter((c) => c.kind === kind && (status === undefined || c.status === status)).reduce((sum, c) => sum + c._count._all, 0);
  const unfinished = counts.filter((c) => c.status === 'pending' || c.status === 'leased' || c.status === 'held').reduce((sum, c) => sum + c._count._all, 0);
  return {
    trainingTotal: count('train'),
    trainingDone: count('train', 'done'),
    // Adaptive sweeps: shards cancelled by the stopping rule are not counted, so the totals shrink as points stop.
    shardsTotal: count('evaluate') - count('evaluate', 'cancelled'),
    shardsDone: count('evaluate', 'done'),
    shardsFailed: count('evaluate', 'failed'),
    trialsTotal: (trialSpan._sum.trialEnd ?? 0) - (trialSpan._sum.trialStart ?? 0),
    trialsDone,
    pointsTotal,
    pointsDone: pointsTotal - pointsUnfinished,
    failures: failed.map((t) => ({ taskId: t.id, kind: t.kind as TaskKind, error: t.lastError ?? '', attempts: t.attempts })),
    done: unfinished === 0,
  };
}

/** Training runs of the sweep that were actually trained (each at most once: only the lease holder completes). */
export async function trainingRunsExecuted(ctx: StoreContext, sweepId: string): Promise<number> {
  return ctx.db.trainingRun.count({ where: { sweepId, completedAt: { not: null } } });
}

interface TrialSqlRow {
  pointKey: string;
  method: string;
  faultRate: number;
  dropConnectRate: number | null;
  sigma: number;
  crossbarSize: number | bigint;
  width: number;
  seed: number | bigint;
  trial: number | bigint;
  correct: number | bigint;
  total: number | bigint;
}

/** Every stored trial of the sweep with its point's coordinates, in point order then trial order. */
export async function trialResults(ctx: StoreContext, sweepId: string): Promise<TrialResultRow[]> {
  const rows = await ctx.db.$queryRaw<TrialSqlRow[]>(Prisma.sql`
    SELECT p.point_key AS "pointKey", p.method AS "method", p.fault_rate AS "faultRate",
           p.drop_connect_rate AS "dropConnectRate", p.sigma AS "sigma", p.crossbar_size AS "crossbarSize",
           p.width AS "width", p.seed AS "seed", r.trial AS "trial", r.correct AS "correct", r.total AS "total"
    FROM trial_results r JOIN points p ON p.id = r.point_id
    WHERE p.sweep_id = ${sweepId}
    ORDER BY p.point_index, r.trial`);
  return rows.map((r) => {
    const correct = Number(r.correct);
    const total = Number(r.total);
    return {
      pointKey: r.pointKey,
      method: r.method,
      faultRate: Number(r.faultRate),
      dropConnectRate: r.dropConnectRate === null ? null : Number(r.dropConnectRate),
      sigma: Number(r.sigma),
      crossbarSize: Number(r.crossbarSize),
      width: Number(r.width),
      seed: Number(r.seed),
      trial: Number(r.trial),
      correct,
      total,
      accuracy: correct / total,
    };
  });
}
