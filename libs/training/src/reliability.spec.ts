import { Rng } from '@memsweep/crossbar';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';
import type { Activation } from './mlp.js';
import { applyTrainingFaults, drawTrainingFaults, FaultCode, reliabilityLossAndGradient } from './reliability.js';

interface Net64 {
  widths: number[];
  /** weights[l] row-major widths[l] × widths[l+1], then biases. */
  weights: Float64Array[];
  bias: Float64Array[];
}

const act = (z: number, a: Activation) => (a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : Math.max(0, z));
const dact = (z: number, a: Activation) => (a === 'sigmoid' ? act(z, a) * (1 - act(z, a)) : z > 0 ? 1 : 0);

/** Ẽ in float64 JS: forward, a plain first-order backprop for g = ∂E/∂W, then the penalty. The reference for FD. */
function loss64(net: Net64, x: Float64Array, labels: number[], activation: Activation, l2: number, lambda2: number): number {
  const { widths } = net;
  const L = widths.length - 1;
  const B = labels.length;
  const zs: Float64Array[] = [];
  const as: Float64Array[] = [x];
  for (let l = 0; l < L; l++) {
    const [n, m] = [widths[l], widths[l + 1]];
    const z = new Float64Array(B * m);
    for (let r = 0; r < B; r++) for (let j = 0; j < m; j++) {
      let s = net.bias[l][j];
      for (let i = 0; i < n; i++) s += as[l][r * n + i] * net.weights[l][i * m + j];
      z[r * m + j] = s;
    }
    zs.push(z);
    as.push(l + 1 < L ? z.map((v) => act(v, activation)) : z);
  }
  const C = widths[L];
  let ce = 0;
  let delta = new Float64Array(B * C);
  for (let r = 0; r < B; r++) {
    const row = zs[L - 1].subarray(r * C, (r + 1) * C);
    const mx = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - mx), 0);
    for (let c = 0; c < C; c++) {
      const p = Math.exp(row[c] - mx) / sum;
      delta[r * C + c] = (p - (labels[r] === c ? 1 : 0)) / B;
    }
    ce -= (row[labels[r]] - mx - Math.log(sum)) / B;
  }
  let penalty = 0;
  let sq = 0;
  for (let l = L - 1; l >= 0; l--) {
    const [n, m] = [widths[l], widths[l + 1]];
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let g = 0;
      for (let r = 0; r < B; r++) g += as[l][r * n + i] * delta[r * m + j];
      const w = net.weights[l][i * m + j];
      penalty += (w * g) ** 2;
      sq += w * w;
    }
    if (l > 0) {
      const next = new Float64Array(B * n);
      for (let r = 0; r < B; r++) for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += delta[r * m + j] * net.weights[l][i * m + j];
        next[r * n + i] = s * dact(zs[l - 1][r * n + i], activation);
      }
      delta = next;
    }
  }
  return ce + l2 * sq + lambda2 * penalty;
}

function tinyNet(widths: number[], seed: number): Net64 {
  const rng = Rng.of('spec', 'reliability', seed);
  const weights: Float64Array[] = [];
  const bias: Float64Array[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    weights.push(Float64Array.from({ length: widths[l] * widths[l + 1] }, () => 1.5 * (2 * rng.uniform() - 1)));
    bias.push(Float64Array.from({ length: widths[l + 1] }, () => 0.5 * (2 * rng.uniform() - 1)));
  }
  return { widths, weights, bias };
}

/** The float32 net as tfjs sees it, back in float64 (so FD differentiates exactly the function tfjs evaluates). */
function asFloat32(net: Net64): Net64 {
  return { widths: net.widths, weights: net.weights.map((w) => Float64Array.from(Float32Array.from(w))), bias: net.bias.map((b) => Float64Array.from(Float32Array.from(b))) };
}

