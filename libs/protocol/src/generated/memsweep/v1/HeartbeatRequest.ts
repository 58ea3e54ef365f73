// Original file: proto/memsweep/v1/worker.proto


export interface HeartbeatRequest {
  'workerId'?: (string);
  'taskIds'?: (string)[];
}

export interface HeartbeatRequest__Output {
  'workerId': (string);
  'taskIds': (string)[];
}
