import type { Store, SweepRecord, TrialResultRow } from '@memsweep/store';
import type { WorkerRegistry } from '../worker-registry.js';
import {
  armLabel,
  curvePoints,
  heatmapCells,
  pointSummariesFromView,
  pointTrials,
  sweepShape,
  type PointSummary,
  type Selection,
  type SweepShape,
} from './dashboard-data.js';
import { HttpError } from './http-error.js';
import { clip, oneOf, readParams } from './query-params.js';
import { etaSeconds, ThroughputMeter } from './throughput.js';

/** Sweep names are letters, digits, . _ -; ids are UUIDs. Anything else cannot name a sweep. */
const SWEEP_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Sweeps whose trials stay cached (the page watches one or two at a time). */
const CACHED_SWEEPS = 4;

type Json = Record<string, unknown>;

/**
 * The dashboard's read-only JSON API over the store and the worker registry. Every answer is computed from the database
 * on request. Charts come from the per-point summaries the database computes (`point_summary_view`), re-read only when
 * the sweep's stored trial count moved; single trials are read only for a drill-down.
 */
export class DashboardApi {
  private readonly meter = new ThroughputMeter();
  private readonly trials = new Map<string, { count: number; rows: TrialResultRow[] }>();
  private readonly summaries = new Map<string, { count: number; rows: PointSummary[] }>();

