// Original file: proto/memsweep/v1/sweep.proto

import type { Failure as _memsweep_v1_Failure, Failure__Output as _memsweep_v1_Failure__Output } from '../../memsweep/v1/Failure.js';
import type { WorkerInfo as _memsweep_v1_WorkerInfo, WorkerInfo__Output as _memsweep_v1_WorkerInfo__Output } from '../../memsweep/v1/WorkerInfo.js';

export interface Progress {
  'sweepId'?: (string);
  'name'?: (string);
  'trainingTotal'?: (number);
  'trainingDone'?: (number);
  'shardsTotal'?: (number);
  'shardsDone'?: (number);
  'shardsFailed'?: (number);
  'trialsTotal'?: (number);
  'trialsDone'?: (number);
  'done'?: (boolean);
  'failures'?: (_memsweep_v1_Failure)[];
  'workers'?: (_memsweep_v1_WorkerInfo)[];
  'trainingRunsExecuted'?: (number);
}

export interface Progress__Output {
  'sweepId': (string);
  'name': (string);
  'trainingTotal': (number);
  'trainingDone': (number);
  'shardsTotal': (number);
  'shardsDone': (number);
  'shardsFailed': (number);
  'trialsTotal': (number);
  'trialsDone': (number);
  'done': (boolean);
  'failures': (_memsweep_v1_Failure__Output)[];
  'workers': (_memsweep_v1_WorkerInfo__Output)[];
  'trainingRunsExecuted': (number);
}
