import * as grpc from '@grpc/grpc-js';
import type { SweepServiceClient } from './generated/memsweep/v1/SweepService.js';
import type { WorkerServiceClient } from './generated/memsweep/v1/WorkerService.js';
import { loadProto } from './load.js';
import { CHANNEL_OPTIONS } from './loader-options.js';
import { clientCredentials, clientOptions, type ClientSecurity } from './security.js';
import { fromServiceError } from './status.js';

export type { SweepServiceClient, WorkerServiceClient };

/** A WorkerService client; `security` adds TLS and the worker token (see security.ts). */
export function createWorkerClient(address: string, security: ClientSecurity = {}): WorkerServiceClient {
  const { WorkerService } = loadProto().memsweep.v1;
  return new WorkerService(address, clientCredentials(security), clientOptions(CHANNEL_OPTIONS, security));
}

/** A SweepService client; `security` adds TLS and the worker token (see security.ts). */
export function createSweepClient(address: string, security: ClientSecurity = {}): SweepServiceClient {
  const { SweepService } = loadProto().memsweep.v1;
  return new SweepService(address, clientCredentials(security), clientOptions(CHANNEL_OPTIONS, security));
}

/** The request and response types of a unary client method, read off its (argument, callback) overload. */
type UnaryRequest<M> = M extends (argument: infer Req, callback: grpc.requestCallback<infer _Res>) => grpc.ClientUnaryCall ? Req : never;
type UnaryResponse<M> = M extends (argument: infer _Req, callback: grpc.requestCallback<infer Res>) => grpc.ClientUnaryCall ? Res : never;

/**
 * Calls a unary method by name with a deadline; resolves to the response or rejects with a domain error
 * (status.ts maps codes back: INVALID_ARGUMENT → ConfigError, UNAVAILABLE → UnavailableError, …).
 */
export function unary<C extends grpc.Client, K extends keyof C & string>(client: C, method: K, request: UnaryRequest<C[K]>, timeoutMs = 30_000): Promise<UnaryResponse<C[K]>> {
  return new Promise((resolve, reject) => {
    const fn = client[method] as unknown as (req: unknown, md: grpc.Metadata, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: unknown) => void) => void;
    fn.call(client, request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) return reject(fromServiceError(err));
      resolve(res as UnaryResponse<C[K]>);
    });
  });
}
