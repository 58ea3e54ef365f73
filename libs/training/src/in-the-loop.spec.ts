import { DEFAULT_DEVICE_FAULTS, DEFAULT_FAULT_PRUNING, NO_UPDATE_NOISE, resistanceToWeight, Rng } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import { createInTheLoopLayer, FAULT_PRUNING_DEFAULTS, inTheLoopDeviceWeights, inTheLoopPrune, inTheLoopUpdate, inTheLoopWeights, type FaultPruningParams } from './in-the-loop.js';

/** Ideal devices (f = 1 exactly, no noise) on the authors' window, weights in ±0.5, 2 % significance. */
const ideal: FaultPruningParams = { ...FAULT_PRUNING_DEFAULTS, devices: { ...DEFAULT_DEVICE_FAULTS, concordantStd: 0 }, noise: NO_UPDATE_NOISE };

describe('in-the-loop programming [K]: only significant requests are programmed (the authors\' update_memristive_vars)', () => {
  it('a small request sends no pulse and stays pending in the network weight; accumulated requests are programmed once ≥ 2 % of R', () => {
    const state = createInTheLoopLayer(Float32Array.of(0, 0), ideal, 1, 0);
    const r0 = state.resistance[0];
    // dR/dw at w = 0 is −R²/α; 0.005 in weight is ≈ 0.35 % of R here, well below 2 %.
    expect(inTheLoopUpdate(state, Float32Array.of(0.005, 0.2), ideal, Rng.of('spec', 'u', 1))).toBe(1);
    expect(state.resistance[0]).toBe(r0); // no pulse
    expect(state.weights[0]).toBeCloseTo(0.005, 7); // the optimizer's value is kept
    expect(state.weights[1]).toBeCloseTo(0.2, 5); // programmed and read back (f = 1: exactly the request)
    expect(state.estimator.recorded[0]).toBe(0);
    expect(state.estimator.recorded[1]).toBe(1);
    // Keep pushing device 0 by small steps: the request is measured from the device's resistance, so it grows.
    let programmedAt = -1;
    for (let step = 2; step <= 20 && programmedAt < 0; step++) {
      inTheLoopUpdate(state, Float32Array.of(0.005 * step, 0.2), ideal, Rng.of('spec', 'u', step));
      if (state.resistance[0] !== r0) programmedAt = step;
    }
    expect(programmedAt).toBeGreaterThan(2);
    expect(Math.abs(state.resistance[0] - r0)).toBeGreaterThanOrEqual(0.02 * r0 * (1 - 1e-12));
    expect(state.weights[0]).toBeCloseTo(resistanceToWeight(state.resistance[0], state.mapping), 6);
    expect(state.estimator.recorded[0]).toBe(1);
  });

  it('with significance 0 every non-zero request is programmed', () => {
    const params = { ...ideal, pruning: { ...DEFAULT_FAULT_PRUNING, significance: 0 } };
    const state = createInTheLoopLayer(Float32Array.of(0), params, 1, 0);
    expect(inTheLoopUpdate(state, Float32Array.of(0.001), params, Rng.of('spec', 'u0'))).toBe(1);
    expect(inTheLoopDeviceWeights(state, 'prune')[0]).toBeCloseTo(0.001, 6);
  });

  it('the model is what the devices hold: pending requests are not on the chip, pruned connections read 0', () => {
    const params: FaultPruningParams = {
      ...ideal,
      devices: { ...DEFAULT_DEVICE_FAULTS, stuckShare: 1 }, // every device stuck: f̂ = 0 < θ once N updates are recorded
      pruning: { ...DEFAULT_FAULT_PRUNING, window: 2, maxRemovedSharePerStep: 1, minConnectivity: 0 },
    };
    const state = createInTheLoopLayer(Float32Array.of(0, 0), params, 3, 0);
    const start = inTheLoopDeviceWeights(state, 'prune');
    inTheLoopUpdate(state, Float32Array.of(0.3, 0.001), params, Rng.of('spec', 'p', 1));
    inTheLoopUpdate(state, Float32Array.of(0.3, 0.002), params, Rng.of('spec', 'p', 2));
    expect(Array.from(inTheLoopWeights(state, 'prune'))).toEqual([start[0], Math.fround(0.002)]); // stuck: reads back its old value; device 1 pending
    expect(Array.from(inTheLoopDeviceWeights(state, 'prune'))).toEqual(Array.from(start));
    const none = structuredClone(state);
    expect(inTheLoopPrune(none, { ...params.pruning, action: 'none' }).removedCount).toBe(0); // the control removes nothing
    expect(inTheLoopPrune(state, params.pruning).removedCount).toBe(1); // device 0 (2 recorded updates, f̂ = 0); device 1 never programmed
    expect(Array.from(inTheLoopDeviceWeights(state, 'prune'))).toEqual([0, start[1]]);
    expect(Array.from(inTheLoopWeights(state, 'freeze'))).toEqual([start[0], Math.fround(0.002)]);
  });
});
