// Original file: proto/memsweep/v1/worker.proto


export interface CompleteTrainingRequest {
  'workerId'?: (string);
  'taskId'?: (string);
  'artifactHash'?: (string);
  'artifact'?: (Buffer | Uint8Array | string);
  'backend'?: (string);
  /**
   * Training metadata (accuracies, loss, seconds) as JSON.
   */
  'metaJson'?: (string);
  'seconds'?: (number | string);
}

export interface CompleteTrainingRequest__Output {
  'workerId': (string);
  'taskId': (string);
  'artifactHash': (string);
  'artifact': (Buffer);
  'backend': (string);
  /**
   * Training metadata (accuracies, loss, seconds) as JSON.
   */
  'metaJson': (string);
  'seconds': (number);
}
