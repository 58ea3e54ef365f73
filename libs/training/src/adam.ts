/**
 * Adam (Kingma & Ba 2015, Alg. 1) on tf variables, with an optional keep-mask for drop-connect (SPEC §7.2).
 *
 * Why not `tf.train.adam`: it updates every entry, and its momentum would move a weight in a batch where drop-connect
 * masked it (zero gradient, non-zero first moment). Here the whole update is masked instead: where the mask is 0 the
 * weight *and both of its moments* keep their exact previous values ("lazy Adam", as TensorFlow's LazyAdam does for
 * sparse rows). A weight's moments therefore only ever see the batches it took part in, as if that weight's optimizer
 * had run on its own subsequence of batches. The bias correction uses the global step count t, so for a weight that
 * sat out k of t steps it is the correction for t rather than t − k steps — a small early-training difference, shared
 * with LazyAdam. (The alternative, decaying masked moments as if the gradient were 0, would shrink the moments of
 * weights that were merely absent; we do not do that.)
 */
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** Adam's hyper-parameters. */
export interface AdamSettings {
  /** Step size α. */
  learningRate: number;
  /** Decay of the first moment (mean of gradients). @default 0.9 */
  beta1: number;
  /** Decay of the second moment (mean of squared gradients). @default 0.999 */
  beta2: number;
  /** Added to √v̂ so the step stays finite. @default 1e-7 (TensorFlow's default; the paper uses 1e-8) */
  epsilon: number;
}

/** The paper's decays with TensorFlow's ε. */
export const ADAM_DEFAULTS: Readonly<Omit<AdamSettings, 'learningRate'>> = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });

/** One parameter tensor with its Adam moments (same shape, zero at the start). */
export interface AdamSlot {
  param: Variable;
  firstMoment: Variable;
  secondMoment: Variable;
}

/** A slot starting at `initial` with zero moments. The caller still owns (and disposes) `initial`. */
export function createAdamSlot(tf: Tf, initial: Tensor): AdamSlot {
  // tidy frees the temporaries; the variables hold their own references to the data.
  return tf.tidy(() => ({
    param: tf.variable(initial.clone(), true),
    firstMoment: tf.variable(tf.zerosLike(initial), false),
    secondMoment: tf.variable(tf.zerosLike(initial), false),
  }));
}

/** Frees a slot's three variables. */
export function disposeAdamSlot(slot: AdamSlot): void {
  slot.param.dispose();
  slot.firstMoment.dispose();
  slot.secondMoment.dispose();
}

/**
 * Step number `step` (1-based) of Adam on one slot. With `keep` (a bool tensor of the parameter's shape), entries
 * where keep is false are left bit-identical: parameter, first and second moment. With `l1Proximal` = λ > 0, the
 * stepped parameter is then soft-thresholded by the proximal operator of λ‖w‖₁ in Adam's metric (per entry
 * τ = α·λ/(√v̂ + ε), the step size Adam gives that entry): w ← sign(w)·max(|w| − τ, 0), exactly 0 inside the threshold.
 */
export function adamStep(tf: Tf, slot: AdamSlot, gradient: Tensor, step: number, settings: AdamSettings, keep?: Tensor, l1Proximal = 0): void {
  const { learningRate, beta1, beta2, epsilon } = settings;
  tf.tidy(() => {
    const m = tf.add(tf.mul(slot.firstMoment, beta1), tf.mul(gradient, 1 - beta1));
    const v = tf.add(tf.mul(slot.secondMoment, beta2), tf.mul(tf.square(gradient), 1 - beta2));
    const mHat = tf.div(m, 1 - Math.pow(beta1, step));
    const vHat = tf.div(v, 1 - Math.pow(beta2, step));
    const denominator = tf.add(tf.sqrt(vHat), epsilon);
    const stepped = tf.sub(slot.param, tf.div(tf.mul(mHat, learningRate), denominator));
    const updated = l1Proximal > 0 ? softThreshold(tf, stepped, tf.div(learningRate * l1Proximal, denominator)) : stepped;
    // tf.where copies the old value bit for bit where keep is false (x − 0 would turn −0 into +0).
    slot.firstMoment.assign(keep ? tf.where(keep, m, slot.firstMoment) : m);
    slot.secondMoment.assign(keep ? tf.where(keep, v, slot.secondMoment) : v);
    slot.param.assign(keep ? tf.where(keep, updated, slot.param) : updated);
  });
}

/** The proximal operator of τ‖w‖₁ (entry-wise τ ≥ 0): sign(w)·max(|w| − τ, 0). */
export function softThreshold(tf: Tf, w: Tensor, tau: Tensor): Tensor {
  return tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), tau)));
}
