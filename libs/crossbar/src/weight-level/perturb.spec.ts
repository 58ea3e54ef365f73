import { describe, expect, it } from 'vitest';
import { splitFaultRate } from '../faults/stuck-at.js';
import type { DenseLayer } from '../layer.js';
import { Rng } from '../rng/rng.js';
import { DEFAULT_WEIGHT_LEVEL_MODEL, type WeightLevelDeployment, type WeightLevelModel } from './model.js';
import { perturbLayerWeightLevel, type WeightLevelStreams } from './perturb.js';

const POSITIVE_MAX: WeightLevelModel = { kind: 'weight-level', stuckOnValue: 'positive-max' };

/**
 * A layer whose weights are ±(0.1…0.9) and whose bias[0] is 1, so w_max = 1 and, with σ = 0, every cell's state can be
 * read off its output: 0 ⇒ stuck-off, ±1 ⇒ stuck-on, anything else ⇒ not stuck. (bias[0] itself is ambiguous: skip it.)
 */
function classifiableLayer(inputs: number, outputs: number): DenseLayer {
  const rng = Rng.of('spec', 'weight-level', 'layer', inputs, outputs);
  const draw = (): number => (rng.uniform() < 0.5 ? -1 : 1) * (0.1 + 0.8 * rng.uniform());
  const weights = Float32Array.from({ length: inputs * outputs }, draw);
  const bias = Float32Array.from({ length: outputs }, draw);
  bias[0] = 1;
  return { inputs, outputs, weights, bias };
}

function streams(...parts: Array<string | number>): WeightLevelStreams {
  return { faults: Rng.of(...parts, 'faults'), variation: Rng.of(...parts, 'variation') };
}

function deployment(stuckOffRate: number, stuckOnRate: number, sigma: number, model = DEFAULT_WEIGHT_LEVEL_MODEL): WeightLevelDeployment {
  return { stuckOffRate, stuckOnRate, sigma, model };
}

/** Cells of the augmented matrix (weights then bias), in draw order. */
function cells(layer: DenseLayer): Float32Array {
  const all = new Float32Array(layer.weights.length + layer.bias.length);
  all.set(layer.weights);
  all.set(layer.bias, layer.weights.length);
  return all;
}

describe('perturbLayerWeightLevel: fault frequencies (SPEC §2.2, §3)', () => {
  // 999 × 1000 weights + a bias row = 1,000,000 cells.
  const layer = classifiableLayer(999, 1000);
  const input = cells(layer);
  const rateCases: Array<[string, number, number]> = [
    ['off', 0, 0],
    ['wang2020 at 1 %', ...(Object.values(splitFaultRate(0.01, 'wang2020')) as [number, number])],
    ['wang2020 at its own 10.79 %', 0.0904, 0.0175],
    ['yu2021 at 10.79 %', 0.0175, 0.0904],
    ['xiang2021 at 30 %', 0.3, 0],
    ['wang2020 at 30 %', ...(Object.values(splitFaultRate(0.3, 'wang2020')) as [number, number])],
    ['stuck-on only, 30 %', 0, 0.3],
  ];
  it.each(rateCases)('%s: stuck fractions match the rates within a binomial 4-sigma bound', (_label, stuckOffRate, stuckOnRate) => {
    const out = cells(perturbLayerWeightLevel(layer, deployment(stuckOffRate, stuckOnRate, 0), streams('spec', 'freq', stuckOffRate, stuckOnRate)));
    const skip = layer.weights.length; // bias[0] = w_max: its state is ambiguous
    let stuckOff = 0;
    let stuckOn = 0;
    let wrongSign = 0; // signed-max: a stuck-on cell reads w_max with the sign of its weight
    let changed = 0; // σ = 0: an unstuck cell is untouched
    for (let i = 0; i < out.length; i++) {
      if (i === skip) continue;
      if (out[i] === 0) stuckOff++;
      else if (Math.abs(out[i]) === 1) {
        stuckOn++;
        if (out[i] !== Math.sign(input[i])) wrongSign++;
      } else if (out[i] !== input[i]) changed++;
    }
    expect([wrongSign, changed]).toEqual([0, 0]);
    const n = out.length - 1;
    const bound = (p: number): number => 4 * Math.sqrt(n * p * (1 - p));
    expect(Math.abs(stuckOff - n * stuckOffRate)).toBeLessThanOrEqual(bound(stuckOffRate));
    expect(Math.abs(stuckOn - n * stuckOnRate)).toBeLessThanOrEqual(bound(stuckOnRate));
  });
});

