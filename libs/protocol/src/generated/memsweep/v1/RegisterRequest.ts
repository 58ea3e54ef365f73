// Original file: proto/memsweep/v1/worker.proto


export interface RegisterRequest {
  'hostname'?: (string);
  'threads'?: (number);
  'version'?: (string);
  /**
   * Empty on first contact; a reconnecting worker sends the id it had.
   */
  'workerId'?: (string);
}

export interface RegisterRequest__Output {
  'hostname': (string);
  'threads': (number);
  'version': (string);
  /**
   * Empty on first contact; a reconnecting worker sends the id it had.
   */
  'workerId': (string);
}
