import type { DatasetConfig, DeploymentConfig, TrainingConfig } from '@memsweep/sweep';

/** What the worker's main thread hands a pool thread. Plain data: it is structured-cloned across threads. */
export type PoolRequest = ProbeRequest | TrainRequest | EvaluateRequest;

/** Brings up the thread's TensorFlow backend and reports which one runs. */
export interface ProbeRequest {
  kind: 'probe';
}

export interface ProbeResponse {
  kind: 'probe';
  backend: string;
}

export interface TrainRequest {
  kind: 'train';
  config: TrainingConfig;
}

export interface EvaluateRequest {
  kind: 'evaluate';
  /** sha256 hex of `artifact`; the thread keeps decoded models by hash. */
  artifactHash: string;
  artifact: Uint8Array;
  dataset: DatasetConfig;
  deployment: DeploymentConfig;
  sweepSeed: number;
  trialStart: number;
  trialEnd: number;
}

export interface TrainResponse {
  kind: 'train';
  artifact: Uint8Array;
  backend: string;
  meta: Record<string, unknown>;
}

export interface EvaluateResponse {
  kind: 'evaluate';
  backend: string;
  trials: Array<{ trial: number; correct: number; total: number }>;
}

export type PoolResponse = ProbeResponse | TrainResponse | EvaluateResponse;
