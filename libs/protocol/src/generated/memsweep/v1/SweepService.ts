// Original file: proto/memsweep/v1/sweep.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetProgressRequest as _memsweep_v1_GetProgressRequest, GetProgressRequest__Output as _memsweep_v1_GetProgressRequest__Output } from '../../memsweep/v1/GetProgressRequest.js';
import type { ListSweepsRequest as _memsweep_v1_ListSweepsRequest, ListSweepsRequest__Output as _memsweep_v1_ListSweepsRequest__Output } from '../../memsweep/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _memsweep_v1_ListSweepsResponse, ListSweepsResponse__Output as _memsweep_v1_ListSweepsResponse__Output } from '../../memsweep/v1/ListSweepsResponse.js';
import type { Progress as _memsweep_v1_Progress, Progress__Output as _memsweep_v1_Progress__Output } from '../../memsweep/v1/Progress.js';
import type { SubmitSweepRequest as _memsweep_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _memsweep_v1_SubmitSweepRequest__Output } from '../../memsweep/v1/SubmitSweepRequest.js';
import type { SubmitSweepResponse as _memsweep_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _memsweep_v1_SubmitSweepResponse__Output } from '../../memsweep/v1/SubmitSweepResponse.js';

export interface SweepServiceClient extends grpc.Client {
  GetProgress(argument: _memsweep_v1_GetProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetProgress(argument: _memsweep_v1_GetProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetProgress(argument: _memsweep_v1_GetProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetProgress(argument: _memsweep_v1_GetProgressRequest, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  getProgress(argument: _memsweep_v1_GetProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  getProgress(argument: _memsweep_v1_GetProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  getProgress(argument: _memsweep_v1_GetProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  getProgress(argument: _memsweep_v1_GetProgressRequest, callback: grpc.requestCallback<_memsweep_v1_Progress__Output>): grpc.ClientUnaryCall;
  
  ListSweeps(argument: _memsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _memsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _memsweep_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _memsweep_v1_ListSweepsRequest, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _memsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _memsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _memsweep_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _memsweep_v1_ListSweepsRequest, callback: grpc.requestCallback<_memsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Submits a sweep file (YAML text). Submitting the same spec again resumes it; nothing is duplicated.
   */
  SubmitSweep(argument: _memsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _memsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _memsweep_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _memsweep_v1_SubmitSweepRequest, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Submits a sweep file (YAML text). Submitting the same spec again resumes it; nothing is duplicated.
   */
  submitSweep(argument: _memsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _memsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _memsweep_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _memsweep_v1_SubmitSweepRequest, callback: grpc.requestCallback<_memsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface SweepServiceHandlers extends grpc.UntypedServiceImplementation {
  GetProgress: grpc.handleUnaryCall<_memsweep_v1_GetProgressRequest__Output, _memsweep_v1_Progress>;
  
  ListSweeps: grpc.handleUnaryCall<_memsweep_v1_ListSweepsRequest__Output, _memsweep_v1_ListSweepsResponse>;
  
  /**
   * Submits a sweep file (YAML text). Submitting the same spec again resumes it; nothing is duplicated.
   */
  SubmitSweep: grpc.handleUnaryCall<_memsweep_v1_SubmitSweepRequest__Output, _memsweep_v1_SubmitSweepResponse>;
  
}

export interface SweepServiceDefinition extends grpc.ServiceDefinition {
  GetProgress: MethodDefinition<_memsweep_v1_GetProgressRequest, _memsweep_v1_Progress, _memsweep_v1_GetProgressRequest__Output, _memsweep_v1_Progress__Output>
  ListSweeps: MethodDefinition<_memsweep_v1_ListSweepsRequest, _memsweep_v1_ListSweepsResponse, _memsweep_v1_ListSweepsRequest__Output, _memsweep_v1_ListSweepsResponse__Output>
  SubmitSweep: MethodDefinition<_memsweep_v1_SubmitSweepRequest, _memsweep_v1_SubmitSweepResponse, _memsweep_v1_SubmitSweepRequest__Output, _memsweep_v1_SubmitSweepResponse__Output>
}
