/**
 * Fault pruning [K] (SPEC §7.6): in-the-loop training on the crossbar library's device model. Every weight is one
 * device (resistance mapping, SPEC §2.3). Each step the optimizer proposes new weights; the device is asked for the
 * resistance change that would realize them, ΔR^ideal. As in the authors' code (IGITUGraz/Fault-Pruning,
 * `update_memristive_vars`), only SIGNIFICANT requests, |ΔR^ideal| ≥ significance·R, are programmed: the device does
 * ΔR = f·ΔR^ideal + η (`applyUpdate`) and the network's weight becomes the value read back from the new resistance; a
 * smaller request sends no pulse and the network keeps the optimizer's high-precision weight, so small steps accumulate
 * until they are worth a pulse (with significance 0 every request is programmed). Per device the last N = 10 programmed
 * (ΔR^ideal, ΔR) pairs give f̂ = Σ ΔR^ideal·ΔR / Σ (ΔR^ideal)² (`recordUpdates`, `estimateFaultFactors`), and every
 * `pruneEvery` steps connections with f̂ < θ = 0.1 are removed (`pruneUnreliable`): 'prune' sets the connection's weight to
 * 0 (disconnected, no further updates), 'freeze' keeps its current weight and stops updating it, 'none' (the control:
 * plain in-the-loop training) removes nothing. The trained model is what the devices hold (`inTheLoopDeviceWeights`):
 * requests still pending below the threshold at the end are dropped (each is < significance·R; the authors instead force
 * them as ±significance/2 pulses in the last step).
 *
 * The device faults are the training chip's: drawn once from ('train', seed, 'in-the-loop', 'devices', layer); the update
 * noise of step t from one stream ('train', seed, 'in-the-loop', 'update', t), layer after layer. Biases are digital (not on
 * devices) and trained with plain Adam.
 */
import {
  applyUpdate,
  assertDeviceFaultConfig,
  assertFaultPruningConfig,
  assertResistanceWindow,
  createFaultEstimator,
  DEFAULT_DEVICE_FAULTS,
  DEFAULT_FAULT_PRUNING,
  drawDeviceFaults,
  estimateFaultFactors,
  fitResistanceMapping,
  NO_UPDATE_NOISE,
  pruneUnreliable,
  recordUpdates,
  resistanceToWeight,
  Rng,
  weightToResistance,
  type DeviceFaults,
  type FaultEstimatorState,
  type FaultPruningConfig,
  type PruningStep,
  type ResistanceMapping,
  type ResistanceWindow,
} from '@memsweep/crossbar';
import type { FaultPruningParams } from '@memsweep/methods';

export type { FaultPruningParams };

export const FAULT_PRUNING_DEFAULTS: Readonly<FaultPruningParams> = Object.freeze({
  devices: DEFAULT_DEVICE_FAULTS,
  noise: NO_UPDATE_NOISE,
  pruning: DEFAULT_FAULT_PRUNING,
  window: Object.freeze({ kind: 'resistance-window', rMin: 6843.97, rMax: 14109.06, range: 'symmetric' }) as ResistanceWindow,
  weightRange: 0.5,
  pruneEvery: 1,
});

/** Throws a `RangeError` naming the field. */
export function assertFaultPruningParams(params: FaultPruningParams): void {
  assertDeviceFaultConfig(params.devices);
  assertFaultPruningConfig(params.pruning);
  assertResistanceWindow(params.window);
  if (!(params.weightRange > 0 && Number.isFinite(params.weightRange))) throw new RangeError(`weightRange must be a positive finite number, got ${params.weightRange}`);
  if (!(Number.isInteger(params.pruneEvery) && params.pruneEvery >= 1)) throw new RangeError(`pruneEvery must be a positive integer, got ${params.pruneEvery}`);
  if (!(params.noise.switchingNoiseLevel >= 0 && params.noise.readNoiseLevel >= 0)) throw new RangeError('noise levels must be ≥ 0');
}

