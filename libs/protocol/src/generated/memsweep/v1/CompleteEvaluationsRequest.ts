// Original file: proto/memsweep/v1/worker.proto

import type { EvaluationResult as _memsweep_v1_EvaluationResult, EvaluationResult__Output as _memsweep_v1_EvaluationResult__Output } from '../../memsweep/v1/EvaluationResult.js';

export interface CompleteEvaluationsRequest {
  'workerId'?: (string);
  'results'?: (_memsweep_v1_EvaluationResult)[];
  /**
   * 0: complete only. Else also lease up to this many ready tasks, as LeaseTasks would.
   */
  'leaseMaxTasks'?: (number);
}

export interface CompleteEvaluationsRequest__Output {
  'workerId': (string);
  'results': (_memsweep_v1_EvaluationResult__Output)[];
  /**
   * 0: complete only. Else also lease up to this many ready tasks, as LeaseTasks would.
   */
  'leaseMaxTasks': (number);
}
