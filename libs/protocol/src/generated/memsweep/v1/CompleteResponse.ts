// Original file: proto/memsweep/v1/worker.proto


export interface CompleteResponse {
  /**
   * "completed", or "lease-lost" when the lease had expired and the work was given to another worker.
   */
  'outcome'?: (string);
}

export interface CompleteResponse__Output {
  /**
   * "completed", or "lease-lost" when the lease had expired and the work was given to another worker.
   */
  'outcome': (string);
}
