// Original file: proto/memsweep/v1/worker.proto

import type { TrialResult as _memsweep_v1_TrialResult, TrialResult__Output as _memsweep_v1_TrialResult__Output } from '../../memsweep/v1/TrialResult.js';

export interface EvaluationResult {
  'taskId'?: (string);
  'trials'?: (_memsweep_v1_TrialResult)[];
  'seconds'?: (number | string);
}

export interface EvaluationResult__Output {
  'taskId': (string);
  'trials': (_memsweep_v1_TrialResult__Output)[];
  'seconds': (number);
}
