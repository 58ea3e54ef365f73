// Original file: proto/memsweep/v1/worker.proto


export interface RegisterResponse {
  'workerId'?: (string);
  'leaseMs'?: (number);
  'heartbeatMs'?: (number);
}

export interface RegisterResponse__Output {
  'workerId': (string);
  'leaseMs': (number);
  'heartbeatMs': (number);
}
