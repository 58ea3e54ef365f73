/**
 * [K]'s fault pruning decision (SPEC §7.6): a connection whose estimated fault factor f̂ is below θ is unreliable and is
 * removed — pruned to w = 0 (variant 1) or frozen (variant 2) — at most a fixed share of the layer per step and never
 * below a minimum connectivity. Limits and order are those of the authors' `prune` (IGITUGraz/Fault-Pruning).
 */
import { assertNonNegative, assertProbability } from '../validate.js';

/**
 * What happens to an unreliable connection. 'prune': w = 0 (variant 1). 'freeze': keep its last weight, stop updating it
 * (variant 2). 'none': nothing is removed — plain in-the-loop training, the control [K] compares both variants with (the
 * authors' `--to-prune 0`).
 */
export type FaultPruningAction = 'prune' | 'freeze' | 'none';

/** Fault pruning parameters. Pure JSON data. */
export interface FaultPruningConfig {
  kind: 'fault-pruning';
  /** N: updates per device in the least-squares estimate. @default 10 */
  window: number;
  /** Updates with |ΔR^ideal| < significance·R are not recorded, dimensionless. @default 0.02 */
  significance: number;
  /** θ: a connection with f̂ < θ is unreliable, dimensionless. @default 0.1 */
  threshold: number;
  /** At most this share of the layer's connections (all of them, pruned or not) is removed per step. @default 0.2 */
  maxRemovedSharePerStep: number;
  /** Never leave fewer than this share of the layer's connections active (authors' `--min-connectivity`). @default 0.1 */
  minConnectivity: number;
  /** Variant 1 ('prune'), 2 ('freeze') or the control ('none'). @default 'prune' */
  action: FaultPruningAction;
}

export const DEFAULT_FAULT_PRUNING: Readonly<FaultPruningConfig> = Object.freeze({
  kind: 'fault-pruning',
  window: 10,
  significance: 0.02,
  threshold: 0.1,
  maxRemovedSharePerStep: 0.2,
  minConnectivity: 0.1,
  action: 'prune',
});

const KEYS = new Set(Object.keys(DEFAULT_FAULT_PRUNING));
const ACTIONS: readonly FaultPruningAction[] = ['prune', 'freeze', 'none'];

/** Throws a `RangeError` naming the field unless the config is valid and has no unknown keys. */
export function assertFaultPruningConfig(config: FaultPruningConfig): void {
  for (const key of Object.keys(config)) {
    if (!KEYS.has(key)) throw new RangeError(`fault-pruning config: unknown key ${JSON.stringify(key)} (valid keys: ${[...KEYS].join(', ')})`);
  }
  if (config.kind !== 'fault-pruning') throw new RangeError(`fault-pruning config: kind must be 'fault-pruning', got ${JSON.stringify(config.kind)}`);
  if (!(Number.isInteger(config.window) && config.window >= 1)) throw new RangeError(`fault-pruning config: window must be a positive integer, got ${config.window}`);
  assertNonNegative('significance', config.significance);
  if (!Number.isFinite(config.threshold)) throw new RangeError(`fault-pruning config: threshold must be finite, got ${config.threshold}`);
  assertProbability('maxRemovedSharePerStep', config.maxRemovedSharePerStep);
  assertProbability('minConnectivity', config.minConnectivity);
  if (!ACTIONS.includes(config.action)) throw new RangeError(`fault-pruning config: action must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(config.action)}`);
}

/** The result of one pruning step; the inputs are not mutated. */
export interface PruningStep {
  /** 1 = connection still active after this step. */
  active: Uint8Array;
  /** 1 = removed in this step. */
  removed: Uint8Array;
  /** Number removed in this step. */
  removedCount: number;
}

/**
 * One pruning step. Candidates are active connections with a finite f̂ < θ, visited in increasing f̂ (ties: lower index
 * first), so the most unreliable go first. A candidate is removed unless that would exceed ⌊maxRemovedSharePerStep·n⌋
 * removals this step or leave fewer than ⌈minConnectivity·n⌉ active connections (n = all connections of the layer).
 * Connections with f̂ ≥ θ, or NaN (not enough updates yet), are kept. With action 'none' nothing is removed.
 */
export function pruneUnreliable(estimates: Float64Array, active: Uint8Array, config: FaultPruningConfig): PruningStep {
  assertFaultPruningConfig(config);
  const total = active.length;
  if (estimates.length !== total) throw new RangeError(`pruneUnreliable: ${estimates.length} estimates for ${total} connections`);
  const maxRemovals = Math.floor(config.maxRemovedSharePerStep * total + 1e-9);
  const minActive = Math.ceil(config.minConnectivity * total - 1e-9);
  const candidates: number[] = [];
  let activeCount = 0;
  for (let i = 0; i < total; i++) {
    if (active[i] !== 1) continue;
    activeCount++;
    if (config.action !== 'none' && estimates[i] < config.threshold) candidates.push(i); // NaN < θ is false
  }
  candidates.sort((a, b) => estimates[a] - estimates[b] || a - b);
  const next = active.slice();
  const removed = new Uint8Array(total);
  let removedCount = 0;
  for (const i of candidates) {
    if (removedCount + 1 > maxRemovals || activeCount - 1 < minActive) break;
    next[i] = 0;
    removed[i] = 1;
    removedCount++;
    activeCount--;
  }
  return { active: next, removed, removedCount };
}
