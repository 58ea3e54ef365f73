// Original file: proto/memsweep/v1/sweep.proto


export interface WorkerInfo {
  'workerId'?: (string);
  'hostname'?: (string);
  'threads'?: (number);
  'state'?: (string);
  'lastSeenMsAgo'?: (number | string);
}

export interface WorkerInfo__Output {
  'workerId': (string);
  'hostname': (string);
  'threads': (number);
  'state': (string);
  'lastSeenMsAgo': (number);
}
