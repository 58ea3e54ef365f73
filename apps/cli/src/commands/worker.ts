import { SweepWorker } from '@memsweep/worker';
import { clientSecurity, type SecurityFlags } from './security.js';

/** `memsweep worker --coordinator host:port`: serve until SIGTERM/SIGINT (drain) or a second signal (stop). */
export async function workerCommand(options: { coordinator: string; threads?: number } & SecurityFlags): Promise<void> {
  const worker = new SweepWorker({ coordinator: options.coordinator, threads: options.threads, security: clientSecurity(options) });
  let signals = 0;
  const onSignal = () => (++signals === 1 ? worker.drain() : worker.stop());
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await worker.run();
}
