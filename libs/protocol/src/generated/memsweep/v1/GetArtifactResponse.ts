// Original file: proto/memsweep/v1/worker.proto


export interface GetArtifactResponse {
  'artifact'?: (Buffer | Uint8Array | string);
  'backend'?: (string);
}

export interface GetArtifactResponse__Output {
  'artifact': (Buffer);
  'backend': (string);
}
