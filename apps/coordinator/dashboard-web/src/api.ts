/** The dashboard's JSON API (apps/coordinator/src/dashboard/dashboard-api.ts), as the page reads it. */

export interface SweepSummary {
  sweepId: string;
  name: string;
  status: 'running' | 'done' | 'failed';
  createdAt: string;
  trialsPerPoint: number;
}

export interface Failure {
  taskId: string;
  kind: 'train' | 'evaluate';
  error: string;
  attempts: number;
}

export interface Progress {
  sweepId: string;
  name: string;
  status: string;
  done: boolean;
  points: { total: number; done: number };
  trials: { total: number; done: number };
  shards: { total: number; done: number; failed: number };
  training: { total: number; done: number; executed: number };
  trialsPerSecond: number | null;
  etaSeconds: number | null;
  failures: Failure[];
}

export interface WorkerInfo {
  workerId: string;
  hostname: string;
  threads: number;
  version: string;
  state: 'active' | 'stale';
  lastSeenMsAgo: number;
}

export type Dimension = 'faultRate' | 'sigma' | 'crossbarSize' | 'width';
export interface Arm {
  label: string;
  method: string;
  dropConnectRate: number | null;
}
export interface CellSummary {
  n: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
}
export interface HeatmapCell extends CellSummary {
  faultRate: number;
  arm: string;
  method: string;
  dropConnectRate: number | null;
}
export interface Heatmap {
  dimensions: Record<Dimension, number[]>;
  arms: Arm[];
  selection: { sigma: number; crossbarSize: number; width: number };
  trialsStored: number;
  cells: HeatmapCell[];
}
export interface CurvePoint extends CellSummary {
  arm: string;
  x: number;
}
export interface Curves {
  x: 'sigma' | 'crossbarSize';
  dimensions: Record<Dimension, number[]>;
  arms: Arm[];
  points: CurvePoint[];
}
export interface PointDetail {
  arm: string;
  selection: Record<Dimension, number>;
  trialsPerPoint: number;
  points: Array<{ pointKey: string; seed: number; summary: CellSummary; trials: Array<{ trial: number; correct: number; total: number; accuracy: number }> }>;
}

/** GET a JSON endpoint; the server's error message on failure. */
export async function getJson<T>(path: string, params: Record<string, string | number | null | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) query.set(k, String(v));
  const text = query.toString();
  const response = await fetch(`api/${path}${text ? `?${text}` : ''}`, { signal, headers: { accept: 'application/json' } });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}
