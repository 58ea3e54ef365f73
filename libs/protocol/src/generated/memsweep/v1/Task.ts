// Original file: proto/memsweep/v1/worker.proto

import type { TaskKind as _memsweep_v1_TaskKind, TaskKind__Output as _memsweep_v1_TaskKind__Output } from '../../memsweep/v1/TaskKind.js';

export interface Task {
  'taskId'?: (string);
  'sweepId'?: (string);
  'kind'?: (_memsweep_v1_TaskKind);
  'attempt'?: (number);
  'sweepSeed'?: (number);
  'trainingKey'?: (string);
  /**
   * TrainingConfig as JSON.
   */
  'trainingConfigJson'?: (string);
  /**
   * For evaluation: the trained model to deploy.
   */
  'artifactHash'?: (string);
  'pointKey'?: (string);
  /**
   * DeploymentConfig as JSON.
   */
  'deploymentJson'?: (string);
  'trialStart'?: (number);
  'trialEnd'?: (number);
}

export interface Task__Output {
  'taskId': (string);
  'sweepId': (string);
  'kind': (_memsweep_v1_TaskKind__Output);
  'attempt': (number);
  'sweepSeed': (number);
  'trainingKey': (string);
  /**
   * TrainingConfig as JSON.
   */
  'trainingConfigJson': (string);
  /**
   * For evaluation: the trained model to deploy.
   */
  'artifactHash': (string);
  'pointKey': (string);
  /**
   * DeploymentConfig as JSON.
   */
  'deploymentJson': (string);
  'trialStart': (number);
  'trialEnd': (number);
}
