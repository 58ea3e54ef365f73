import { describe, expect, it } from 'vitest';
import { randomNetwork, seeded } from './engine.test-helpers.js';
import { fastWeightLevel, nativeWeightLevel, wasmWeightLevel, type NativeWeightLevel, type WeightLevelStrengths } from './weight-level.js';

const native = nativeWeightLevel();
const wasm = wasmWeightLevel();
const deployers = [native, wasm].filter((d): d is NativeWeightLevel => d !== null);
const keys = { faults: [1, 2], variation: [3, 4] } as const;
const strengths = (s: Partial<WeightLevelStrengths>): WeightLevelStrengths => ({ stuckOffRate: 0, stuckOnRate: 0, sigma: 0, stuckOnValue: 'signed-max', ...s });

// Bit-identity with libs/crossbar's JavaScript deployment is checked where both meet: apps/worker/src/dense-chip.spec.ts.
describe.each(deployers.map((d) => [d.engine, d] as const))('weight-level deployment in %s', (_, deployer) => {
  const [layer] = randomNetwork([301, 77], seeded(1));
  const perturb = (s: Partial<WeightLevelStrengths>, k = keys) => deployer.perturbLayer(layer, strengths(s), k);

  it('strength 0 returns the weights bit for bit, in new arrays', () => {
    const out = perturb({});
    expect(out.weights).toEqual(layer.weights);
    expect(out.bias).toEqual(layer.bias);
    expect(out.weights).not.toBe(layer.weights);
  });

  it('every cell stuck reads 0 (off) or ±w_max (on, signed or positive)', () => {
    const wMax = Math.max(...[...layer.weights, ...layer.bias].map(Math.abs));
    expect(perturb({ stuckOffRate: 1 }).weights.every((w) => w === 0)).toBe(true);
    const signed = perturb({ stuckOnRate: 1 });
    expect([...signed.weights].every((w, i) => w === (layer.weights[i] < 0 ? -wMax : wMax))).toBe(true);
    expect(perturb({ stuckOnRate: 1, stuckOnValue: 'positive-max' }).bias.every((b) => b === Math.fround(wMax))).toBe(true);
  });

  it('stuck fractions follow the rates and ln(w̃/w) has the standard deviation σ', () => {
    const out = perturb({ stuckOffRate: 0.1, stuckOnRate: 0.05, sigma: 0.5 });
    const cells = layer.weights.length;
    const zeros = out.weights.filter((w) => w === 0).length / cells;
    expect(zeros).toBeGreaterThan(0.09);
    expect(zeros).toBeLessThan(0.11);
    const wMax = Math.fround(Math.max(...[...layer.weights, ...layer.bias].map(Math.abs)));
    const varied = [...out.weights].map((w, i) => [w, layer.weights[i]]).filter(([w]) => w !== 0 && Math.abs(w) !== wMax);
    const logs = varied.map(([w, w0]) => Math.log(w / w0));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.48);
    expect(sd).toBeLessThan(0.52);
  });

  it('the same keys give the same chip, other keys another', () => {
    const s = { stuckOffRate: 0.1, stuckOnRate: 0.05, sigma: 0.5 };
    expect(perturb(s).weights).toEqual(perturb(s).weights);
    expect(perturb(s, { faults: [1, 2], variation: [3, 5] }).weights).not.toEqual(perturb(s).weights);
  });

  it('rejects invalid strengths, keys and layers with precise RangeErrors', () => {
    expect(() => perturb({ stuckOffRate: 0.7, stuckOnRate: 0.4 })).toThrow(new RangeError('stuckOffRate + stuckOnRate must be at most 1, got 1.1'));
    expect(() => perturb({ stuckOnRate: -0.1 })).toThrow(new RangeError('stuckOnRate must be a probability in [0, 1], got -0.1'));
    expect(() => perturb({ sigma: Number.NaN })).toThrow(new RangeError('sigma must be a finite number ≥ 0, got NaN'));
    expect(() => perturb({}, { faults: [1, 2 ** 32], variation: [3, 4] })).toThrow(new RangeError('faults key must be two unsigned 32-bit integers, got [1,4294967296]'));
    expect(() => deployer.perturbLayer({ ...layer, bias: new Float32Array(3) }, strengths({}), keys)).toThrow(
      new RangeError('layer: weights must hold inputs × outputs = 23177 and bias 77 float32 entries, got 23177 and 3'),
    );
    expect(() => deployer.perturbLayer(layer, strengths({}), keys, new Uint8Array(5))).toThrow(
      new RangeError(`liveRows must be a Uint8Array with one entry per input row (${layer.inputs}), got 5`),
    );
  });
});

describe('fastWeightLevel', () => {
  it('is the native deployment when the addon loads, else the wasm one', () => {
    expect(fastWeightLevel()?.engine).toBe(native ? 'native' : wasm ? 'wasm' : undefined);
  });

  it.skipIf(!native || !wasm)('native and wasm draw the same chips bit for bit', () => {
    const [layer] = randomNetwork([97, 51], seeded(2)); // 4,998 cells: vector blocks, scalar pairs, a pair split by the bias
    // σ = 230: some σ·z pass 704, where the vector lanes hand over to the scalar code (exp overflows to ±∞ as in V8)
    const points = [{ stuckOffRate: 0.1, stuckOnRate: 0.05, sigma: 0.5 }, { stuckOffRate: 0, stuckOnRate: 0.3, sigma: 2.5, stuckOnValue: 'positive-max' as const }, { stuckOffRate: 0, stuckOnRate: 0, sigma: 230 }];
    for (const s of points) {
      const a = native!.perturbLayer(layer, strengths(s), keys), b = wasm!.perturbLayer(layer, strengths(s), keys);
      expect(new Uint32Array(a.weights.buffer)).toEqual(new Uint32Array(b.weights.buffer));
      expect(new Uint32Array(a.bias.buffer)).toEqual(new Uint32Array(b.bias.buffer));
    }
  });
});
