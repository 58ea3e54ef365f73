// Original file: proto/memsweep/v1/sweep.proto


export interface SubmitSweepRequest {
  'yaml'?: (string);
}

export interface SubmitSweepRequest__Output {
  'yaml': (string);
}
