// Original file: proto/memsweep/v1/sweep.proto


export interface SweepInfo {
  'sweepId'?: (string);
  'name'?: (string);
  'status'?: (string);
  'createdAt'?: (string);
}

export interface SweepInfo__Output {
  'sweepId': (string);
  'name': (string);
  'status': (string);
  'createdAt': (string);
}
