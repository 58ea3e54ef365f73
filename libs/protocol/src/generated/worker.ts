import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CompleteEvaluationRequest as _memsweep_v1_CompleteEvaluationRequest, CompleteEvaluationRequest__Output as _memsweep_v1_CompleteEvaluationRequest__Output } from './memsweep/v1/CompleteEvaluationRequest.js';
import type { CompleteEvaluationsRequest as _memsweep_v1_CompleteEvaluationsRequest, CompleteEvaluationsRequest__Output as _memsweep_v1_CompleteEvaluationsRequest__Output } from './memsweep/v1/CompleteEvaluationsRequest.js';
import type { CompleteEvaluationsResponse as _memsweep_v1_CompleteEvaluationsResponse, CompleteEvaluationsResponse__Output as _memsweep_v1_CompleteEvaluationsResponse__Output } from './memsweep/v1/CompleteEvaluationsResponse.js';
import type { CompleteResponse as _memsweep_v1_CompleteResponse, CompleteResponse__Output as _memsweep_v1_CompleteResponse__Output } from './memsweep/v1/CompleteResponse.js';
import type { CompleteTrainingRequest as _memsweep_v1_CompleteTrainingRequest, CompleteTrainingRequest__Output as _memsweep_v1_CompleteTrainingRequest__Output } from './memsweep/v1/CompleteTrainingRequest.js';
import type { EvaluationResult as _memsweep_v1_EvaluationResult, EvaluationResult__Output as _memsweep_v1_EvaluationResult__Output } from './memsweep/v1/EvaluationResult.js';
import type { FailTaskRequest as _memsweep_v1_FailTaskRequest, FailTaskRequest__Output as _memsweep_v1_FailTaskRequest__Output } from './memsweep/v1/FailTaskRequest.js';
import type { FailTaskResponse as _memsweep_v1_FailTaskResponse, FailTaskResponse__Output as _memsweep_v1_FailTaskResponse__Output } from './memsweep/v1/FailTaskResponse.js';
import type { GetArtifactRequest as _memsweep_v1_GetArtifactRequest, GetArtifactRequest__Output as _memsweep_v1_GetArtifactRequest__Output } from './memsweep/v1/GetArtifactRequest.js';
import type { GetArtifactResponse as _memsweep_v1_GetArtifactResponse, GetArtifactResponse__Output as _memsweep_v1_GetArtifactResponse__Output } from './memsweep/v1/GetArtifactResponse.js';
import type { HeartbeatRequest as _memsweep_v1_HeartbeatRequest, HeartbeatRequest__Output as _memsweep_v1_HeartbeatRequest__Output } from './memsweep/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _memsweep_v1_HeartbeatResponse, HeartbeatResponse__Output as _memsweep_v1_HeartbeatResponse__Output } from './memsweep/v1/HeartbeatResponse.js';
import type { LeaseTasksRequest as _memsweep_v1_LeaseTasksRequest, LeaseTasksRequest__Output as _memsweep_v1_LeaseTasksRequest__Output } from './memsweep/v1/LeaseTasksRequest.js';
import type { LeaseTasksResponse as _memsweep_v1_LeaseTasksResponse, LeaseTasksResponse__Output as _memsweep_v1_LeaseTasksResponse__Output } from './memsweep/v1/LeaseTasksResponse.js';
import type { RegisterRequest as _memsweep_v1_RegisterRequest, RegisterRequest__Output as _memsweep_v1_RegisterRequest__Output } from './memsweep/v1/RegisterRequest.js';
import type { RegisterResponse as _memsweep_v1_RegisterResponse, RegisterResponse__Output as _memsweep_v1_RegisterResponse__Output } from './memsweep/v1/RegisterResponse.js';
import type { ReleaseTasksRequest as _memsweep_v1_ReleaseTasksRequest, ReleaseTasksRequest__Output as _memsweep_v1_ReleaseTasksRequest__Output } from './memsweep/v1/ReleaseTasksRequest.js';
import type { ReleaseTasksResponse as _memsweep_v1_ReleaseTasksResponse, ReleaseTasksResponse__Output as _memsweep_v1_ReleaseTasksResponse__Output } from './memsweep/v1/ReleaseTasksResponse.js';
import type { Task as _memsweep_v1_Task, Task__Output as _memsweep_v1_Task__Output } from './memsweep/v1/Task.js';
import type { TrialResult as _memsweep_v1_TrialResult, TrialResult__Output as _memsweep_v1_TrialResult__Output } from './memsweep/v1/TrialResult.js';
import type { WorkerServiceClient as _memsweep_v1_WorkerServiceClient, WorkerServiceDefinition as _memsweep_v1_WorkerServiceDefinition } from './memsweep/v1/WorkerService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  memsweep: {
    v1: {
      CompleteEvaluationRequest: MessageTypeDefinition<_memsweep_v1_CompleteEvaluationRequest, _memsweep_v1_CompleteEvaluationRequest__Output>
      CompleteEvaluationsRequest: MessageTypeDefinition<_memsweep_v1_CompleteEvaluationsRequest, _memsweep_v1_CompleteEvaluationsRequest__Output>
      CompleteEvaluationsResponse: MessageTypeDefinition<_memsweep_v1_CompleteEvaluationsResponse, _memsweep_v1_CompleteEvaluationsResponse__Output>
      CompleteResponse: MessageTypeDefinition<_memsweep_v1_CompleteResponse, _memsweep_v1_CompleteResponse__Output>
      CompleteTrainingRequest: MessageTypeDefinition<_memsweep_v1_CompleteTrainingRequest, _memsweep_v1_CompleteTrainingRequest__Output>
      EvaluationResult: MessageTypeDefinition<_memsweep_v1_EvaluationResult, _memsweep_v1_EvaluationResult__Output>
      FailTaskRequest: MessageTypeDefinition<_memsweep_v1_FailTaskRequest, _memsweep_v1_FailTaskRequest__Output>
      FailTaskResponse: MessageTypeDefinition<_memsweep_v1_FailTaskResponse, _memsweep_v1_FailTaskResponse__Output>
      GetArtifactRequest: MessageTypeDefinition<_memsweep_v1_GetArtifactRequest, _memsweep_v1_GetArtifactRequest__Output>
      GetArtifactResponse: MessageTypeDefinition<_memsweep_v1_GetArtifactResponse, _memsweep_v1_GetArtifactResponse__Output>
      HeartbeatRequest: MessageTypeDefinition<_memsweep_v1_HeartbeatRequest, _memsweep_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_memsweep_v1_HeartbeatResponse, _memsweep_v1_HeartbeatResponse__Output>
      LeaseTasksRequest: MessageTypeDefinition<_memsweep_v1_LeaseTasksRequest, _memsweep_v1_LeaseTasksRequest__Output>
      LeaseTasksResponse: MessageTypeDefinition<_memsweep_v1_LeaseTasksResponse, _memsweep_v1_LeaseTasksResponse__Output>
      RegisterRequest: MessageTypeDefinition<_memsweep_v1_RegisterRequest, _memsweep_v1_RegisterRequest__Output>
      RegisterResponse: MessageTypeDefinition<_memsweep_v1_RegisterResponse, _memsweep_v1_RegisterResponse__Output>
      ReleaseTasksRequest: MessageTypeDefinition<_memsweep_v1_ReleaseTasksRequest, _memsweep_v1_ReleaseTasksRequest__Output>
      ReleaseTasksResponse: MessageTypeDefinition<_memsweep_v1_ReleaseTasksResponse, _memsweep_v1_ReleaseTasksResponse__Output>
      Task: MessageTypeDefinition<_memsweep_v1_Task, _memsweep_v1_Task__Output>
      TaskKind: EnumTypeDefinition
      TrialResult: MessageTypeDefinition<_memsweep_v1_TrialResult, _memsweep_v1_TrialResult__Output>
      WorkerService: SubtypeConstructor<typeof grpc.Client, _memsweep_v1_WorkerServiceClient> & { service: _memsweep_v1_WorkerServiceDefinition }
    }
  }
}

