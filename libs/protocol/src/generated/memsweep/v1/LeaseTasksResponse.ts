// Original file: proto/memsweep/v1/worker.proto

import type { Task as _memsweep_v1_Task, Task__Output as _memsweep_v1_Task__Output } from '../../memsweep/v1/Task.js';

export interface LeaseTasksResponse {
  'tasks'?: (_memsweep_v1_Task)[];
  /**
   * True when no sweep has unfinished work: an idle worker may wait longer before asking again.
   */
  'idle'?: (boolean);
}

export interface LeaseTasksResponse__Output {
  'tasks': (_memsweep_v1_Task__Output)[];
  /**
   * True when no sweep has unfinished work: an idle worker may wait longer before asking again.
   */
  'idle': (boolean);
}
