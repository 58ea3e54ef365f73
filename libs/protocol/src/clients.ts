import * as grpc from '@grpc/grpc-js';
import type { SweepServiceClient } from './generated/memsweep/v1/SweepService.js';
import type { WorkerServiceClient } from './generated/memsweep/v1/WorkerService.js';
import { loadProto } from './load.js';
import { CHANNEL_OPTIONS } from './loader-options.js';
import { fromServiceError } from './status.js';

export type { SweepServiceClient, WorkerServiceClient };

/** Insecure loopback/cluster-internal credentials for now (TLS and tokens come with issue #5). */
export function clientCredentials(): grpc.ChannelCredentials {
  return grpc.credentials.createInsecure();
}

export function createWorkerClient(address: string): WorkerServiceClient {
  const { WorkerService } = loadProto().memsweep.v1;
  return new WorkerService(address, clientCredentials(), CHANNEL_OPTIONS);
}

export function createSweepClient(address: string): SweepServiceClient {
  const { SweepService } = loadProto().memsweep.v1;
  return new SweepService(address, clientCredentials(), CHANNEL_OPTIONS);
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
