// Original file: proto/memsweep/v1/worker.proto


export interface ReleaseTasksResponse {
  'released'?: (number);
}

export interface ReleaseTasksResponse__Output {
  'released': (number);
}
