// Original file: proto/memsweep/v1/sweep.proto


export interface SubmitSweepResponse {
  'sweepId'?: (string);
  'created'?: (boolean);
  'points'?: (number);
  'trainings'?: (number);
  'shards'?: (number);
  'trials'?: (number);
}

export interface SubmitSweepResponse__Output {
  'sweepId': (string);
  'created': (boolean);
  'points': (number);
  'trainings': (number);
  'shards': (number);
  'trials': (number);
}
