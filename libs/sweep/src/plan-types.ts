import type { AdaptiveMonteCarlo } from './adaptive-montecarlo.js';
import type { DatasetConfig } from './dataset-schema.js';
import type { ConvNetworkChoice } from './network-schema.js';
import type { DeviceModelConfig } from '@memsweep/crossbar';
import type { TrainingMethod } from '@memsweep/methods';

export type { DatasetConfig } from './dataset-schema.js';

/**
 * The sweep's domain model after compilation and planning: plain JSON-serializable data that travels over gRPC and into
 * the database. The spec (what the user wrote) lives in spec-schema.ts; this file is what the planner makes of it.
 */

/** The five swept dimensions (SPEC §10). */
export const DIMENSIONS = ['faultRate', 'dropConnectRate', 'sigma', 'crossbarSize', 'width'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Which dimensions act at training time (SPEC §10). The rest act only at deployment. */
export const TRAINING_DIMENSIONS: readonly Dimension[] = ['dropConnectRate', 'width'];
export const DEPLOYMENT_DIMENSIONS: readonly Dimension[] = ['faultRate', 'sigma', 'crossbarSize'];

/** Everything a training run depends on; its canonical JSON hash is the run's identity (dedupe key). */
export type TrainingConfig = MlpTrainingConfig | ConvTrainingConfig;

/** Fields every training run has. */
interface TrainingRunBase {
  /** The data set, with its content fingerprint for file-based sets (so the data set is part of the key). */
  dataset: DatasetConfig;
  method: TrainingMethod;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Training seed: initialization, batch order, drop-connect masks. */
  seed: number;
}

/** An MLP run (the original shape: its keys are unchanged by the CNN support). */
export interface MlpTrainingConfig extends TrainingRunBase {
  /** Hidden layer sizes after the width multiplier is applied. */
  hidden: number[];
  activation: 'sigmoid' | 'relu';
}

/** A convolutional network run (LeNet-5, VGG-small): baseline or drop-connect. */
export interface ConvTrainingConfig extends TrainingRunBase {
  /** The architecture and the grid's width multiplier on its channels / units. */
  network: ConvNetworkChoice & { width: number };
}

/** True for a convolutional network's training run. */
export function isConvTraining(config: TrainingConfig): config is ConvTrainingConfig {
  return 'network' in config;
}

export type { ParameterizedTrainingMethod, TrainingMethod } from '@memsweep/methods';

/** Everything a simulated chip depends on; with the trial index and sweep seed it keys the chip's random draws. */
export interface DeploymentConfig {
  faultRate: number;
  sigma: number;
  crossbarSize: number;
  /** Name of the fault preset that splits faultRate into stuck-off / stuck-on (SPEC §3). */
  faultPreset: string;
  stuckOffRate: number;
  stuckOnRate: number;
  /**
   * The device model, fully expanded (every field, and for analog / bit-sliced the preset it came from or null), so the
   * stored point says exactly which chip it ran on. Weight-level keeps its two fields only (its keys are unchanged).
   * Analog parasitics are in ohms.
   */
  deviceModel: DeviceModelConfig;
  /** [X Alg. 1] batch-norm recalibration at `faultRate` before deployment; absent = off. Not part of the chip key. */
  batchNormRecalibration?: 'sampled' | 'expected';
}

/** One point of the sweep: a method at one grid coordinate with one training seed, evaluated over `trials` chips. */
export interface PlannedPoint {
  /** Position in the plan, stable for a given spec. */
  index: number;
  /** Canonical hash of (trainingKey, deploymentKey): the point's identity. */
  key: string;
  method: string;
  faultRate: number;
  /** null when the method does not use drop-connect. */
  dropConnectRate: number | null;
  sigma: number;
  crossbarSize: number;
  width: number;
  seed: number;
  trainingKey: string;
  deploymentKey: string;
  deployment: DeploymentConfig;
}

export interface PlannedTraining {
  key: string;
  config: TrainingConfig;
}

/** A contiguous range of trials [trialStart, trialEnd) of one point. */
export interface PlannedShard {
  pointKey: string;
  trialStart: number;
  trialEnd: number;
}

export interface SweepPlan {
  name: string;
  /** Canonical hash of the compiled spec: submitting the same spec twice resumes, never duplicates. */
  specHash: string;
  /** The compiled spec as canonical JSON and the original YAML text. */
  specJson: string;
  specYaml: string;
  seed: number;
  /** Trials per point; with `adaptive`, the most a point may run (maxTrials). */
  trialsPerPoint: number;
  /** Set when points stop adaptively (montecarlo.adaptive): the store releases and cancels shards by this rule. */
  adaptive?: AdaptiveMonteCarlo;
  points: PlannedPoint[];
  trainings: PlannedTraining[];
  shards: PlannedShard[];
}
