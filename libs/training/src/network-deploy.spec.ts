import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Rng } from '@memsweep/crossbar';
import type { Tensor4D } from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_BN_NET } from './network.test-helpers.js';
import { initTensorflow } from './backend.js';
import { encodeIdxU8 } from './datasets/idx.js';
import { loadDatasetSource } from './datasets/source.js';
import { conv2dAsMatMul, conv2dNative, initNetworkParams, networkLogits, uploadNetworkParams, type NetworkParams, type NetworkSpec } from './network.js';
import { deployFoldedNetwork, foldNetworkBatchNorm, prepareNetworkEvaluation } from './network-deploy.js';

const net = TINY_BN_NET;

/** Params with non-trivial batch-norm statistics, so folding has something to fold. */
function trainedLike(): NetworkParams {
  const params = initNetworkParams(net, 3);
  const rng = Rng.of('spec', 'bn-stats');
  const bn = params.layers[0]!.batchNorm!;
  for (let j = 0; j < 4; j++) {
    bn.gamma[j] = 0.5 + rng.uniform();
    bn.beta[j] = rng.normal() * 0.2;
    bn.movingMean[j] = rng.normal() * 0.3;
    bn.movingVariance[j] = 0.2 + rng.uniform();
  }
  return params;
}

const images = (n: number) => {
  const x = new Float32Array(n * 72);
  Rng.of('spec', 'deploy-x').fillUniform(x);
  return { x, y: Uint8Array.from({ length: n }, (_, s) => s % 3), n, features: 72, classes: 3 };
};

describe('a CNN on a chip', () => {
  it('folding batch norm into the crossbars leaves the inference logits unchanged', async () => {
    const { tf } = await initTensorflow();
    const params = trainedLike();
    const folded = foldNetworkBatchNorm(net, params);
    expect(folded.spec.layers.some((l) => (l.kind === 'conv2d' || l.kind === 'dense') && l.batchNorm)).toBe(false);
    const data = images(8);
    const [a, b] = [
      [net, params],
      [folded.spec, folded.params],
    ].map(([spec, p]) =>
      tf.tidy(() => networkLogits(tf, spec as NetworkSpec, tf.tensor4d(data.x, [8, 6, 6, 2]) as Tensor4D, uploadNetworkParams(tf, spec as NetworkSpec, p as NetworkParams), 'inference').dataSync().slice()),
    );
    const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    expect(worst).toBeLessThan(1e-4);
  });

  it('deploys with zero faults and σ = 0 to the ideal network, and a faulty chip changes only crossbar layers (1×1 stays fault-free)', async () => {
    const { tf } = await initTensorflow();
    const folded = foldNetworkBatchNorm(net, trainedLike());
    const model = { kind: 'weight-level' as const, stuckOnValue: 'signed-max' as const };
    const ideal = deployFoldedNetwork(folded, { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, crossbarSize: 16, model }, ['chip', 1, {}, 0]);
    expect(ideal).toEqual(folded.params);
    const data = images(30);
    const prepared = prepareNetworkEvaluation(tf, folded.spec.inputShape, data, 7);
    expect(prepared.countCorrect(folded.spec, ideal)).toBe(prepared.countCorrect(folded.spec, folded.params));
    const faulty = deployFoldedNetwork(folded, { stuckOffRate: 0.3, stuckOnRate: 0, sigma: 0, crossbarSize: 16, model }, ['chip', 1, {}, 1]);
    expect(faulty.layers[1]).toEqual(folded.params.layers[1]);
    const zeros = (p: NetworkParams, l: number) => p.layers[l]!.weights.filter((w) => w === 0).length;
    expect(zeros(faulty, 0)).toBeGreaterThan(zeros(folded.params, 0) + 10);
    expect(zeros(faulty, 4)).toBeGreaterThan(zeros(folded.params, 4));
    prepared.dispose();
  });
});

describe('loadDatasetSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'memsweep-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads IDX files with their image shape and takes the first samples', () => {
    const pixels = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => i % 256);
    writeFileSync(path.join(dir, 'img'), encodeIdxU8([5, 4, 3], pixels));
    writeFileSync(path.join(dir, 'lbl'), encodeIdxU8([5], Uint8Array.of(0, 1, 2, 1, 0)));
    const file = (n: string) => path.join(dir, n);
    const loaded = loadDatasetSource({ name: 'idx', trainImages: file('img'), trainLabels: file('lbl'), testImages: file('img'), testLabels: file('lbl'), testSize: 2, fingerprint: 'f' });
    expect(loaded.inputShape).toEqual([4, 3, 1]);
    expect([loaded.train.n, loaded.test.n, loaded.train.classes]).toEqual([5, 2, 3]);
    expect(loaded.info).toMatchObject({ name: 'idx', trainSize: 5, testSize: 2, fingerprint: 'f' });
    expect(() => loadDatasetSource({ name: 'idx', trainImages: file('img'), trainLabels: file('lbl'), testImages: file('img'), testLabels: file('lbl'), trainSize: 6 })).toThrow(/trainSize must be a whole number in \[0, 5\]/);
  });

  it('gives the bundled MNIST its 28×28×1 shape', () => {
    const loaded = loadDatasetSource({ name: 'mnist', trainSize: 10, testSize: 10, splitSeed: 1 });
    expect(loaded.inputShape).toEqual([28, 28, 1]);
    expect(loaded.info.name).toBe('mnist');
  });
});

describe('conv2dNative', () => {
  it('has the values and the gradients (input and kernel) of the matMul reference, for even and odd kernels', async () => {
    const { tf } = await initTensorflow();
    for (const [k, padding] of [[3, 'same'], [4, 'same'], [5, 'valid']] as const) {
      const [values, grads] = tf.tidy(() => {
        const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 11) as Tensor4D;
        const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 12) as Tensor4D;
        const weightOut = (y: Tensor4D) => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', 13)));
        const of = (conv: typeof conv2dNative) => {
          const g = tf.grads((a, b) => weightOut(conv(tf, a as Tensor4D, b as Tensor4D, padding)))([x, w]);
          return [conv(tf, x, w, padding).dataSync().slice(), ...g.map((t) => t.dataSync().slice())];
        };
        const native = of(conv2dNative);
        const reference = of(conv2dAsMatMul);
        return [native, reference];
      });
      values.forEach((a, part) => {
        const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - grads[part][i])), 0);
        expect(worst, `${k}×${k} ${padding}, part ${part}`).toBeLessThan(1e-3);
      });
    }
  });
});
