import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * N `memsweep worker` processes on this machine, restarted if one dies before the sweep is done (its leases expire
 * and its work is leased again, so nothing is lost).
 */
export class LocalWorkers {
  private readonly children = new Set<ChildProcess>();
  private stopping = false;
  restarts = 0;

  constructor(
    private readonly coordinator: string,
    private readonly threads: number,
    private readonly onEvent: (message: string) => void,
    /** Extra environment for the workers (the run's token travels here, not in argv); undefined removes a variable. */
    private readonly env: Record<string, string | undefined> = {},
    private readonly maxRestarts = 10,
  ) {}

  start(count: number): void {
    for (let i = 0; i < count; i++) this.spawnOne();
  }

  private spawnOne(): void {
    const child = spawn(process.execPath, [CLI_MAIN, 'worker', '--coordinator', this.coordinator, '--threads', String(this.threads)], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, MEMSWEEP_LOG_LEVEL: process.env.MEMSWEEP_LOG_LEVEL ?? 'warn', ...this.env },
    });
    this.children.add(child);
    child.on('exit', (code, signal) => {
      this.children.delete(child);
      if (this.stopping) return;
      if (this.restarts >= this.maxRestarts) {
        this.onEvent(`worker exited (${signal ?? code}); restart limit reached`);
        return;
      }
      this.restarts++;
      this.onEvent(`worker exited (${signal ?? code}); starting another`);
      this.spawnOne();
    });
  }

  get alive(): number {
    return this.children.size;
  }

  /** Asks every worker to drain (SIGTERM) and waits for them; kills what is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.children].map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))));
    for (const child of this.children) child.kill('SIGTERM');
    const timer = setTimeout(() => this.children.forEach((c) => c.kill('SIGKILL')), graceMs);
    await Promise.all(exits);
    clearTimeout(timer);
  }
}
