/**
 * The training methods of SPEC §7 as plain data: each method's name and parameters, the one definition that the
 * training library (which runs them) and the sweep library (which reads them from sweep files, expands their defaults
 * and keys training runs by them) both use: types, the list of names and the plain-data defaults a sweep file leaves out.
 */
import type {
  ChipCorner,
  DeviceFaultConfig,
  DifferentialMapping,
  FaultPruningConfig,
  ParasiticsConfig,
  ResistanceWindow,
  TilingConfig,
  UpdateNoiseConfig,
} from '@memsweep/crossbar';

/** Parameters of `reliability-driven` training [W]. */
export interface ReliabilityDrivenParams {
  /** Probability per weight and batch that it is stuck at 0 ([W]'s SA1, high resistance). @default 0.0904 */
  stuckAtZeroRate: number;
  /** Probability per weight and batch that it is stuck at +w_max·sign(w) ([W]'s SA0, low resistance; w_max = the layer's max |w| in that batch). @default 0.0175 */
  stuckAtMaxRate: number;
  /** λ₁, weight of ‖W‖₂² (sum over all weights, biases excluded). @default 1e-4 */
  l2: number;
  /** λ₂, weight of ‖W ⊙ ∂E/∂W‖₂². @default 1 */
  gradientPenalty: number;
  /** Layers that get faults: 'all', or 'last' (the last FC layer only, as in [W]'s experiments). @default 'all' */
  faultLayers: 'all' | 'last';
  /**
   * What "maximum value" means for SA0 (SPEC §2.2, the crossbar's `StuckOnValue`): 'signed-max' = +w_max·sign(w) (a zero
   * weight counts as positive), 'positive-max' = +w_max whatever the sign. @default 'signed-max'
   */
  stuckAtMaxValue: 'signed-max' | 'positive-max';
}

/** Parameters of `technology-aware` training [C] (the crossbar library's configs). */
export interface TechnologyAwareParams {
  /** Weight → conductance pair mapping: window, Gmax/Gmin, levels (16 = 4 bits in [C]), clip. */
  mapping: DifferentialMapping;
  /** Source and neuron resistance; `model` must be 'first-order'. */
  parasitics: ParasiticsConfig;
  /** Crossbar tile size (the bias row counts as a row, as in the crossbar library). */
  tiling: TilingConfig;
  /** Chip-to-chip corner the network is trained at ([C] trains at a corner to recover it). */
  chipCorner: ChipCorner;
}

/**
 * Parameters of `fault-pruning` training [K].
 *
 * Step size: a device is programmed (and its update recorded for f̂) only when |ΔR^ideal| ≥ significance·R (2 %, the
 * authors' value); smaller Adam steps accumulate in the network's weight until they reach it.
 */
export interface FaultPruningParams {
  /** Per-device fault factor laws (stuck / discordant / concordant shares). @default all concordant, f ~ N(1, 0.5) clipped */
  devices: DeviceFaultConfig;
  /** Switching / read noise η of every update. @default none */
  noise: UpdateNoiseConfig;
  /** N, θ, significance, per-step limits and the variant ('prune' | 'freeze' | 'none'). @default N = 10, θ = 0.1 */
  pruning: FaultPruningConfig;
  /** Device resistance window (Ω). @default the authors' device, 6843.97 – 14109.06 Ω, symmetric (their `memristor_model.py`) */
  window: ResistanceWindow;
  /** Weights in [−weightRange, +weightRange] fill the window; larger ones are clipped at its ends. @default 0.5 (their --wmax) */
  weightRange: number;
  /** Training steps (batches) between pruning steps. @default 1 (their `prune` runs after every update) */
  pruneEvery: number;
}

/** How the L1 penalty of the sparsity method acts: a subgradient term in the loss, or a proximal step after Adam. */
export type L1Step = 'subgradient' | 'proximal';

/** The methods whose parameters come from a sweep file's `methods:` entry. */
export type ParameterizedTrainingMethod =
  /** [W Alg. 1]: per-batch weight-level stuck-at faults (frozen that step) and CE + λ₁‖W‖² + λ₂‖W ⊙ ∂E/∂W‖². */
  | ({ name: 'reliability-driven' } & ReliabilityDrivenParams)
  /** [C]: forward (and backward) through the non-ideal tile model. */
  | ({ name: 'technology-aware' } & TechnologyAwareParams)
  /**
   * [Y]: CE + `l1`·‖W‖₁ over all weights (biases excluded); `l1` ≥ 0. `l1Step` (absent = 'subgradient'): 'subgradient'
   * adds l1·sign(w) to the gradient; 'proximal' leaves the loss as CE and after each Adam step soft-thresholds every weight
   * in Adam's own metric, w ← sign(w)·max(|w| − α·l1/(√v̂ + ε), 0), which sets weights exactly to zero.
   */
  | { name: 'sparsity'; l1: number; l1Step?: L1Step }
  /** [K]: in-the-loop training on faulty devices with fault pruning. */
  | ({ name: 'fault-pruning' } & FaultPruningParams);

/**
 * A training method (SPEC §7) with its hyper-parameters; every result records it whole. Each is deterministic given the
 * training seed (on a given backend).
 */
export type TrainingMethod =
  | { name: 'baseline' }
  /** [X]: each weight (not bias) is masked per batch with probability `rate` ∈ [0, 1); kept weights are scaled by 1/(1−rate). */
  | { name: 'drop-connect'; rate: number }
  | ParameterizedTrainingMethod;

/** The names of every training method. */
export type TrainingMethodName = TrainingMethod['name'];

/** Every method name, in SPEC §7 order. */
export const TRAINING_METHOD_NAMES = Object.freeze(['baseline', 'drop-connect', 'reliability-driven', 'technology-aware', 'sparsity', 'fault-pruning'] as const) satisfies readonly TrainingMethodName[];

/** [W]'s training faults (SA1 → 0 at 9.04 %, SA0 → ±w_max at 1.75 %, SPEC §3) with λ₁ = 1e-4, λ₂ = 1 on every layer. */
export const RELIABILITY_DRIVEN_DEFAULTS: Readonly<ReliabilityDrivenParams> = Object.freeze({
  stuckAtZeroRate: 0.0904,
  stuckAtMaxRate: 0.0175,
  l2: 1e-4,
  gradientPenalty: 1,
  faultLayers: 'all',
  stuckAtMaxValue: 'signed-max',
});

/** [Y]'s L1 strength ([Y] gives no value) and the plain subgradient step. */
export const SPARSITY_DEFAULTS: Readonly<{ l1: number; l1Step: L1Step }> = Object.freeze({ l1: 1e-4, l1Step: 'subgradient' });
