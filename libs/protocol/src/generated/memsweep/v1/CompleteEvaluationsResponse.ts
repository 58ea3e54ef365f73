// Original file: proto/memsweep/v1/worker.proto

import type { Task as _memsweep_v1_Task, Task__Output as _memsweep_v1_Task__Output } from '../../memsweep/v1/Task.js';

export interface CompleteEvaluationsResponse {
  /**
   * "completed" or "lease-lost", one per result in the order sent.
   */
  'outcomes'?: (string)[];
  /**
   * The tasks leased when lease_max_tasks > 0.
   */
  'tasks'?: (_memsweep_v1_Task)[];
  /**
   * As LeaseTasksResponse.idle (only meaningful when lease_max_tasks > 0).
   */
  'idle'?: (boolean);
}

export interface CompleteEvaluationsResponse__Output {
  /**
   * "completed" or "lease-lost", one per result in the order sent.
   */
  'outcomes': (string)[];
  /**
   * The tasks leased when lease_max_tasks > 0.
   */
  'tasks': (_memsweep_v1_Task__Output)[];
  /**
   * As LeaseTasksResponse.idle (only meaningful when lease_max_tasks > 0).
   */
  'idle': (boolean);
}