/** One layer's devices during in-the-loop training. Mutated in place by `inTheLoopUpdate` and `inTheLoopPrune`. */
export interface InTheLoopLayer {
  mapping: ResistanceMapping;
  /** Current resistance per weight (Ω). */
  resistance: Float64Array;
  faults: DeviceFaults;
  estimator: FaultEstimatorState;
  /** The network's weights: the read-back value where the device was programmed, else the optimizer's pending value. */
  weights: Float32Array;
  /** 1 = connection still trained; 0 = removed (pruned or frozen). */
  active: Uint8Array;
  /** Connections removed so far. */
  removedCount: number;
}

/** Programs the initial weights (exactly: the first write is assumed verified) and draws the devices' faults. */
export function createInTheLoopLayer(initialWeights: Float32Array, params: FaultPruningParams, seed: number, layer: number): InTheLoopLayer {
  const mapping = fitResistanceMapping([-params.weightRange, params.weightRange], params.window);
  const n = initialWeights.length;
  const resistance = new Float64Array(n);
  for (let i = 0; i < n; i++) resistance[i] = clamp(weightToResistance(initialWeights[i], mapping), mapping.rMin, mapping.rMax);
  return {
    mapping,
    resistance,
    weights: Float32Array.from(resistance, (r) => resistanceToWeight(r, mapping)),
    faults: drawDeviceFaults(n, params.devices, Rng.of('train', seed, 'in-the-loop', 'devices', layer)),
    estimator: createFaultEstimator(n, params.pruning.window),
    active: new Uint8Array(n).fill(1),
    removedCount: 0,
  };
}

/** The weights the network trains with (`state.weights`); 0 where pruned (variant 'prune'). */
export function inTheLoopWeights(state: InTheLoopLayer, action: FaultPruningConfig['action']): Float32Array {
  const out = state.weights.slice();
  if (action === 'prune') for (let i = 0; i < out.length; i++) if (state.active[i] === 0) out[i] = 0;
  return out;
}

/** The weights the devices hold (read back from each resistance); 0 where pruned (variant 'prune'). The trained model. */
export function inTheLoopDeviceWeights(state: InTheLoopLayer, action: FaultPruningConfig['action']): Float32Array {
  const out = new Float32Array(state.resistance.length);
  for (let i = 0; i < out.length; i++) out[i] = action === 'prune' && state.active[i] === 0 ? 0 : resistanceToWeight(state.resistance[i], state.mapping);
  return out;
}

/**
 * One programming step: every active connection whose request — the change to `requested[i]` (the optimizer's
 * proposal, clipped into the window) — is significant, |ΔR^ideal| ≥ significance·R, gets a pulse: the faulty device does
 * ΔR = f·ΔR^ideal + η, the pair is recorded for f̂ and the network's weight becomes the read-back value. An active
 * connection with a smaller request gets no pulse and keeps `requested[i]` as its network weight (clipped to
 * ±weightRange). Inactive connections get neither. Returns the number of programmed (= recorded) devices.
 */
export function inTheLoopUpdate(state: InTheLoopLayer, requested: ArrayLike<number>, params: FaultPruningParams, rng: Rng): number {
  const { mapping, resistance, active, weights } = state;
  const { significance } = params.pruning;
  const n = resistance.length;
  const ideal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (active[i] === 0) continue;
    const change = clamp(weightToResistance(requested[i], mapping), mapping.rMin, mapping.rMax) - resistance[i];
    if (change !== 0 && Math.abs(change) >= significance * resistance[i]) ideal[i] = change;
    else weights[i] = clamp(requested[i], -params.weightRange, params.weightRange);
  }
  const observed = applyUpdate(resistance, ideal, state.faults.factors, params.noise, rng);
  const before = resistance.slice();
  // What a read-back sees: the change after the window's saturation.
  const realized = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (ideal[i] === 0) continue;
    resistance[i] = clamp(resistance[i] + observed[i], mapping.rMin, mapping.rMax);
    realized[i] = resistance[i] - before[i];
    weights[i] = resistanceToWeight(resistance[i], mapping);
  }
  return recordUpdates(state.estimator, before, ideal, realized, significance);
}

/** One pruning step on f̂ (NaN until a device has N recorded updates); updates `active` in place. */
export function inTheLoopPrune(state: InTheLoopLayer, config: FaultPruningConfig): PruningStep {
  const step = pruneUnreliable(estimateFaultFactors(state.estimator), state.active, config);
  state.active.set(step.active);
  state.removedCount += step.removedCount;
  return step;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
