// Original file: proto/memsweep/v1/worker.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompleteEvaluationRequest as _memsweep_v1_CompleteEvaluationRequest, CompleteEvaluationRequest__Output as _memsweep_v1_CompleteEvaluationRequest__Output } from '../../memsweep/v1/CompleteEvaluationRequest.js';
import type { CompleteEvaluationsRequest as _memsweep_v1_CompleteEvaluationsRequest, CompleteEvaluationsRequest__Output as _memsweep_v1_CompleteEvaluationsRequest__Output } from '../../memsweep/v1/CompleteEvaluationsRequest.js';
import type { CompleteEvaluationsResponse as _memsweep_v1_CompleteEvaluationsResponse, CompleteEvaluationsResponse__Output as _memsweep_v1_CompleteEvaluationsResponse__Output } from '../../memsweep/v1/CompleteEvaluationsResponse.js';
import type { CompleteResponse as _memsweep_v1_CompleteResponse, CompleteResponse__Output as _memsweep_v1_CompleteResponse__Output } from '../../memsweep/v1/CompleteResponse.js';
import type { CompleteTrainingRequest as _memsweep_v1_CompleteTrainingRequest, CompleteTrainingRequest__Output as _memsweep_v1_CompleteTrainingRequest__Output } from '../../memsweep/v1/CompleteTrainingRequest.js';
import type { FailTaskRequest as _memsweep_v1_FailTaskRequest, FailTaskRequest__Output as _memsweep_v1_FailTaskRequest__Output } from '../../memsweep/v1/FailTaskRequest.js';
import type { FailTaskResponse as _memsweep_v1_FailTaskResponse, FailTaskResponse__Output as _memsweep_v1_FailTaskResponse__Output } from '../../memsweep/v1/FailTaskResponse.js';
import type { GetArtifactRequest as _memsweep_v1_GetArtifactRequest, GetArtifactRequest__Output as _memsweep_v1_GetArtifactRequest__Output } from '../../memsweep/v1/GetArtifactRequest.js';
import type { GetArtifactResponse as _memsweep_v1_GetArtifactResponse, GetArtifactResponse__Output as _memsweep_v1_GetArtifactResponse__Output } from '../../memsweep/v1/GetArtifactResponse.js';
import type { HeartbeatRequest as _memsweep_v1_HeartbeatRequest, HeartbeatRequest__Output as _memsweep_v1_HeartbeatRequest__Output } from '../../memsweep/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _memsweep_v1_HeartbeatResponse, HeartbeatResponse__Output as _memsweep_v1_HeartbeatResponse__Output } from '../../memsweep/v1/HeartbeatResponse.js';
import type { LeaseTasksRequest as _memsweep_v1_LeaseTasksRequest, LeaseTasksRequest__Output as _memsweep_v1_LeaseTasksRequest__Output } from '../../memsweep/v1/LeaseTasksRequest.js';
import type { LeaseTasksResponse as _memsweep_v1_LeaseTasksResponse, LeaseTasksResponse__Output as _memsweep_v1_LeaseTasksResponse__Output } from '../../memsweep/v1/LeaseTasksResponse.js';
import type { RegisterRequest as _memsweep_v1_RegisterRequest, RegisterRequest__Output as _memsweep_v1_RegisterRequest__Output } from '../../memsweep/v1/RegisterRequest.js';
import type { RegisterResponse as _memsweep_v1_RegisterResponse, RegisterResponse__Output as _memsweep_v1_RegisterResponse__Output } from '../../memsweep/v1/RegisterResponse.js';
import type { ReleaseTasksRequest as _memsweep_v1_ReleaseTasksRequest, ReleaseTasksRequest__Output as _memsweep_v1_ReleaseTasksRequest__Output } from '../../memsweep/v1/ReleaseTasksRequest.js';
import type { ReleaseTasksResponse as _memsweep_v1_ReleaseTasksResponse, ReleaseTasksResponse__Output as _memsweep_v1_ReleaseTasksResponse__Output } from '../../memsweep/v1/ReleaseTasksResponse.js';

