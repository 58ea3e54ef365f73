/**
 * Reliability-driven training [W Alg. 1] (SPEC §7.3): per batch, random stuck-at faults are injected at the weight level
 * (SPEC §2.2: SA1 → weight 0, SA0 → +w_max with the weight's sign); faulty weights keep their forced value and get no
 * update in that step; the loss is eq. 5a,
 *
 *   Ẽ(W) = E(W) + λ₁‖W‖₂² + λ₂‖W ⊙ ∂E/∂W‖₂²,
 *
 * with E the batch-mean softmax cross-entropy ([W] eq. 5b writes a sum of per-output binary cross-entropies; we keep the
 * library's softmax CE so every method shares the same data term — the penalty's structure is unchanged).
 *
 * The last term needs a second-order gradient. tfjs's autodiff gets second-order gradients wrong or throws (ENV.md), so
 * the whole gradient is derived by hand and computed with first-order tf ops only (no autodiff at all):
 *
 *   P = Σₖ (wₖ gₖ)²,  g = ∂E/∂W  ⇒  ∂P/∂wⱼ = 2 wⱼ gⱼ² + (H u)ⱼ,  u = 2 W ⊙ W ⊙ g,  H = ∂²E/∂W²,
 *
 * and H·u is one Hessian-vector product computed exactly with Pearlmutter's R-operator (a forward and a backward R-pass
 * through the MLP, `rOperatorGradients`). λ₁ and λ₂ act on the weights only, not the biases; the penalty's gradient
 * still reaches the biases through H·u. All three terms see the *effective* weights of the step (faults forced), i.e.
 * the loss of the network that was sampled for this batch, as in [W Alg. 1].
 */
import { Rng } from '@memsweep/crossbar';
import { RELIABILITY_DRIVEN_DEFAULTS, type ReliabilityDrivenParams } from '@memsweep/methods';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Activation, LayerTensors } from './mlp.js';
import type { Tf } from './tf.js';

export type { ReliabilityDrivenParams };

/** [W]'s stuck-at rates: SA1 (weight → 0) 9.04 %, SA0 (weight → ±w_max) 1.75 % (SPEC §3). */
export const WANG2020_TRAINING_FAULTS = Object.freeze({ stuckAtZeroRate: RELIABILITY_DRIVEN_DEFAULTS.stuckAtZeroRate, stuckAtMaxRate: RELIABILITY_DRIVEN_DEFAULTS.stuckAtMaxRate });

export { RELIABILITY_DRIVEN_DEFAULTS };

/** Throws a `RangeError` naming the first invalid field. */
export function assertReliabilityParams(p: ReliabilityDrivenParams): void {
  if (!(p.stuckAtZeroRate >= 0 && p.stuckAtMaxRate >= 0 && p.stuckAtZeroRate + p.stuckAtMaxRate < 1)) {
    throw new RangeError(`stuckAtZeroRate and stuckAtMaxRate must be ≥ 0 with a sum below 1, got ${p.stuckAtZeroRate} and ${p.stuckAtMaxRate}`);
  }
  if (!(p.l2 >= 0 && Number.isFinite(p.l2))) throw new RangeError(`l2 must be a finite number ≥ 0, got ${p.l2}`);
  if (!(p.gradientPenalty >= 0 && Number.isFinite(p.gradientPenalty))) throw new RangeError(`gradientPenalty must be a finite number ≥ 0, got ${p.gradientPenalty}`);
  if (p.faultLayers !== 'all' && p.faultLayers !== 'last') throw new RangeError(`faultLayers must be 'all' or 'last', got ${JSON.stringify(p.faultLayers)}`);
  if (p.stuckAtMaxValue !== 'signed-max' && p.stuckAtMaxValue !== 'positive-max') {
    throw new RangeError(`stuckAtMaxValue must be 'signed-max' or 'positive-max', got ${JSON.stringify(p.stuckAtMaxValue)}`);
  }
}

/** Fault code per weight: 0 = healthy, 1 = stuck at 0, 2 = stuck at ±w_max. */
export const FaultCode = Object.freeze({ healthy: 0, stuckAtZero: 1, stuckAtMax: 2 } as const);

const TWO_POW_32 = 4294967296;

/**
 * Per-batch fault codes of one layer, from the stream ('train', seed, 'saf', epoch, batch, layer): one 32-bit draw per
 * weight, stuck at 0 when draw < round(p₀·2³²), stuck at max when below round((p₀ + p_max)·2³²).
 */
export function drawTrainingFaults(site: { seed: number; epoch: number; batch: number; layer: number }, size: number, stuckAtZeroRate: number, stuckAtMaxRate: number): Uint8Array {
  const rng = Rng.of('train', site.seed, 'saf', site.epoch, site.batch, site.layer);
  const zeroBelow = Math.round(stuckAtZeroRate * TWO_POW_32);
  const maxBelow = Math.round((stuckAtZeroRate + stuckAtMaxRate) * TWO_POW_32);
  const codes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const u = rng.nextUint32();
    codes[i] = u < zeroBelow ? FaultCode.stuckAtZero : u < maxBelow ? FaultCode.stuckAtMax : FaultCode.healthy;
  }
  return codes;
}

