// Original file: proto/memsweep/v1/worker.proto


export interface HeartbeatResponse {
  'heldTaskIds'?: (string)[];
}

export interface HeartbeatResponse__Output {
  'heldTaskIds': (string)[];
}
