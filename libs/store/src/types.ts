import type { DeploymentConfig, TrainingConfig, TrialRow } from '@memsweep/sweep';

export type TaskKind = 'train' | 'evaluate';
/** 'held' (adaptive sweeps): planned but not claimable until the stopping rule releases it; 'cancelled': it never will. */
export type TaskStatus = 'pending' | 'leased' | 'done' | 'failed' | 'held' | 'cancelled';
/** 'running' until every task finished; then 'done', or 'failed' when some task failed for good. */
export type SweepStatus = 'running' | 'done' | 'failed';

export interface SweepRecord {
  id: string;
  name: string;
  specHash: string;
  /** The compiled spec as canonical JSON. */
  specJson: string;
  specYaml: string;
  seed: number;
  trialsPerPoint: number;
  status: SweepStatus;
  createdAt: Date;
}

/** A task as handed to a worker: everything it needs to run without asking the database again. */
export interface LeasedTask {
  taskId: string;
  sweepId: string;
  kind: TaskKind;
  /** Which claim of this task this is, 1-based (retries and expired leases count; released leases do not). */
  attempt: number;
  /** When the lease lapses unless extended, epoch ms. */
  leaseExpiresAtMs: number;
  /** The sweep seed: keys every simulated chip together with the deployment and the trial index. */
  sweepSeed: number;
  trainingKey: string;
  trainingConfig: TrainingConfig;
  /** sha256 hex of the trained model: set for 'evaluate' (never claimed before it exists), null for 'train'. */
  artifactHash: string | null;
  /** 'evaluate' only (else null): the point, its deployment and the shard's trials [trialStart, trialEnd). */
  pointKey: string | null;
  deployment: DeploymentConfig | null;
  trialStart: number | null;
  trialEnd: number | null;
}

export interface ClaimTasksOptions {
  workerId: string;
  /** At most this many tasks (≥ 1). */
  max: number;
  /** Lease length, ms: the worker must extend or complete before it lapses. */
  leaseMs: number;
  /** Only this sweep's tasks. */
  sweepId?: string;
}

export interface ArtifactInput {
  /** sha256 hex of `bytes` (checked). */
  hash: string;
  bytes: Uint8Array;
  /** The tfjs backend that trained it. */
  backend: string;
  /** Free-form trainer metadata, stored as JSON. */
  meta: Record<string, unknown>;
}

export interface StoredArtifact {
  hash: string;
  bytes: Uint8Array;
  sizeBytes: number;
  backend: string;
  meta: Record<string, unknown>;
  createdAt: Date;
}

export interface TrialInput {
  trial: number;
  correct: number;
  total: number;
}

/** One finished evaluation shard in a batch of completions. */
export interface EvaluationResultInput {
  taskId: string;
  trials: readonly TrialInput[];
}

/** 'lease-lost': the caller no longer holds the task (lease expired and re-claimed, released, or finished): drop it. */
export type CompleteOutcome = 'completed' | 'lease-lost';
export type FailOutcome = 'retry-scheduled' | 'failed' | 'lease-lost';

export interface TaskFailure {
  taskId: string;
  kind: TaskKind;
  error: string;
  attempts: number;
}

export interface SweepProgress {
  trainingTotal: number;
  trainingDone: number;
  shardsTotal: number;
  shardsDone: number;
  shardsFailed: number;
  trialsTotal: number;
  trialsDone: number;
  /** Points of the sweep. */
  pointsTotal: number;
  /** Points whose every shard is done or cancelled: none pending, leased, held or failed (adaptive: a stopped point is done). */
  pointsDone: number;
  /** Tasks failed for good, training and evaluation. */
  failures: TaskFailure[];
  /** No task is pending or leased: every task is done or failed. */
  done: boolean;
}

/** One stored trial with its point's coordinates: the rows statistics are computed from (see @memsweep/sweep TrialRow). */
export interface TrialResultRow extends TrialRow {
  pointKey: string;
  correct: number;
  total: number;
}
