/**
 * Fault pruning [K] (SPEC §7.6): in-the-loop training on the crossbar library's device model. Every weight is one
 * device (resistance mapping, SPEC §2.3). Each step the optimizer proposes new weights; the device is asked for the
 * resistance change that would realize them, ΔR^ideal, and does ΔR = f·ΔR^ideal + η (`applyUpdate`); the weight the
 * network then sees is read back from the new resistance. Per device the last N = 10 significant (ΔR^ideal, ΔR) pairs give
 * f̂ = Σ ΔR^ideal·ΔR / Σ (ΔR^ideal)² (`recordUpdates`, `estimateFaultFactors`), and every `pruneEvery` steps connections with
 * f̂ < θ = 0.1 are removed (`pruneUnreliable`): 'prune' sets the connection's weight to 0 (disconnected, no further
 * updates), 'freeze' keeps its current weight and stops updating it.
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
  type DeviceFaultConfig,
  type DeviceFaults,
  type FaultEstimatorState,
  type FaultPruningConfig,
  type PruningStep,
  type ResistanceMapping,
  type ResistanceWindow,
  type UpdateNoiseConfig,
} from '@memsweep/crossbar';

/**
 * Parameters of `fault-pruning` training [K]. Plain JSON data.
 *
 * Step size matters: an update is only recorded for f̂ when |ΔR^ideal| ≥ significance·R (2 % by default, the authors'
 * value). With the default window and weightRange, an Adam step of 0.003 in weight units is ≈ 0.3 % of R, so nothing is
 * ever estimated or pruned; measured on 2,000 MNIST digits, 784-64-10 ReLU, 3 epochs, [K]'s 30 % stuck + 30 %
 * discordant devices and 1 % switching noise: learningRate 0.03 → test accuracy 0.646 without pruning, 0.754 'prune',
 * 0.777 'freeze' (≈ 6 % of connections removed); learningRate 0.003 with significance 0 → 0.526 / 0.738 / 0.85 (≈ 76 %
 * removed: the noise then dominates small steps and also removes some concordant devices).
 */
export interface FaultPruningParams {
  /** Per-device fault factor laws (stuck / discordant / concordant shares). @default DEFAULT_DEVICE_FAULTS (all concordant, f ~ N(1, 0.5) clipped) */
  devices: DeviceFaultConfig;
  /** Switching / read noise η of every update. @default NO_UPDATE_NOISE */
  noise: UpdateNoiseConfig;
  /** N, θ, significance, per-step limits and the variant ('prune' | 'freeze'). @default DEFAULT_FAULT_PRUNING (N = 10, θ = 0.1) */
  pruning: FaultPruningConfig;
  /** Device resistance window (Ω). [K]'s slides give none; @default the TiO₂ window of [C], 40 kΩ – 600 kΩ, symmetric */
  window: ResistanceWindow;
  /** Weights in [−weightRange, +weightRange] fill the window; larger ones are clipped at its ends. @default 1 */
  weightRange: number;
  /** Training steps (batches) between pruning steps. @default 10 */
  pruneEvery: number;
}

export const FAULT_PRUNING_DEFAULTS: Readonly<FaultPruningParams> = Object.freeze({
  devices: DEFAULT_DEVICE_FAULTS,
  noise: NO_UPDATE_NOISE,
  pruning: DEFAULT_FAULT_PRUNING,
  window: Object.freeze({ kind: 'resistance-window', rMin: 40e3, rMax: 600e3, range: 'symmetric' }) as ResistanceWindow,
  weightRange: 1,
  pruneEvery: 10,
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
    faults: drawDeviceFaults(n, params.devices, Rng.of('train', seed, 'in-the-loop', 'devices', layer)),
    estimator: createFaultEstimator(n, params.pruning.window),
    active: new Uint8Array(n).fill(1),
    removedCount: 0,
  };
}

/** The weights the network uses: read from each device; 0 where pruned (variant 'prune'). */
export function inTheLoopWeights(state: InTheLoopLayer, action: FaultPruningConfig['action']): Float32Array {
  const out = new Float32Array(state.resistance.length);
  for (let i = 0; i < out.length; i++) out[i] = action === 'prune' && state.active[i] === 0 ? 0 : resistanceToWeight(state.resistance[i], state.mapping);
  return out;
}

/**
 * One programming step: for every active connection the device is asked for the change to `requested[i]` (the
 * optimizer's proposal, clipped into the window), the faulty device does ΔR = f·ΔR^ideal + η, and the pair is recorded
 * for f̂. Inactive connections get no pulse. Returns the number of recorded (significant) updates.
 */
export function inTheLoopUpdate(state: InTheLoopLayer, requested: ArrayLike<number>, params: FaultPruningParams, rng: Rng): number {
  const { mapping, resistance, active } = state;
  const n = resistance.length;
  const ideal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (active[i] === 0) continue;
    ideal[i] = clamp(weightToResistance(requested[i], mapping), mapping.rMin, mapping.rMax) - resistance[i];
  }
  const observed = applyUpdate(resistance, ideal, state.faults.factors, params.noise, rng);
  const before = resistance.slice();
  // What a read-back sees: the change after the window's saturation.
  const realized = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    resistance[i] = clamp(resistance[i] + observed[i], mapping.rMin, mapping.rMax);
    realized[i] = resistance[i] - before[i];
  }
  return recordUpdates(state.estimator, before, ideal, realized, params.pruning.significance);
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
