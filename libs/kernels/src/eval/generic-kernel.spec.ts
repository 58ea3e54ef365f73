import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareDenseEvaluation } from './engine.js';
import { randomInputs, randomNetwork, seeded } from './engine.test-helpers.js';
import { evalAddon } from './native-forward.js';
import type { DenseLayerLike, EvaluationData } from './network.js';
import { nativeWeightLevel } from './weight-level.js';

const DIST_INDEX = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Runs in a child process with MEMSWEEP_NATIVE_KERNEL capping the native kernels (generic: no SIMD beyond baseline; avx2). */
const CHILD = `
import { readFileSync } from 'node:fs';
const { prepareDenseEvaluation, nativeWeightLevel } = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, 'utf8'));
const layers = input.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights), bias: Float32Array.from(l.bias) }));
const data = { ...input.data, x: Float32Array.from(input.data.x), y: Uint8Array.from(input.data.y) };
const predictions = [];
for (let s = 0; s < data.n; s++) {
  const one = { x: data.x.subarray(s * data.features, (s + 1) * data.features), n: 1, features: data.features, classes: data.classes };
  for (let c = 0; c < data.classes; c++) if (prepareDenseEvaluation({ ...one, y: Uint8Array.of(c) }, { engine: 'native' }).countCorrect(layers, input.activation) === 1) predictions.push(c);
}
const chip = nativeWeightLevel().perturbLayer(layers[0], input.strengths, input.keys);
const engine = prepareDenseEvaluation(data, { engine: 'native' }).description;
console.log(JSON.stringify({ engine, predictions, chip: Array.from(new Uint32Array(chip.weights.buffer)) }));
`;

function predictionsOf(data: EvaluationData, layers: DenseLayerLike[], activation: 'sigmoid' | 'relu'): number[] {
  const out: number[] = [];
  for (let s = 0; s < data.n; s++) {
    const one = { x: data.x.subarray(s * data.features, (s + 1) * data.features), n: 1, features: data.features, classes: data.classes };
    for (let c = 0; c < data.classes; c++) if (prepareDenseEvaluation({ ...one, y: Uint8Array.of(c) }, { engine: 'native' }).countCorrect(layers, activation) === 1) out.push(c);
  }
  return out;
}

const addon = evalAddon();
const inProcessKernel = addon.ok ? addon.addon.kernel : 'none';
const capped = ['generic', 'avx2'].filter((kernel) => kernel !== inProcessKernel);

describe.skipIf(!addon.ok || capped.length === 0).each(capped)('the %s native kernels', (kernel) => {
  it(`predict and deploy exactly like the ${inProcessKernel} kernels (MEMSWEEP_NATIVE_KERNEL=${kernel} in a child process)`, () => {
    const random = seeded(21);
    const layers = randomNetwork([150, 260, 12], random, 3);
    const data = randomInputs(26, 150, 12, random);
    const strengths = { stuckOffRate: 0.1, stuckOnRate: 0.05, sigma: 0.7, stuckOnValue: 'signed-max' as const };
    const keys = { faults: [5, 6] as const, variation: [7, 8] as const };
    const input = {
      layers: layers.map((l) => ({ ...l, weights: [...l.weights], bias: [...l.bias] })),
      data: { ...data, x: [...data.x], y: [...data.y] },
      activation: 'sigmoid',
      strengths,
      keys,
    };
    const child = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, DIST_INDEX], {
        input: JSON.stringify(input),
        encoding: 'utf8',
        env: { ...process.env, MEMSWEEP_NATIVE_KERNEL: kernel },
      }),
    );
    expect(child.engine).toBe(`native (${kernel})`);
    expect(child.predictions).toEqual(predictionsOf(data, layers, 'sigmoid'));
    expect(child.chip).toEqual(Array.from(new Uint32Array(nativeWeightLevel()!.perturbLayer(layers[0], strengths, keys).weights.buffer)));
  });
});