/**
 * Effective weights under fault codes (int32 tensor of the weights' shape): 0 for stuck-at-zero; for stuck-at-max
 * +max|W| (w ≥ 0, or always with 'positive-max') or −max|W|; W elsewhere.
 */
export function applyTrainingFaults(tf: Tf, weights: Tensor2D, codes: Tensor, stuckAtMaxValue: ReliabilityDrivenParams['stuckAtMaxValue'] = 'signed-max'): Tensor2D {
  return tf.tidy(() => {
    const wMax = tf.broadcastTo(tf.max(tf.abs(weights)), weights.shape);
    const signedMax = stuckAtMaxValue === 'positive-max' ? wMax : tf.where(tf.greaterEqual(weights, 0), wMax, tf.neg(wMax));
    const stuckMax = tf.where(tf.equal(codes, FaultCode.stuckAtMax), signedMax, weights);
    return tf.where(tf.equal(codes, FaultCode.stuckAtZero), tf.zerosLike(weights), stuckMax) as Tensor2D;
  });
}

/** Gradients of one layer's weights `[inputs, outputs]` and bias `[outputs]`. */
export interface LayerGradients {
  weights: Tensor2D;
  bias: Tensor1D;
}

/** The loss's terms (scalars, as numbers only when asked) and its gradient per layer. Call inside `tf.tidy`. */
export interface ReliabilityLossGradient {
  /** E: batch-mean cross-entropy, a scalar tensor. */
  crossEntropy: Tensor;
  /** Ẽ = E + λ₁‖W‖² + λ₂‖W ⊙ ∂E/∂W‖², a scalar tensor. */
  total: Tensor;
  /** ∂Ẽ/∂(weights, bias) of every layer. */
  gradients: LayerGradients[];
}

interface ForwardCache {
  /** a₀ = x, a₁ … a_{L−1}: inputs of each layer. */
  inputs: Tensor2D[];
  /** σ'(z_l) of each hidden layer (index l for layer l's output, l < L − 1). */
  slope: Tensor2D[];
  /** σ''(z_l) of each hidden layer. */
  curvature: Tensor2D[];
  /** softmax probabilities of the logits. */
  probabilities: Tensor2D;
}

function forward(tf: Tf, x: Tensor2D, layers: readonly LayerTensors[], activation: Activation): ForwardCache {
  const inputs: Tensor2D[] = [x];
  const slope: Tensor2D[] = [];
  const curvature: Tensor2D[] = [];
  let h = x;
  let logits: Tensor2D = x;
  layers.forEach((layer, l) => {
    const z = tf.add(tf.matMul(h, layer.weights), layer.bias) as Tensor2D;
    if (l + 1 === layers.length) {
      logits = z;
      return;
    }
    if (activation === 'sigmoid') {
      const s = tf.sigmoid(z) as Tensor2D;
      const ds = tf.mul(s, tf.sub(1, s)) as Tensor2D;
      slope.push(ds);
      curvature.push(tf.mul(ds, tf.sub(1, tf.mul(2, s))) as Tensor2D);
      h = s;
    } else {
      slope.push(tf.cast(tf.greater(z, 0), 'float32') as Tensor2D);
      curvature.push(tf.zerosLike(z) as Tensor2D);
      h = tf.relu(z) as Tensor2D;
    }
    inputs.push(h);
  });
  return { inputs, slope, curvature, probabilities: tf.softmax(logits) as Tensor2D };
}

/**
 * Ẽ and its exact gradient for an MLP (hidden activations `activation`, softmax CE on the last layer's logits) at the
 * given (effective) parameters, inputs x `[batch, features]` and one-hot targets y `[batch, classes]`.
 * Pure first-order tf ops; call inside `tf.tidy`.
 */
