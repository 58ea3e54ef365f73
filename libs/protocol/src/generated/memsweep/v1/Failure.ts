// Original file: proto/memsweep/v1/sweep.proto


export interface Failure {
  'taskId'?: (string);
  'kind'?: (string);
  'error'?: (string);
  'attempts'?: (number);
}

export interface Failure__Output {
  'taskId': (string);
  'kind': (string);
  'error': (string);
  'attempts': (number);
}
