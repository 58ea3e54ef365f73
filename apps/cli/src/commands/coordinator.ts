import { startCoordinator } from '@memsweep/coordinator';
import { serverSecurity, type SecurityFlags } from './security.js';

/** `memsweep coordinator`: serve workers and clients until SIGTERM/SIGINT. */
export async function coordinatorCommand(options: { listen: string; database?: string; leaseMs?: number; dashboard?: string } & SecurityFlags): Promise<void> {
  const security = serverSecurity(options);
  const coordinator = await startCoordinator({ listen: options.listen, databaseUrl: options.database, leaseMs: options.leaseMs, security, dashboard: options.dashboard });
  const transport = security.tlsCertFile ? (security.requireClientCert ? 'TLS, client certificates required' : 'TLS') : 'plaintext';
  process.stdout.write(`memsweep coordinator listening on ${coordinator.address} (${coordinator.store.dialect}; ${transport}; ${security.token ? 'worker token required' : 'no worker token'})\n`);
  if (coordinator.dashboard) process.stdout.write(`memsweep dashboard (read-only) on ${coordinator.dashboard.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await coordinator.stop();
}
