/**
 * Technology-aware training [C] (SPEC §7.4, §5): the forward pass runs every layer through the non-ideal crossbar model
 * the crossbar library deploys with (`mapLayerDifferential` → `applyChipCorner` → `foldDifferentialLayer` with the
 * first-order parasitics), written in tf ops so it is back-propagated:
 *
 *   augmented W̃ = [W; b] (bias = one extra row driven by 1), w_max = max|W̃| (or the clip value),
 *   q = quantize(min(|w̃|/w_max, 1)) to `levels` levels with a straight-through estimator (forward rounds, backward is
 *       the identity),
 *   G⁺/Gmin = 1 + (r − 1)·q for w̃ ≥ 0 (else 1), G⁻/Gmin likewise for w̃ < 0, r = Gmax/Gmin, both × the chip corner,
 *   per tile and per array: αᵢ = 1/(1 + R_S·Σ_{j∈tile} Gᵢⱼ), βⱼ = 1/(1 + R_N·Σ_{i∈tile} Gᵢⱼ), T = α ⊙ G ⊙ β,
 *   w_eff = w_max·(T⁺ − T⁻)/(Gmax − Gmin).
 *
 * Choices (documented, SPEC §5 "[C] trains with the first-order form"):
 * - The factors α, β stay DIFFERENTIABLE: they are cheap tile sums (two matmuls with 0/1 tile-indicator matrices), so
 *   autodiff gives the exact gradient of the forward model at no extra design cost; the alternative (constants per
 *   batch) would ignore that raising a weight also lowers its own row's and column's factors, which is exactly the
 *   coupling technology-aware training should learn to compensate.
 * - w_max is a constant per batch (no gradient through the max): the max is a non-smooth function of one weight, and the
 *   deployment maps by the layer max of the *trained* weights, whatever that weight is.
 * - Only the 'first-order' parasitics model is accepted (what [C] trains with); deployment may use 'ideal-wire'.
 * - Computed in units of Gmin (conductances in [1, r], resistances as R·Gmin) so float32 keeps its precision.
 */
import {
  assertChipCorner,
  assertDifferentialMapping,
  assertParasitics,
  assertTiling,
  chipCornerFactor,
} from '@memsweep/crossbar';
import type { TechnologyAwareParams } from '@memsweep/methods';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { LayerTensors } from './mlp.js';
import type { Tf } from './tf.js';

export type { TechnologyAwareParams };

/** Throws a `RangeError` naming what is wrong. */
export function assertTechnologyAwareParams(params: TechnologyAwareParams): void {
  assertDifferentialMapping(params.mapping);
  assertParasitics(params.parasitics);
  if (params.parasitics.model !== 'first-order') throw new RangeError(`technology-aware training uses the first-order parasitics model [C]; got model '${params.parasitics.model}'`);
  assertTiling(params.tiling);
  assertChipCorner(params.chipCorner);
}

/** Forward rounds to `levels` levels on [0, 1]; backward passes the gradient straight through. */
function straightThroughQuantize(tf: Tf, m: Tensor, levels: number | null): Tensor {
  if (levels === null) return m;
  const steps = levels - 1;
  // round(x) rounds half to even in tfjs and half up in Math.round; ties are measure-zero except at exact level
  // midpoints, so add nothing and accept the difference there.
  const forward = (x: Tensor) => ({ value: tf.div(tf.round(tf.mul(x, steps)), steps), gradFunc: (dy: Tensor) => dy });
  const ste = tf.customGrad(forward as unknown as Parameters<Tf['customGrad']>[0]);
  return ste(m) as Tensor;
}

/** 0/1 matrix [n, groups] assigning index k to group ⌊k/size⌋ (size null = one group). */
function groupIndicator(tf: Tf, n: number, size: number | null): Tensor2D {
  const groupSize = size ?? Math.max(n, 1);
  const groups = Math.ceil(n / groupSize);
  const data = new Float32Array(n * groups);
  for (let k = 0; k < n; k++) data[k * groups + Math.floor(k / groupSize)] = 1;
  return tf.tensor2d(data, [n, groups]);
}

/**
 * The effective (weights, bias) of one layer on the non-ideal chip, as differentiable tensors. Call inside a tidy (or a
 * gradient closure). `weights` is [inputs, outputs], `bias` [outputs].
 */
export function technologyAwareLayer(tf: Tf, weights: Tensor2D, bias: Tensor1D, params: TechnologyAwareParams): LayerTensors {
  const { mapping, parasitics, tiling, chipCorner } = params;
  const [inputs, outputs] = weights.shape;
  const rows = inputs + 1;
  const ratio = mapping.gMaxOverGMin;
  const augmented = tf.concat([weights, tf.reshape(bias, [1, outputs])], 0) as Tensor2D;
  const magnitude = tf.abs(augmented);
  const wMaxValue = mapping.clip === 'layer-max' ? tf.max(magnitude).dataSync()[0] : mapping.clip;
  if (!(wMaxValue > 0)) return { weights: tf.zerosLike(weights) as Tensor2D, bias: tf.zerosLike(bias) as Tensor1D };
  const q = straightThroughQuantize(tf, tf.minimum(tf.div(magnitude, wMaxValue), 1), mapping.levels);
  const positive = tf.cast(tf.greaterEqual(augmented, 0), 'float32');
  const corner = chipCornerFactor(chipCorner);
  const span = tf.mul(q, ratio - 1);
  const gPlus = tf.mul(tf.add(1, tf.mul(span, positive)), corner) as Tensor2D; // in units of Gmin
  const gMinus = tf.mul(tf.add(1, tf.mul(span, tf.sub(1, positive))), corner) as Tensor2D;
  const rowGroups = groupIndicator(tf, rows, tiling.crossbarRows);
  const columnGroups = groupIndicator(tf, outputs, tiling.crossbarColumns);
  const rS = parasitics.sourceResistance * mapping.gMin;
  const rN = parasitics.neuronResistance * mapping.gMin;
  const transfer = (g: Tensor2D): Tensor2D => {
    let t: Tensor2D = g;
    if (rS > 0) {
      // Σ over the columns of the cell's own tile, for every cell: (G·C)·Cᵀ.
      const rowSums = tf.matMul(tf.matMul(g, columnGroups), columnGroups, false, true);
      t = tf.div(t, tf.add(1, tf.mul(rS, rowSums))) as Tensor2D;
    }
    if (rN > 0) {
      const columnSums = tf.matMul(rowGroups, tf.matMul(rowGroups, g, true, false));
      t = tf.div(t, tf.add(1, tf.mul(rN, columnSums))) as Tensor2D;
    }
    return t;
  };
  const effective = tf.mul(tf.sub(transfer(gPlus), transfer(gMinus)), wMaxValue / (ratio - 1)) as Tensor2D;
  return {
    weights: tf.slice(effective, [0, 0], [inputs, outputs]) as Tensor2D,
    bias: tf.reshape(tf.slice(effective, [inputs, 0], [1, outputs]), [outputs]) as Tensor1D,
  };
}