describe('reliability-driven loss gradient (double back-propagation)', () => {
  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`equals central finite differences of Ẽ = CE + λ₁‖W‖² + λ₂‖W ⊙ ∂E/∂W‖² (${activation}, 3 layers)`, async () => {
      const { tf } = await initTensorflow();
      const widths = [5, 4, 4, 3];
      const net = asFloat32(tinyNet(widths, activation === 'sigmoid' ? 1 : 2));
      const B = 6;
      const rng = Rng.of('spec', 'reliability-x', 3);
      const x = Float64Array.from({ length: B * widths[0] }, () => rng.uniform());
      const labels = Array.from({ length: B }, () => rng.int(3));
      const l2 = 0.01;
      const lambda2 = 20;

      const { analytic, total, withoutPenalty } = tf.tidy(() => {
        const layers = net.weights.map((w, l) => ({ weights: tf.tensor2d(Float32Array.from(w), [widths[l], widths[l + 1]]), bias: tf.tensor1d(Float32Array.from(net.bias[l])) }));
        const xt = tf.tensor2d(Float32Array.from(x), [B, widths[0]]);
        const yt = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as Tensor2D;
        const result = reliabilityLossAndGradient(tf, xt, yt, layers, activation, { l2, gradientPenalty: lambda2 });
        const plain = reliabilityLossAndGradient(tf, xt, yt, layers, activation, { l2, gradientPenalty: 0 });
        const flat = (gs: { weights: Tensor2D; bias: Tensor1D }[]) => gs.flatMap((g) => [...g.weights.dataSync(), ...g.bias.dataSync()]);
        return { analytic: flat(result.gradients), total: result.total.dataSync()[0], withoutPenalty: flat(plain.gradients) };
      });

      expect(total).toBeCloseTo(loss64(net, x, labels, activation, l2, lambda2), 4);
      const numeric: number[] = [];
      const h = 1e-6;
      net.weights.forEach((_, l) => {
        for (const params of [net.weights[l], net.bias[l]]) {
          for (let k = 0; k < params.length; k++) {
            const keep = params[k];
            params[k] = keep + h;
            const up = loss64(net, x, labels, activation, l2, lambda2);
            params[k] = keep - h;
            const down = loss64(net, x, labels, activation, l2, lambda2);
            params[k] = keep;
            numeric.push((up - down) / (2 * h));
          }
        }
      });
      const norm = (v: number[]) => Math.sqrt(v.reduce((s, e) => s + e * e, 0));
      const relativeError = norm(analytic.map((a, i) => a - numeric[i])) / norm(numeric);
      const penaltyShare = norm(withoutPenalty.map((a, i) => a - numeric[i])) / norm(numeric);
      console.info(`[reliability FD ${activation}] relative error ${relativeError.toExponential(3)}; the penalty moves the gradient by ${penaltyShare.toExponential(3)} (relative)`);
      expect(relativeError).toBeLessThan(1e-3);
      // The check has teeth: the second-order term is a large part of the gradient.
      expect(penaltyShare).toBeGreaterThan(0.05);
    });
  }
});

describe('training stuck-at faults', () => {
  it('are drawn at [W]’s rates and force 0 / ±max|W|', async () => {
    const codes = drawTrainingFaults({ seed: 1, epoch: 0, batch: 0, layer: 0 }, 200_000, 0.0904, 0.0175);
    const zero = codes.filter((c) => c === FaultCode.stuckAtZero).length / codes.length;
    const max = codes.filter((c) => c === FaultCode.stuckAtMax).length / codes.length;
    expect(Math.abs(zero - 0.0904)).toBeLessThan(4 * Math.sqrt((0.0904 * 0.9096) / codes.length));
    expect(Math.abs(max - 0.0175)).toBeLessThan(4 * Math.sqrt((0.0175 * 0.9825) / codes.length));
    expect(drawTrainingFaults({ seed: 1, epoch: 0, batch: 0, layer: 0 }, 100, 0.1, 0.1)).toEqual(drawTrainingFaults({ seed: 1, epoch: 0, batch: 0, layer: 0 }, 100, 0.1, 0.1));

    const { tf } = await initTensorflow();
    const forced = tf.tidy(() => {
      const w = tf.tensor2d([0.5, -0.25, -2, 1, 0.1, -0.3], [3, 2]);
      const c = tf.tensor2d([0, 1, 2, 2, 0, 1], [3, 2], 'int32');
      return Array.from(applyTrainingFaults(tf, w, c).dataSync());
    });
    expect(forced).toEqual([0.5, 0, -2, 2, Math.fround(0.1), 0]);
    const positive = tf.tidy(() => Array.from(applyTrainingFaults(tf, tf.tensor2d([0.5, -2], [1, 2]), tf.tensor2d([2, 2], [1, 2], 'int32'), 'positive-max').dataSync()));
    expect(positive).toEqual([2, 2]);
  });
});
