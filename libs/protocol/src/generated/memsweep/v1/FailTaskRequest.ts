// Original file: proto/memsweep/v1/worker.proto


export interface FailTaskRequest {
  'workerId'?: (string);
  'taskId'?: (string);
  'error'?: (string);
  'retryable'?: (boolean);
}

export interface FailTaskRequest__Output {
  'workerId': (string);
  'taskId': (string);
  'error': (string);
  'retryable': (boolean);
}