describe('perturbLayerWeightLevel: the model', () => {
  const layer = classifiableLayer(40, 30);

  it('strength 0 returns values bit-identical to the input, as new arrays', () => {
    const weird: DenseLayer = { inputs: 2, outputs: 2, weights: new Float32Array([-0, 1e-45, -3.4e38, 0.1]), bias: new Float32Array([NaN, 7]) };
    for (const l of [layer, weird]) {
      const out = perturbLayerWeightLevel(l, deployment(0, 0, 0), streams('spec', 'zero'));
      expect(out.weights).not.toBe(l.weights);
      expect(new Uint8Array(out.weights.buffer)).toEqual(new Uint8Array(l.weights.buffer));
      expect(new Uint8Array(out.bias.buffer)).toEqual(new Uint8Array(l.bias.buffer));
      expect([out.inputs, out.outputs]).toEqual([l.inputs, l.outputs]);
    }
  });

  it('never mutates the input layer', () => {
    const before = cells(layer);
    perturbLayerWeightLevel(layer, deployment(0.2, 0.1, 1), streams('spec', 'mutate'));
    expect(cells(layer)).toEqual(before);
  });

  it('draws one uniform and one normal per cell in row-major order, weights then bias (the documented contract)', () => {
    const d = deployment(0.1, 0.05, 0.8);
    const out = cells(perturbLayerWeightLevel(layer, d, streams('spec', 'order')));
    const s = streams('spec', 'order');
    const input = cells(layer);
    for (let i = 0; i < input.length; i++) {
      const u = s.faults.uniform();
      const z = s.variation.normal();
      const expected = u < 0.1 ? 0 : u < 0.15 ? Math.sign(input[i]) : Math.fround(input[i] * Math.exp(0.8 * z));
      expect(out[i]).toBe(expected);
    }
  });

  it('positive-max matches the reference benchmark ref_mc.py given the same draws', () => {
    // ref_mc.py: Wp = W·exp(σz); Wp[u < p1 + p0] = +M; Wp[u < p1] = 0, with M = max|W| over the augmented matrix.
    const [p1, p0, sigma] = [0.0904, 0.0175, 0.5];
    const out = cells(perturbLayerWeightLevel(layer, deployment(p1, p0, sigma, POSITIVE_MAX), streams('spec', 'ref')));
    const input = cells(layer);
    const s = streams('spec', 'ref');
    const M = Math.max(...Array.from(input, Math.abs));
    for (let i = 0; i < input.length; i++) {
      const u = s.faults.uniform();
      let w = Math.fround(input[i] * Math.exp(s.variation.normal() * sigma));
      if (u < p1 + p0) w = M;
      if (u < p1) w = 0;
      expect(out[i]).toBe(w);
    }
  });

  it('the per-cell draws do not depend on the rates (common random numbers)', () => {
    const low = cells(perturbLayerWeightLevel(layer, deployment(0.05, 0, 0.5), streams('spec', 'crn')));
    const high = cells(perturbLayerWeightLevel(layer, deployment(0.2, 0.1, 0.5), streams('spec', 'crn')));
    let compared = 0;
    for (let i = 0; i < low.length; i++) {
      if (low[i] === 0) expect(high[i]).toBe(0); // u < 0.05 ⇒ u < 0.2: stuck-off sets are nested
      else if (Math.abs(high[i]) !== 1 && high[i] !== 0) {
        expect(high[i]).toBe(low[i]); // unstuck in both: the same variation draw
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(low.length / 2);
  });

  it('rejects bad rates, σ, model and shapes loudly', () => {
    const s = streams('spec', 'bad');
    expect(() => perturbLayerWeightLevel(layer, deployment(0.7, 0.4, 0), s)).toThrow(/at most 1/);
    expect(() => perturbLayerWeightLevel(layer, deployment(-0.1, 0, 0), s)).toThrow(RangeError);
    expect(() => perturbLayerWeightLevel(layer, deployment(0, 0, -1), s)).toThrow(RangeError);
    const typo = { kind: 'weight-level', stuckOnValue: 'signed-max', stuckOnVaule: 'x' } as WeightLevelModel;
    expect(() => perturbLayerWeightLevel(layer, deployment(0, 0, 0, typo), s)).toThrow(/unknown key "stuckOnVaule"/);
    const wrong = { kind: 'weight-level', stuckOnValue: 'max' } as unknown as WeightLevelModel;
    expect(() => perturbLayerWeightLevel(layer, deployment(0, 0, 0, wrong), s)).toThrow(/signed-max, positive-max/);
    const misshapen = { ...layer, bias: new Float32Array(3) };
    expect(() => perturbLayerWeightLevel(misshapen, deployment(0, 0, 0), s)).toThrow(/bias has 3 entries/);
  });
});
