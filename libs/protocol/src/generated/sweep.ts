import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Failure as _memsweep_v1_Failure, Failure__Output as _memsweep_v1_Failure__Output } from './memsweep/v1/Failure.js';
import type { GetProgressRequest as _memsweep_v1_GetProgressRequest, GetProgressRequest__Output as _memsweep_v1_GetProgressRequest__Output } from './memsweep/v1/GetProgressRequest.js';
import type { ListSweepsRequest as _memsweep_v1_ListSweepsRequest, ListSweepsRequest__Output as _memsweep_v1_ListSweepsRequest__Output } from './memsweep/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _memsweep_v1_ListSweepsResponse, ListSweepsResponse__Output as _memsweep_v1_ListSweepsResponse__Output } from './memsweep/v1/ListSweepsResponse.js';
import type { Progress as _memsweep_v1_Progress, Progress__Output as _memsweep_v1_Progress__Output } from './memsweep/v1/Progress.js';
import type { SubmitSweepRequest as _memsweep_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _memsweep_v1_SubmitSweepRequest__Output } from './memsweep/v1/SubmitSweepRequest.js';
import type { SubmitSweepResponse as _memsweep_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _memsweep_v1_SubmitSweepResponse__Output } from './memsweep/v1/SubmitSweepResponse.js';
import type { SweepInfo as _memsweep_v1_SweepInfo, SweepInfo__Output as _memsweep_v1_SweepInfo__Output } from './memsweep/v1/SweepInfo.js';
import type { SweepServiceClient as _memsweep_v1_SweepServiceClient, SweepServiceDefinition as _memsweep_v1_SweepServiceDefinition } from './memsweep/v1/SweepService.js';
import type { WorkerInfo as _memsweep_v1_WorkerInfo, WorkerInfo__Output as _memsweep_v1_WorkerInfo__Output } from './memsweep/v1/WorkerInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  memsweep: {
    v1: {
      Failure: MessageTypeDefinition<_memsweep_v1_Failure, _memsweep_v1_Failure__Output>
      GetProgressRequest: MessageTypeDefinition<_memsweep_v1_GetProgressRequest, _memsweep_v1_GetProgressRequest__Output>
      ListSweepsRequest: MessageTypeDefinition<_memsweep_v1_ListSweepsRequest, _memsweep_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_memsweep_v1_ListSweepsResponse, _memsweep_v1_ListSweepsResponse__Output>
      Progress: MessageTypeDefinition<_memsweep_v1_Progress, _memsweep_v1_Progress__Output>
      SubmitSweepRequest: MessageTypeDefinition<_memsweep_v1_SubmitSweepRequest, _memsweep_v1_SubmitSweepRequest__Output>
      SubmitSweepResponse: MessageTypeDefinition<_memsweep_v1_SubmitSweepResponse, _memsweep_v1_SubmitSweepResponse__Output>
      SweepInfo: MessageTypeDefinition<_memsweep_v1_SweepInfo, _memsweep_v1_SweepInfo__Output>
      SweepService: SubtypeConstructor<typeof grpc.Client, _memsweep_v1_SweepServiceClient> & { service: _memsweep_v1_SweepServiceDefinition }
      WorkerInfo: MessageTypeDefinition<_memsweep_v1_WorkerInfo, _memsweep_v1_WorkerInfo__Output>
    }
  }
}

