/**
 * The training methods of SPEC §7 by name, with documented defaults, for callers that build configs from a sweep file.
 * Every default is plain JSON data; the whole method object is what a result records.
 */
import { CHAKRABORTY2018_MAPPING, NO_CHIP_CORNER, squareTiling } from '@memsweep/crossbar';
import { FAULT_PRUNING_DEFAULTS } from './in-the-loop.js';
import { TRAINING_METHOD_NAMES, type TrainingMethod, type TrainingMethodName } from '@memsweep/methods';
import { RELIABILITY_DRIVEN_DEFAULTS } from './reliability.js';

export { TRAINING_METHOD_NAMES };

/**
 * A method with its default parameters:
 * - drop-connect: rate 0.1 (set it from the sweep; [X]'s best rate is above the fault rate).
 * - reliability-driven: [W]'s 9.04 % / 1.75 % faults on all layers, λ₁ = 1e-4, λ₂ = 1.
 * - technology-aware: [C]'s TiO₂ 4-bit mapping, its worst-case R_S = 800 Ω and R_N = 200 Ω (first-order), 64 × 64 tiles,
 *   no chip corner.
 * - sparsity: λ = 1e-4, subgradient L1 step.
 * - fault-pruning: all-concordant devices, no noise, N = 10, θ = 0.1, 2 % significance, 'prune', the authors' device
 *   window and weight range, pruning after every update (see in-the-loop.ts).
 */
export function defaultTrainingMethod(name: TrainingMethodName): TrainingMethod {
  switch (name) {
    case 'baseline':
      return { name };
    case 'drop-connect':
      return { name, rate: 0.1 };
    case 'reliability-driven':
      return { name, ...RELIABILITY_DRIVEN_DEFAULTS };
    case 'technology-aware':
      return {
        name,
        mapping: { ...CHAKRABORTY2018_MAPPING },
        parasitics: { kind: 'parasitics', sourceResistance: 800, neuronResistance: 200, model: 'first-order' },
        tiling: squareTiling(64),
        chipCorner: { ...NO_CHIP_CORNER },
      };
    case 'sparsity':
      return { name, l1: 1e-4, l1Step: 'subgradient' };
    case 'fault-pruning':
      return { name, ...FAULT_PRUNING_DEFAULTS };
    default:
      throw new RangeError(`unknown training method '${String(name)}' (known: ${TRAINING_METHOD_NAMES.join(', ')})`);
  }
}