export function reliabilityLossAndGradient(
  tf: Tf,
  x: Tensor2D,
  y: Tensor2D,
  layers: readonly LayerTensors[],
  activation: Activation,
  params: Pick<ReliabilityDrivenParams, 'l2' | 'gradientPenalty'>,
): ReliabilityLossGradient {
  const batch = x.shape[0];
  const L = layers.length;
  const cache = forward(tf, x, layers, activation);
  const logProbabilities = tf.log(tf.maximum(cache.probabilities, 1e-30));
  const crossEntropy = tf.div(tf.neg(tf.sum(tf.mul(y, logProbabilities))), batch);

  // First-order back-propagation: δ_L = (p − y)/B, g_l = a_{l−1}ᵀ δ_l, δ_{l−1} = (δ_l W_lᵀ) ⊙ σ'(z_{l−1}).
  const deltas: Tensor2D[] = new Array(L);
  const backOut: Tensor2D[] = new Array(L); // δ_l W_lᵀ, kept for the R-pass
  deltas[L - 1] = tf.div(tf.sub(cache.probabilities, y), batch) as Tensor2D;
  for (let l = L - 1; l > 0; l--) {
    backOut[l] = tf.matMul(deltas[l], layers[l].weights, false, true) as Tensor2D;
    deltas[l - 1] = tf.mul(backOut[l], cache.slope[l - 1]) as Tensor2D;
  }
  const g = layers.map((_, l) => tf.matMul(cache.inputs[l], deltas[l], true, false) as Tensor2D);
  const gBias = deltas.map((d) => tf.sum(d, 0) as Tensor1D);

  let l2Term: Tensor = tf.scalar(0);
  let penaltyTerm: Tensor = tf.scalar(0);
  for (let l = 0; l < L; l++) {
    l2Term = tf.add(l2Term, tf.sum(tf.square(layers[l].weights)));
    penaltyTerm = tf.add(penaltyTerm, tf.sum(tf.square(tf.mul(layers[l].weights, g[l]))));
  }
  const total = tf.add(crossEntropy, tf.add(tf.mul(params.l2, l2Term), tf.mul(params.gradientPenalty, penaltyTerm)));

  const gradients: LayerGradients[] = layers.map((layer, l) => ({
    weights: tf.add(g[l], tf.mul(2 * params.l2, layer.weights)) as Tensor2D,
    bias: gBias[l],
  }));
  if (params.gradientPenalty === 0) return { crossEntropy, total, gradients };

  // u = 2 W ⊙ W ⊙ g (weights only), then H·u by the R-operator.
  const direction = layers.map((layer, l) => tf.mul(2, tf.mul(tf.square(layer.weights), g[l])) as Tensor2D);
  const hu = hessianVectorProduct(tf, layers, cache, deltas, backOut, direction);
  gradients.forEach((grad, l) => {
    const w = layers[l].weights;
    const own = tf.mul(2, tf.mul(w, tf.square(g[l])));
    grad.weights = tf.add(grad.weights, tf.mul(params.gradientPenalty, tf.add(own, hu[l].weights))) as Tensor2D;
    grad.bias = tf.add(grad.bias, tf.mul(params.gradientPenalty, hu[l].bias)) as Tensor1D;
  });
  return { crossEntropy, total, gradients };
}

/**
 * H·V for E (batch-mean softmax CE) with V acting on the weights only (bias direction 0), by Pearlmutter's R-operator:
 *   forward:  R{z_l} = R{a_{l−1}} W_l + a_{l−1} V_l,  R{a_l} = σ'(z_l) ⊙ R{z_l}
 *   softmax:  R{δ_L} = p ⊙ (R{z_L} − Σ_c p_c R{z_L,c}) / B
 *   backward: R{g_l} = R{a_{l−1}}ᵀ δ_l + a_{l−1}ᵀ R{δ_l},  R{g_b,l} = Σ_rows R{δ_l},
 *             R{δ_{l−1}} = (R{δ_l} W_lᵀ + δ_l V_lᵀ) ⊙ σ'(z_{l−1}) + (δ_l W_lᵀ) ⊙ σ''(z_{l−1}) ⊙ R{z_{l−1}}.
 */
function hessianVectorProduct(
  tf: Tf,
  layers: readonly LayerTensors[],
  cache: ForwardCache,
  deltas: Tensor2D[],
  backOut: Tensor2D[],
  direction: Tensor2D[],
): LayerGradients[] {
  const L = layers.length;
  const batch = cache.inputs[0].shape[0];
  const rInputs: (Tensor2D | null)[] = [null]; // R{a_0} = 0
  const rZ: Tensor2D[] = [];
  for (let l = 0; l < L; l++) {
    const fromDirection = tf.matMul(cache.inputs[l], direction[l]) as Tensor2D;
    const rPrev = rInputs[l];
    const z = rPrev === null ? fromDirection : (tf.add(tf.matMul(rPrev, layers[l].weights), fromDirection) as Tensor2D);
    rZ.push(z);
    if (l + 1 < L) rInputs.push(tf.mul(cache.slope[l], z) as Tensor2D);
  }
  const p = cache.probabilities;
  const rDeltas: Tensor2D[] = new Array(L);
  rDeltas[L - 1] = tf.div(tf.mul(p, tf.sub(rZ[L - 1], tf.sum(tf.mul(p, rZ[L - 1]), 1, true))), batch) as Tensor2D;
  for (let l = L - 1; l > 0; l--) {
    const rBackOut = tf.add(tf.matMul(rDeltas[l], layers[l].weights, false, true), tf.matMul(deltas[l], direction[l], false, true));
    rDeltas[l - 1] = tf.add(tf.mul(rBackOut, cache.slope[l - 1]), tf.mul(backOut[l], tf.mul(cache.curvature[l - 1], rZ[l - 1]))) as Tensor2D;
  }
  return layers.map((_, l) => {
    const rPrev = rInputs[l];
    const fromInputs = tf.matMul(cache.inputs[l], rDeltas[l], true, false);
    return {
      weights: (rPrev === null ? fromInputs : tf.add(fromInputs, tf.matMul(rPrev, deltas[l], true, false))) as Tensor2D,
      bias: tf.sum(rDeltas[l], 0) as Tensor1D,
    };
  });
}
