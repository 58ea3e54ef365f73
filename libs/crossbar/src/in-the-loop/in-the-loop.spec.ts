import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { normalCdf, normalPdf } from '../stats/normal.js';
import { DEFAULT_DEVICE_FAULTS, DeviceKind, drawDeviceFaults, IDEAL_DEVICES, KRAISNIKOVIC_DEVICE_FAULTS } from './device-faults.js';
import { createFaultEstimator, estimateFaultFactors, recordUpdates } from './fault-estimator.js';
import { DEFAULT_FAULT_PRUNING, pruneUnreliable } from './fault-pruning.js';
import { applyUpdate, KRAISNIKOVIC_UPDATE_NOISE, NO_UPDATE_NOISE } from './update.js';

/** E[clip(X, a, b)] for X ~ N(μ, σ²). */
function clippedNormalMean(mean: number, std: number, min: number, max: number): number {
  const alpha = (min - mean) / std;
  const beta = (max - mean) / std;
  return min * normalCdf(alpha) + max * (1 - normalCdf(beta)) + mean * (normalCdf(beta) - normalCdf(alpha)) + std * (normalPdf(alpha) - normalPdf(beta));
}

describe('[K] fault factors (SPEC §7.6)', () => {
  it('draws stuck / discordant / concordant shares, clipping ranges and clipped means as configured', () => {
    const devices = 200_000;
    const { factors, kinds } = drawDeviceFaults(devices, KRAISNIKOVIC_DEVICE_FAULTS, Rng.of('spec', 'k', 'factors'));
    const groups = { [DeviceKind.stuck]: [] as number[], [DeviceKind.discordant]: [] as number[], [DeviceKind.concordant]: [] as number[] };
    for (let i = 0; i < devices; i++) groups[kinds[i] as DeviceKind].push(factors[i]);
    const share = (n: number, p: number) => Math.abs(n / devices - p) < 4.5 * Math.sqrt((p * (1 - p)) / devices);
    expect(share(groups[DeviceKind.stuck].length, 0.3)).toBe(true);
    expect(share(groups[DeviceKind.discordant].length, 0.3)).toBe(true);
    expect(share(groups[DeviceKind.concordant].length, 0.4)).toBe(true);
    expect(groups[DeviceKind.stuck].every((f) => f === 0)).toBe(true);
    const check = (values: number[], mean: number, min: number, max: number) => {
      expect(Math.min(...values)).toBe(min); // the clip is reached (P ≈ Φ(−1.8) ≈ 3.6 % at the inner bound)
      expect(Math.max(...values)).toBe(max);
      const n = values.length;
      const sampleMean = values.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - sampleMean) ** 2, 0) / (n - 1));
      const expected = clippedNormalMean(mean, 0.5, min, max);
      expect(Math.abs(sampleMean - expected)).toBeLessThan(4.5 * (sd / Math.sqrt(n)));
      const atInner = values.filter((f) => f === (mean > 0 ? min : max)).length / n;
      expect(Math.abs(atInner - normalCdf(-1.8))).toBeLessThan(4.5 * Math.sqrt((normalCdf(-1.8) * (1 - normalCdf(-1.8))) / n));
    };
    check(groups[DeviceKind.concordant], 1, 0.1, 2);
    check(groups[DeviceKind.discordant], -1, -2, -0.1);
  });

  it('ideal devices have f = 1 and apply the ideal change bit for bit; the default is all concordant', () => {
    const ideal = drawDeviceFaults(1000, IDEAL_DEVICES, Rng.of('spec', 'k', 'ideal'));
    expect(ideal.factors.every((f) => f === 1)).toBe(true);
    const resistance = new Float64Array(1000).fill(1e4);
    const request = Float64Array.from({ length: 1000 }, (_, i) => (i % 7) * 37.5 - 100);
    expect(applyUpdate(resistance, request, ideal.factors, NO_UPDATE_NOISE, Rng.of('spec', 'k', 'u'))).toEqual(request);
    const all = drawDeviceFaults(1000, DEFAULT_DEVICE_FAULTS, Rng.of('spec', 'k', 'default'));
    expect(all.kinds.every((k) => k === DeviceKind.concordant)).toBe(true);
    expect(() => drawDeviceFaults(1, { ...DEFAULT_DEVICE_FAULTS, stuckshare: 0.1 } as never, Rng.of('x'))).toThrow(/unknown key/);
  });

  it('switching noise stays within ±ν·R and devices without a request do not move', () => {
    const n = 20_000;
    const resistance = new Float64Array(n).fill(1e4);
    const request = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : 500));
    const factors = new Float64Array(n).fill(1);
    const delta = applyUpdate(resistance, request, factors, KRAISNIKOVIC_UPDATE_NOISE, Rng.of('spec', 'k', 'noise'));
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) expect(delta[i]).toBe(0);
      else {
        const eta = delta[i] - 500;
        expect(Math.abs(eta)).toBeLessThanOrEqual(100 + 1e-9);
        sum += eta;
        squares += eta * eta;
      }
    }
    const sd = Math.sqrt(squares / (n / 2));
    expect(Math.abs(sum / (n / 2))).toBeLessThan(4.5 * (sd / Math.sqrt(n / 2)));
    expect(sd).toBeGreaterThan(30); // σ = ν·R/3 = 33.3 (slightly less after clipping at 3σ)
    expect(sd).toBeLessThan(33.4);
  });
});

