import { startCoordinator } from '@memsweep/coordinator';

/** `memsweep coordinator`: serve workers and clients until SIGTERM/SIGINT. */
export async function coordinatorCommand(options: { listen: string; database?: string; leaseMs?: number }): Promise<void> {
  const coordinator = await startCoordinator({ listen: options.listen, databaseUrl: options.database, leaseMs: options.leaseMs });
  process.stdout.write(`memsweep coordinator listening on ${coordinator.address} (${coordinator.store.dialect})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await coordinator.stop();
}
