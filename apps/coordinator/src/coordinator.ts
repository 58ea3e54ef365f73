import * as grpc from '@grpc/grpc-js';
import { bearerTokenServerInterceptor, CHANNEL_OPTIONS, loadProto, serverCredentials, tokenProblem, type ServerSecurity } from '@memsweep/protocol';
import { openStore, type Store } from '@memsweep/store';
import { pino, type Logger } from 'pino';
import { startDashboard, type RunningDashboard } from './dashboard/index.js';
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
  /** host:port of the read-only web dashboard (HTTP; port 0 picks a free one). @default no dashboard */
  dashboard?: string;
  /** TLS and the shared worker token. @default plaintext, no token (trusted networks only) */
  security?: ServerSecurity;
}

export interface RunningCoordinator {
  /** The port actually bound (useful with port 0). */
  port: number;
  address: string;
  store: Store;
  registry: WorkerRegistry;
  /** The web dashboard, when `dashboard` was given. */
  dashboard?: RunningDashboard;
  /** Stops accepting calls, finishes in-flight ones, closes the database. */
  stop(): Promise<void>;
}

/** Starts a coordinator: opens (and migrates) the database, serves WorkerService and SweepService over gRPC. */
export async function startCoordinator(options: CoordinatorOptions = {}): Promise<RunningCoordinator> {
  const log = options.logger ?? pino({ name: 'memsweep-coordinator', level: process.env.MEMSWEEP_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const leaseMs = options.leaseMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const security = options.security ?? {};
  const unfit = security.token === undefined ? undefined : tokenProblem(security.token);
  if (unfit) throw new Error(unfit);
  const credentials = serverCredentials(security); // reads the TLS files: fail before opening the database
  const store = await openStore({ databaseUrl: options.databaseUrl });
  await store.renewLeases({ leaseMs }); // a restart must not take work from live workers that could not heartbeat
  const registry = new WorkerRegistry(leaseMs);
  // CHANNEL_OPTIONS carry the message size limits: grpc-js refuses a larger request with RESOURCE_EXHAUSTED before
  // decoding it. The token interceptor refuses a call without the token before its request is read.
  const interceptors = security.token === undefined ? [] : [bearerTokenServerInterceptor(security.token, (reason, peer, method) => log.warn({ peer, method, reason }, 'call refused: unauthenticated'))];
  const server = new grpc.Server({ ...CHANNEL_OPTIONS, interceptors });
  const proto = loadProto().memsweep.v1;
  server.addService(proto.WorkerService.service, workerServiceHandlers(store, registry, { leaseMs, heartbeatMs }, log));
  server.addService(proto.SweepService.service, sweepServiceHandlers(store, registry, 3, log));

  const listen = options.listen ?? '127.0.0.1:50051';
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
    );
  } catch (err) {
    await store.close();
    throw new Error(`cannot listen on ${listen}: ${(err as Error).message}`);
  }
  const host = listen.slice(0, listen.lastIndexOf(':'));
  const address = `${host}:${port}`;
  const tls = security.tlsCertFile ? (security.requireClientCert ? 'tls+client-cert' : 'tls') : 'plaintext';
  log.info({ address, database: store.dialect, transport: tls, token: security.token !== undefined }, 'coordinator listening');
  if (security.token === undefined && !isLoopback(host)) log.warn({ address }, 'no worker token: anyone who reaches this port can submit sweeps and lease work');

  let dashboard: RunningDashboard | undefined;
  try {
    dashboard = options.dashboard === undefined ? undefined : await startDashboard({ listen: options.dashboard, store, registry, logger: log });
  } catch (err) {
    server.forceShutdown();
    await store.close();
    throw new Error(`cannot serve the dashboard on ${options.dashboard}: ${(err as Error).message}`);
  }

  return {
    port,
    address,
    store,
    registry,
    dashboard,
    async stop() {
      await dashboard?.stop();
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

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}
