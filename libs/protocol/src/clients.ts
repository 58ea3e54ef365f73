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

type UnaryMethod<Req, Res> = (request: Req, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientUnaryCall;

/** Calls a unary method with a deadline and turns its callback into a promise of the response or a domain error. */
export function unary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, timeoutMs = 30_000): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) return reject(fromServiceError(err));
      resolve(res as Res);
    });
  });
}
