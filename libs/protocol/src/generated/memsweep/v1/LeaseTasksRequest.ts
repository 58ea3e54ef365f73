// Original file: proto/memsweep/v1/worker.proto


export interface LeaseTasksRequest {
  'workerId'?: (string);
  'maxTasks'?: (number);
}

export interface LeaseTasksRequest__Output {
  'workerId': (string);
  'maxTasks': (number);
}
