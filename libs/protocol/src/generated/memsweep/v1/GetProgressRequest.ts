// Original file: proto/memsweep/v1/sweep.proto


export interface GetProgressRequest {
  /**
   * A sweep id or name (the newest sweep of that name).
   */
  'sweep'?: (string);
}

export interface GetProgressRequest__Output {
  /**
   * A sweep id or name (the newest sweep of that name).
   */
  'sweep': (string);
}
