// Original file: proto/memsweep/v1/sweep.proto

import type { SweepInfo as _memsweep_v1_SweepInfo, SweepInfo__Output as _memsweep_v1_SweepInfo__Output } from '../../memsweep/v1/SweepInfo.js';

export interface ListSweepsResponse {
  'sweeps'?: (_memsweep_v1_SweepInfo)[];
}

export interface ListSweepsResponse__Output {
  'sweeps': (_memsweep_v1_SweepInfo__Output)[];
}