export interface WorkerServiceClient extends grpc.Client {
  /**
   * One finished evaluation shard (CompleteEvaluations with one result; workers of this version batch instead).
   */
  CompleteEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One finished evaluation shard (CompleteEvaluations with one result; workers of this version batch instead).
   */
  completeEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluation(argument: _memsweep_v1_CompleteEvaluationRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Many finished evaluation shards in one call, committed in one database transaction; one outcome per result.
   * With lease_max_tasks > 0 the same call also leases up to that many new tasks (one round trip per batch).
   */
  CompleteEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  CompleteEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Many finished evaluation shards in one call, committed in one database transaction; one outcome per result.
   * With lease_max_tasks > 0 the same call also leases up to that many new tasks (one round trip per batch).
   */
  completeEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  completeEvaluations(argument: _memsweep_v1_CompleteEvaluationsRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteEvaluationsResponse__Output>): grpc.ClientUnaryCall;
  
  CompleteTraining(argument: _memsweep_v1_CompleteTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteTraining(argument: _memsweep_v1_CompleteTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteTraining(argument: _memsweep_v1_CompleteTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  CompleteTraining(argument: _memsweep_v1_CompleteTrainingRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeTraining(argument: _memsweep_v1_CompleteTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeTraining(argument: _memsweep_v1_CompleteTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeTraining(argument: _memsweep_v1_CompleteTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  completeTraining(argument: _memsweep_v1_CompleteTrainingRequest, callback: grpc.requestCallback<_memsweep_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  
  FailTask(argument: _memsweep_v1_FailTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _memsweep_v1_FailTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _memsweep_v1_FailTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _memsweep_v1_FailTaskRequest, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  failTask(argument: _memsweep_v1_FailTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  failTask(argument: _memsweep_v1_FailTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  failTask(argument: _memsweep_v1_FailTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  failTask(argument: _memsweep_v1_FailTaskRequest, callback: grpc.requestCallback<_memsweep_v1_FailTaskResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A trained model by content hash (sha256 hex of the bytes).
   */
  GetArtifact(argument: _memsweep_v1_GetArtifactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  GetArtifact(argument: _memsweep_v1_GetArtifactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  GetArtifact(argument: _memsweep_v1_GetArtifactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  GetArtifact(argument: _memsweep_v1_GetArtifactRequest, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A trained model by content hash (sha256 hex of the bytes).
   */
  getArtifact(argument: _memsweep_v1_GetArtifactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  getArtifact(argument: _memsweep_v1_GetArtifactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  getArtifact(argument: _memsweep_v1_GetArtifactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  getArtifact(argument: _memsweep_v1_GetArtifactRequest, callback: grpc.requestCallback<_memsweep_v1_GetArtifactResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Extends the leases the worker still works on; answers which it still holds.
   */
  Heartbeat(argument: _memsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _memsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _memsweep_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _memsweep_v1_HeartbeatRequest, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Extends the leases the worker still works on; answers which it still holds.
   */
  heartbeat(argument: _memsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _memsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _memsweep_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _memsweep_v1_HeartbeatRequest, callback: grpc.requestCallback<_memsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Leases up to max_tasks ready tasks to the worker.
   */
  LeaseTasks(argument: _memsweep_v1_LeaseTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  LeaseTasks(argument: _memsweep_v1_LeaseTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  LeaseTasks(argument: _memsweep_v1_LeaseTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  LeaseTasks(argument: _memsweep_v1_LeaseTasksRequest, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Leases up to max_tasks ready tasks to the worker.
   */
  leaseTasks(argument: _memsweep_v1_LeaseTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  leaseTasks(argument: _memsweep_v1_LeaseTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  leaseTasks(argument: _memsweep_v1_LeaseTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  leaseTasks(argument: _memsweep_v1_LeaseTasksRequest, callback: grpc.requestCallback<_memsweep_v1_LeaseTasksResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A worker announces itself; the coordinator answers with its id and the lease timing it must follow.
   */
  Register(argument: _memsweep_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _memsweep_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _memsweep_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _memsweep_v1_RegisterRequest, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A worker announces itself; the coordinator answers with its id and the lease timing it must follow.
   */
  register(argument: _memsweep_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _memsweep_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _memsweep_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _memsweep_v1_RegisterRequest, callback: grpc.requestCallback<_memsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A draining worker hands back leases it will not finish.
   */
  ReleaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A draining worker hands back leases it will not finish.
   */
  releaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  releaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  releaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  releaseTasks(argument: _memsweep_v1_ReleaseTasksRequest, callback: grpc.requestCallback<_memsweep_v1_ReleaseTasksResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface WorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One finished evaluation shard (CompleteEvaluations with one result; workers of this version batch instead).
   */
  CompleteEvaluation: grpc.handleUnaryCall<_memsweep_v1_CompleteEvaluationRequest__Output, _memsweep_v1_CompleteResponse>;
  
  /**
   * Many finished evaluation shards in one call, committed in one database transaction; one outcome per result.
   * With lease_max_tasks > 0 the same call also leases up to that many new tasks (one round trip per batch).
   */
  CompleteEvaluations: grpc.handleUnaryCall<_memsweep_v1_CompleteEvaluationsRequest__Output, _memsweep_v1_CompleteEvaluationsResponse>;
  
  CompleteTraining: grpc.handleUnaryCall<_memsweep_v1_CompleteTrainingRequest__Output, _memsweep_v1_CompleteResponse>;
  
  FailTask: grpc.handleUnaryCall<_memsweep_v1_FailTaskRequest__Output, _memsweep_v1_FailTaskResponse>;
  
  /**
   * A trained model by content hash (sha256 hex of the bytes).
   */
  GetArtifact: grpc.handleUnaryCall<_memsweep_v1_GetArtifactRequest__Output, _memsweep_v1_GetArtifactResponse>;
  
  /**
   * Extends the leases the worker still works on; answers which it still holds.
   */
  Heartbeat: grpc.handleUnaryCall<_memsweep_v1_HeartbeatRequest__Output, _memsweep_v1_HeartbeatResponse>;
  
  /**
   * Leases up to max_tasks ready tasks to the worker.
   */
  LeaseTasks: grpc.handleUnaryCall<_memsweep_v1_LeaseTasksRequest__Output, _memsweep_v1_LeaseTasksResponse>;
  
  /**
   * A worker announces itself; the coordinator answers with its id and the lease timing it must follow.
   */
  Register: grpc.handleUnaryCall<_memsweep_v1_RegisterRequest__Output, _memsweep_v1_RegisterResponse>;
  
  /**
   * A draining worker hands back leases it will not finish.
   */
  ReleaseTasks: grpc.handleUnaryCall<_memsweep_v1_ReleaseTasksRequest__Output, _memsweep_v1_ReleaseTasksResponse>;
  
}

export interface WorkerServiceDefinition extends grpc.ServiceDefinition {
  CompleteEvaluation: MethodDefinition<_memsweep_v1_CompleteEvaluationRequest, _memsweep_v1_CompleteResponse, _memsweep_v1_CompleteEvaluationRequest__Output, _memsweep_v1_CompleteResponse__Output>
  CompleteEvaluations: MethodDefinition<_memsweep_v1_CompleteEvaluationsRequest, _memsweep_v1_CompleteEvaluationsResponse, _memsweep_v1_CompleteEvaluationsRequest__Output, _memsweep_v1_CompleteEvaluationsResponse__Output>
  CompleteTraining: MethodDefinition<_memsweep_v1_CompleteTrainingRequest, _memsweep_v1_CompleteResponse, _memsweep_v1_CompleteTrainingRequest__Output, _memsweep_v1_CompleteResponse__Output>
  FailTask: MethodDefinition<_memsweep_v1_FailTaskRequest, _memsweep_v1_FailTaskResponse, _memsweep_v1_FailTaskRequest__Output, _memsweep_v1_FailTaskResponse__Output>
  GetArtifact: MethodDefinition<_memsweep_v1_GetArtifactRequest, _memsweep_v1_GetArtifactResponse, _memsweep_v1_GetArtifactRequest__Output, _memsweep_v1_GetArtifactResponse__Output>
  Heartbeat: MethodDefinition<_memsweep_v1_HeartbeatRequest, _memsweep_v1_HeartbeatResponse, _memsweep_v1_HeartbeatRequest__Output, _memsweep_v1_HeartbeatResponse__Output>
  LeaseTasks: MethodDefinition<_memsweep_v1_LeaseTasksRequest, _memsweep_v1_LeaseTasksResponse, _memsweep_v1_LeaseTasksRequest__Output, _memsweep_v1_LeaseTasksResponse__Output>
  Register: MethodDefinition<_memsweep_v1_RegisterRequest, _memsweep_v1_RegisterResponse, _memsweep_v1_RegisterRequest__Output, _memsweep_v1_RegisterResponse__Output>
  ReleaseTasks: MethodDefinition<_memsweep_v1_ReleaseTasksRequest, _memsweep_v1_ReleaseTasksResponse, _memsweep_v1_ReleaseTasksRequest__Output, _memsweep_v1_ReleaseTasksResponse__Output>
}
