/**
 * [K]'s on-the-fly fault estimate (SPEC §7.6): per device, the least-squares slope through the origin of the last N
 * (requested, observed) resistance changes, f̂ᵢ = Σ ΔRᵢ^ideal·ΔRᵢ / Σ (ΔRᵢ^ideal)². Each device keeps its own ring buffer.
 */

/**
 * The ring buffers of a layer's devices. Plain typed arrays; `recordUpdates` writes into them in place (copying
 * 2·N·devices doubles per training step would cost more than the step).
 */
export interface FaultEstimatorState {
  devices: number;
  /** N: updates kept per device. */
  window: number;
  /** ΔR^ideal history, device i's slots at `i·window … i·window + window − 1`. */
  idealHistory: Float64Array;
  /** Observed ΔR history, same layout. */
  observedHistory: Float64Array;
  /** Updates recorded so far per device, saturating at `window`. */
  recorded: Uint32Array;
  /** Next slot to overwrite per device (the oldest once full). */
  nextSlot: Uint32Array;
}

/** Empty ring buffers for `devices` devices. @param window N [K]: @default 10 */
export function createFaultEstimator(devices: number, window = 10): FaultEstimatorState {
  if (!(Number.isInteger(devices) && devices >= 0)) throw new RangeError(`devices must be a non-negative integer, got ${devices}`);
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a positive integer, got ${window}`);
  return {
    devices,
    window,
    idealHistory: new Float64Array(devices * window),
    observedHistory: new Float64Array(devices * window),
    recorded: new Uint32Array(devices),
    nextSlot: new Uint32Array(devices),
  };
}

/**
 * Records one step's (requested, observed) changes IN PLACE. A device's pair is kept only when its update is
 * significant, |ΔR^ideal| ≥ significance·R (R its resistance before the update), as the authors' code does: small
 * changes are dominated by noise and would bias f̂ toward 0. Returns the number of devices recorded.
 * @param significance relative threshold, dimensionless. [K]'s code: @default 0.02
 */
export function recordUpdates(
  state: FaultEstimatorState,
  resistanceBefore: Float64Array,
  idealDelta: Float64Array,
  observedDelta: Float64Array,
  significance = 0.02,
): number {
  const { devices, window } = state;
  if (resistanceBefore.length !== devices || idealDelta.length !== devices || observedDelta.length !== devices) {
    throw new RangeError(`recordUpdates: expected arrays of ${devices} devices`);
  }
  let count = 0;
  for (let i = 0; i < devices; i++) {
    const ideal = idealDelta[i];
    if (ideal === 0 || Math.abs(ideal) < significance * resistanceBefore[i]) continue;
    const slot = i * window + state.nextSlot[i];
    state.idealHistory[slot] = ideal;
    state.observedHistory[slot] = observedDelta[i];
    state.nextSlot[i] = (state.nextSlot[i] + 1) % window;
    if (state.recorded[i] < window) state.recorded[i]++;
    count++;
  }
  return count;
}

/**
 * f̂ per device from its ring buffer; NaN for a device with fewer than `minRecorded` updates (the authors estimate only
 * once the window is full) or no non-zero request.
 * @param minRecorded @default state.window
 */
export function estimateFaultFactors(state: FaultEstimatorState, minRecorded = state.window): Float64Array {
  const { devices, window, idealHistory, observedHistory, recorded } = state;
  const estimates = new Float64Array(devices);
  for (let i = 0; i < devices; i++) {
    if (recorded[i] < minRecorded || recorded[i] === 0) {
      estimates[i] = NaN;
      continue;
    }
    let cross = 0;
    let square = 0;
    for (let k = i * window, end = k + recorded[i]; k < end; k++) {
      cross += idealHistory[k] * observedHistory[k];
      square += idealHistory[k] * idealHistory[k];
    }
    estimates[i] = square > 0 ? cross / square : NaN;
  }
  return estimates;
}