  constructor(
    private readonly store: Store,
    private readonly registry: WorkerRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers GET `path` (below /api/) with `search`, or throws HttpError. */
  async handle(path: string, search: URLSearchParams): Promise<Json> {
    const parts = path.split('/');
    if (parts.length === 1 && parts[0] === 'sweeps') return this.sweeps(search);
    if (parts.length === 1 && parts[0] === 'workers') return this.workers(search);
    if (parts.length === 3 && parts[0] === 'sweeps') {
      const view = parts[2];
      if (view === 'progress') return this.progress(await this.sweep(parts[1]), search);
      if (view === 'heatmap') return this.heatmap(await this.sweep(parts[1]), search);
      if (view === 'curves') return this.curves(await this.sweep(parts[1]), search);
      if (view === 'point') return this.point(await this.sweep(parts[1]), search);
    }
    throw new HttpError(404, `no such endpoint: /api/${clip(path)}`);
  }

  private async sweep(ref: string): Promise<SweepRecord> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(ref);
    } catch {
      throw new HttpError(400, 'malformed sweep id');
    }
    if (!SWEEP_REF.test(decoded)) throw new HttpError(400, 'a sweep is named by its id or name (letters, digits, . _ -)');
    const sweep = await this.store.findSweep(decoded);
    if (!sweep) throw new HttpError(404, `no sweep with id or name "${decoded}"`);
    return sweep;
  }

  private async sweeps(search: URLSearchParams): Promise<Json> {
    readParams(search, {});
    const sweeps = await this.store.listSweeps();
    return { sweeps: sweeps.map((s) => ({ sweepId: s.id, name: s.name, status: s.status, createdAt: s.createdAt.toISOString(), trialsPerPoint: s.trialsPerPoint })) };
  }

  private workers(search: URLSearchParams): Json {
    readParams(search, {});
    const now = this.now();
    return {
      workers: this.registry
        .list()
        .map((w) => ({ workerId: w.workerId, hostname: w.hostname, threads: w.threads, version: w.version, state: w.state, lastSeenMsAgo: Math.max(0, now - w.lastSeen) }))
        .sort((a, b) => a.hostname.localeCompare(b.hostname) || a.workerId.localeCompare(b.workerId)),
    };
  }

  /** The sweep's stored trials (for a drill-down), re-read only when the stored count moved. */
  private async rows(sweep: SweepRecord): Promise<TrialResultRow[]> {
    return cached(this.trials, sweep.id, (await this.store.sweepProgress(sweep.id)).trialsDone, async () => {
      const rows = await this.store.trialResults(sweep.id);
      return { count: rows.length, rows };
    });
  }

  /** The sweep's per-point summaries, re-read only when the stored count moved. */
  private async points(sweep: SweepRecord, trialsDone?: number): Promise<PointSummary[]> {
    const count = trialsDone ?? (await this.store.sweepProgress(sweep.id)).trialsDone;
    return cached(this.summaries, sweep.id, count, async () => {
      const rows = pointSummariesFromView(await this.store.readView('point_summary_view', { sweepId: sweep.id }));
      return { count: rows.reduce((sum, r) => sum + r.n, 0), rows };
    });
  }

  private async progress(sweep: SweepRecord, search: URLSearchParams): Promise<Json> {
    readParams(search, {});
    const [p, trainingExecuted] = await Promise.all([this.store.sweepProgress(sweep.id), this.store.trainingRunsExecuted(sweep.id)]);
    const rate = this.meter.observe(sweep.id, p.trialsDone, this.now());
    return {
      sweepId: sweep.id,
      name: sweep.name,
      status: sweep.status,
      createdAt: sweep.createdAt.toISOString(),
      done: p.done,
      points: { total: p.pointsTotal, done: p.pointsDone },
      trials: { total: p.trialsTotal, done: p.trialsDone },
      shards: { total: p.shardsTotal, done: p.shardsDone, failed: p.shardsFailed },
      training: { total: p.trainingTotal, done: p.trainingDone, executed: trainingExecuted },
      trialsPerSecond: p.done ? null : rate,
      etaSeconds: p.done ? 0 : etaSeconds(p.trialsTotal - p.trialsDone, rate),
      failures: p.failures.map((f) => ({ taskId: f.taskId, kind: f.kind, error: f.error, attempts: f.attempts })),
    };
  }

  private async heatmap(sweep: SweepRecord, search: URLSearchParams): Promise<Json> {
    const params = readParams(search, { sigma: 'number', crossbarSize: 'number', width: 'number' });
    const rows = await this.points(sweep);
    const shape = sweepShape(sweep, rows);
    const selection = {
      sigma: oneOf('sigma', params.sigma as number | undefined, shape.dimensions.sigma),
      crossbarSize: oneOf('crossbarSize', params.crossbarSize as number | undefined, shape.dimensions.crossbarSize),
      width: oneOf('width', params.width as number | undefined, shape.dimensions.width),
    };
    return { sweepId: sweep.id, ...describeShape(shape), selection, trialsStored: stored(rows), cells: heatmapCells(rows, selection) };
  }

  private async curves(sweep: SweepRecord, search: URLSearchParams): Promise<Json> {
    const params = readParams(search, { x: 'string', faultRate: 'number', sigma: 'number', crossbarSize: 'number', width: 'number' });
    const x = params.x ?? 'sigma';
    if (x !== 'sigma' && x !== 'crossbarSize') throw new HttpError(400, `parameter "x" must be sigma or crossbarSize, not "${clip(String(x))}"`);
    if (params[x] !== undefined) throw new HttpError(400, `parameter "${x}" is the curve's x axis and cannot be fixed`);
    const rows = await this.points(sweep);
    const shape = sweepShape(sweep, rows);
    const selection: Partial<Selection> = {
      faultRate: oneOf('faultRate', params.faultRate as number | undefined, shape.dimensions.faultRate),
      width: oneOf('width', params.width as number | undefined, shape.dimensions.width),
    };
    const other = x === 'sigma' ? 'crossbarSize' : 'sigma';
    selection[other] = oneOf(other, params[other] as number | undefined, shape.dimensions[other]);
    return { sweepId: sweep.id, ...describeShape(shape), x, selection, trialsStored: stored(rows), points: curvePoints(rows, x, selection) };
  }

  private async point(sweep: SweepRecord, search: URLSearchParams): Promise<Json> {
    const params = readParams(search, { faultRate: 'number', sigma: 'number', crossbarSize: 'number', width: 'number', method: 'string', dropConnectRate: 'string' });
    const shape = sweepShape(sweep, await this.points(sweep));
    if (params.method === undefined || params.faultRate === undefined) throw new HttpError(400, 'parameters "method" and "faultRate" are required');
    if (!shape.methods.includes(params.method as string)) throw new HttpError(400, `method "${clip(String(params.method))}" is not in this sweep (${shape.methods.join(', ')})`);
    const rateText = params.dropConnectRate as string | undefined;
    let dropConnectRate: number | null = null;
    if (rateText !== undefined && rateText !== 'none') {
      dropConnectRate = Number(rateText);
      if (!Number.isFinite(dropConnectRate)) throw new HttpError(400, `parameter "dropConnectRate" must be a number or none, not "${clip(rateText)}"`);
    }
    const selection: Selection = {
      faultRate: oneOf('faultRate', params.faultRate as number, shape.dimensions.faultRate),
      sigma: oneOf('sigma', params.sigma as number | undefined, shape.dimensions.sigma),
      crossbarSize: oneOf('crossbarSize', params.crossbarSize as number | undefined, shape.dimensions.crossbarSize),
      width: oneOf('width', params.width as number | undefined, shape.dimensions.width),
    };
    const arm = { method: params.method as string, dropConnectRate };
    const points = pointTrials(await this.rows(sweep), selection, arm);
    return { sweepId: sweep.id, arm: armLabel(arm), ...arm, selection, trialsPerPoint: sweep.trialsPerPoint, points };
  }
}

/** A per-sweep cache entry, kept while the sweep's stored trial count stays `count`; the newest CACHED_SWEEPS sweeps. */
async function cached<T>(cache: Map<string, { count: number; rows: T[] }>, sweepId: string, count: number, load: () => Promise<{ count: number; rows: T[] }>): Promise<T[]> {
  const hit = cache.get(sweepId);
  if (hit && hit.count === count) return hit.rows;
  const fresh = await load();
  cache.delete(sweepId);
  cache.set(sweepId, fresh);
  while (cache.size > CACHED_SWEEPS) cache.delete(cache.keys().next().value!);
  return fresh.rows;
}

const stored = (rows: readonly PointSummary[]) => rows.reduce((sum, r) => sum + r.n, 0);

function describeShape(shape: SweepShape): Json {
  return { dimensions: shape.dimensions, arms: shape.arms };
}
