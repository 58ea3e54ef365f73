import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadProto } from '@memsweep/protocol';
import { openStore, type Store } from '@memsweep/store';
import { pino, type Logger } from 'pino';
import { sweepServiceHandlers } from './sweep-service.js';
import { WorkerRegistry } from './worker-registry.js';
import { workerServiceHandlers } from './worker-service.js';

export interface CoordinatorOptions {
  /** host:port to listen on; port 0 picks a free port. @default '127.0.0.1:50051' */
  listen?: string;
  /** SQLite `file:` URL or PostgreSQL URL. @default DATABASE_URL or file:.memsweep/memsweep.db */
  databaseUrl?: string;
  /** Lease length without a heartbeat. @default 15000 */
  leaseMs?: number;
  /** Worker heartbeat interval. @default leaseMs / 3 */
  heartbeatMs?: number;
  logger?: Logger;
}

export interface RunningCoordinator {
  /** The port actually bound (useful with port 0). */
  port: number;
  address: string;
  store: Store;
  registry: WorkerRegistry;
  /** Stops accepting calls, finishes in-flight ones, closes the database. */
  stop(): Promise<void>;
}

/** Starts a coordinator: opens (and migrates) the database, serves WorkerService and SweepService over gRPC. */
export async function startCoordinator(options: CoordinatorOptions = {}): Promise<RunningCoordinator> {
  const log = options.logger ?? pino({ name: 'memsweep-coordinator', level: process.env.MEMSWEEP_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const leaseMs = options.leaseMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const store = await openStore({ databaseUrl: options.databaseUrl });
  const registry = new WorkerRegistry(leaseMs);
  const server = new grpc.Server(CHANNEL_OPTIONS);
  const proto = loadProto().memsweep.v1;
  server.addService(proto.WorkerService.service, workerServiceHandlers(store, registry, { leaseMs, heartbeatMs }, log));
  server.addService(proto.SweepService.service, sweepServiceHandlers(store, registry, 3, log));

  const listen = options.listen ?? '127.0.0.1:50051';
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
  } catch (err) {
    await store.close();
    throw new Error(`cannot listen on ${listen}: ${(err as Error).message}`);
  }
  const host = listen.slice(0, listen.lastIndexOf(':'));
  const address = `${host}:${port}`;
  log.info({ address, database: store.dialect }, 'coordinator listening');

  return {
    port,
    address,
    store,
    registry,
    async stop() {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await store.close();
    },
  };
}
