// Original file: proto/memsweep/v1/worker.proto


export interface GetArtifactRequest {
  'hash'?: (string);
}

export interface GetArtifactRequest__Output {
  'hash': (string);
}
