// Original file: proto/memsweep/v1/worker.proto


export interface ReleaseTasksRequest {
  'workerId'?: (string);
  'taskIds'?: (string)[];
}

export interface ReleaseTasksRequest__Output {
  'workerId': (string);
  'taskIds': (string)[];
}