describe('[K] fault estimation and pruning', () => {
  const devices = 2000;
  const resistance = new Float64Array(devices).fill(1e4);

  function train(steps: number, noise = NO_UPDATE_NOISE, config = KRAISNIKOVIC_DEVICE_FAULTS) {
    const faults = drawDeviceFaults(devices, config, Rng.of('spec', 'k', 'train-faults'));
    const state = createFaultEstimator(devices, 10);
    const requests = Rng.of('spec', 'k', 'requests');
    const updates = Rng.of('spec', 'k', 'updates');
    for (let step = 0; step < steps; step++) {
      // requests of 2–10 % of R, random sign: all significant
      const request = Float64Array.from({ length: devices }, () => (requests.uniform() < 0.5 ? -1 : 1) * (200 + 800 * requests.uniform()));
      const observed = applyUpdate(resistance, request, faults.factors, noise, updates);
      recordUpdates(state, resistance, request, observed);
    }
    return { faults, state };
  }

  it('f̂ recovers f exactly on noiseless updates once the window is full (NaN before)', () => {
    const early = train(9);
    expect(estimateFaultFactors(early.state).every(Number.isNaN)).toBe(true);
    const { faults, state } = train(25);
    const estimates = estimateFaultFactors(state);
    for (let i = 0; i < devices; i++) expect(estimates[i]).toBeCloseTo(faults.factors[i], 12);
  });

  it('keeps only the last N updates and ignores updates below 2 % of R', () => {
    const state = createFaultEstimator(1, 10);
    const R = Float64Array.of(1e4);
    for (let k = 0; k < 5; k++) recordUpdates(state, R, Float64Array.of(300), Float64Array.of(0)); // looked stuck at first
    for (let k = 0; k < 10; k++) recordUpdates(state, R, Float64Array.of(-300), Float64Array.of(-600)); // then f = 2
    expect(estimateFaultFactors(state)[0]).toBe(2);
    expect(recordUpdates(state, R, Float64Array.of(199), Float64Array.of(-1e6))).toBe(0); // 1.99 % of R: not recorded
    expect(recordUpdates(state, R, Float64Array.of(200), Float64Array.of(400))).toBe(1);
    expect(estimateFaultFactors(state)[0]).toBe(2);
  });

  it('with switching noise, flags stuck and discordant devices (f̂ < θ) and keeps concordant ones', () => {
    const { faults, state } = train(12, KRAISNIKOVIC_UPDATE_NOISE);
    const estimates = estimateFaultFactors(state);
    const step = pruneUnreliable(estimates, new Uint8Array(devices).fill(1), { ...DEFAULT_FAULT_PRUNING, maxRemovedSharePerStep: 1, minConnectivity: 0 });
    let borderline = 0;
    for (let i = 0; i < devices; i++) {
      expect(step.removed[i]).toBe(estimates[i] < 0.1 ? 1 : 0);
      // f̂'s noise here is ~0.02; concordant devices clipped at f = 0.1 = θ (3.6 % of them) sit on the threshold by construction.
      if (faults.kinds[i] === DeviceKind.concordant && faults.factors[i] < 0.2) {
        borderline++;
        continue;
      }
      expect(step.removed[i], `device ${i}, f = ${faults.factors[i]}, f̂ = ${estimates[i]}`).toBe(faults.kinds[i] === DeviceKind.concordant ? 0 : 1);
    }
    expect(borderline).toBeLessThan(0.06 * devices);
  });

  it('removes at most 20 % of the connections per step, lowest f̂ first, and stops at the minimum connectivity', () => {
    const estimates = Float64Array.from({ length: 100 }, (_, i) => (i < 70 ? -1 + i / 100 : i === 99 ? NaN : 0.5));
    let active = new Uint8Array(100).fill(1);
    const removedPerStep: number[] = [];
    for (let step = 0; step < 5; step++) {
      const result = pruneUnreliable(estimates, active, DEFAULT_FAULT_PRUNING);
      if (step === 0) expect(Array.from(result.removed.slice(0, 21))).toEqual([...Array(20).fill(1), 0]); // lowest f̂ first
      removedPerStep.push(result.removedCount);
      expect(result.active).not.toBe(active); // input not mutated
      active = result.active;
    }
    expect(removedPerStep).toEqual([20, 20, 20, 10, 0]); // 70 candidates; the cap of 20/step; no more once 70 removed
    const sparse = pruneUnreliable(new Float64Array(100).fill(-1), new Uint8Array(100).fill(1), { ...DEFAULT_FAULT_PRUNING, maxRemovedSharePerStep: 1 });
    expect(sparse.removedCount).toBe(90); // min connectivity 10 %
    const control = pruneUnreliable(new Float64Array(100).fill(-1), new Uint8Array(100).fill(1), { ...DEFAULT_FAULT_PRUNING, action: 'none' });
    expect(control.removedCount).toBe(0); // the plain in-the-loop control removes nothing
    expect(() => pruneUnreliable(new Float64Array(1), new Uint8Array(1), { ...DEFAULT_FAULT_PRUNING, action: 'drop' as never })).toThrow(/prune, freeze, none/);
  });
});
