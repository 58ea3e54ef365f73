// Original file: proto/memsweep/v1/worker.proto


export interface FailTaskResponse {
  /**
   * "retry-scheduled", "failed" or "lease-lost".
   */
  'outcome'?: (string);
}

export interface FailTaskResponse__Output {
  /**
   * "retry-scheduled", "failed" or "lease-lost".
   */
  'outcome': (string);
}
