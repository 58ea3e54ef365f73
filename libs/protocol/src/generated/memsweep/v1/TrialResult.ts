// Original file: proto/memsweep/v1/worker.proto


export interface TrialResult {
  'trial'?: (number);
  'correct'?: (number);
  'total'?: (number);
}

export interface TrialResult__Output {
  'trial': (number);
  'correct': (number);
  'total': (number);
}
