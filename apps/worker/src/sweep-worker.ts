import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { Piscina } from 'piscina';
import type { ClientSecurity, Task__Output } from '@memsweep/protocol';
import type { DeploymentConfig, TrainingConfig } from '@memsweep/sweep';
import { ArtifactCache } from './artifact-cache.js';
import { sleep } from './backoff.js';
import { CoordinatorLink } from './coordinator-link.js';
import { createLogger, type Logger } from './logger.js';
import type { EvaluateResponse, PoolRequest, PoolResponse, ProbeResponse, TrainResponse } from './pool-messages.js';

/** Lifecycle of a worker. RUNNING leases work; DRAINING finishes what it holds and leases nothing new. */
export type WorkerState = 'STARTING' | 'RUNNING' | 'DRAINING' | 'STOPPED';

export class IllegalStateError extends Error {
  override name = 'IllegalStateError';
}

const TRANSITIONS: Record<WorkerState, readonly WorkerState[]> = {
  STARTING: ['RUNNING', 'DRAINING', 'STOPPED'],
  RUNNING: ['DRAINING', 'STOPPED'],
  DRAINING: ['STOPPED'],
  STOPPED: [],
};

export interface WorkerOptions {
  /** host:port of the coordinator. */
  coordinator: string;
  /** Pool threads, one task each. @default os.availableParallelism() */
  threads?: number;
  /** How long to wait between lease requests when no sweep has work. @default 1000 */
  idlePollMs?: number;
  /** How long a draining worker finishes in-flight tasks before handing them back. @default 60000 */
  drainTimeoutMs?: number;
  logger?: Logger;
  /** The pool's entry file (compiled JS). @default pool.task.js beside this module */
  taskFile?: string;
  /** TLS and the shared worker token for the coordinator. @default plaintext, no token */
  security?: ClientSecurity;
}

interface InFlight {
  task: Task__Output;
  abort: AbortController;
  done: Promise<void>;
  /** 'reporting' once the result exists and is being sent: the completion's answer decides its fate, not a heartbeat. */
  phase: 'running' | 'reporting';
}

const VERSION = '0.1.0';

/** Leases tasks from a coordinator and runs them on a piscina thread pool, heartbeating while they run. */
export class SweepWorker {
  private stateValue: WorkerState = 'STARTING';
  private readonly threads: number;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly link: CoordinatorLink;
  private readonly artifacts: ArtifactCache;
  private readonly inFlight = new Map<string, InFlight>();
  /** Aborted by drain(): calls that wait for the coordinator stop waiting. */
  private readonly draining = new AbortController();
  private wake = new AbortController();
  private workerId = '';
  private pool?: Piscina<PoolRequest, PoolResponse>;
  /** Counters, for logs and tests. */
  readonly stats = { completed: 0, leaseLost: 0, failed: 0 };

  constructor(private readonly options: WorkerOptions) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.log = options.logger ?? createLogger('memsweep-worker');
    this.link = new CoordinatorLink(options.coordinator, this.stopping.signal, (what, err, attempt) => {
      if (attempt % 10 === 0) this.log.warn({ what, attempt, err: err.message }, 'coordinator unreachable, retrying');
    }, options.security);
    this.artifacts = new ArtifactCache((hash) => this.link.artifact(hash));
  }

  get state(): WorkerState {
    return this.stateValue;
  }

  private transition(next: WorkerState): void {
    if (!TRANSITIONS[this.stateValue].includes(next)) throw new IllegalStateError(`worker cannot go from ${this.stateValue} to ${next}`);
    this.stateValue = next;
    this.nudge();
  }

  private nudge(): void {
    this.wake.abort();
    this.wake = new AbortController();
  }

  /** Runs until drained or stopped. */
  async run(): Promise<void> {
    this.pool = new Piscina<PoolRequest, PoolResponse>({
      filename: this.options.taskFile ?? new URL('./pool.task.js', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
    });
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      const probe = (await this.pool.run({ kind: 'probe' })) as ProbeResponse;
      this.log.info({ backend: probe.backend, threads: this.threads }, `pool ready: TensorFlow.js backend '${probe.backend}'`);
      const registered = await this.untilDrained(this.link.register({ hostname: hostname(), threads: this.threads, version: VERSION, workerId: randomUUID() }));
      if (!registered) return; // drained while the coordinator was unreachable: nothing is held, nothing to hand back
      this.workerId = registered.workerId;
      this.log.info({ workerId: this.workerId, threads: this.threads, coordinator: this.options.coordinator }, 'worker registered');
      if (this.stateValue === 'STARTING') this.transition('RUNNING');
      heartbeat = setInterval(() => void this.heartbeat(), registered.heartbeatMs);
      await this.leaseLoop();
      await this.finishInFlight();
    } catch (err) {
      if (!this.stopping.signal.aborted) throw err;
    } finally {
      clearInterval(heartbeat);
      if (this.stateValue !== 'STOPPED') this.transition('STOPPED');
      await this.pool.destroy();
      this.link.close();
      this.log.info({ ...this.stats }, 'worker stopped');
    }
  }

  /** Stop leasing; finish what is held (up to drainTimeoutMs), hand back the rest, then stop. */
  drain(): void {
    if (this.stateValue === 'STARTING' || this.stateValue === 'RUNNING') this.transition('DRAINING');
    this.draining.abort();
  }

  /**
   * `call`'s value, or undefined if the worker drains first: a call that waits out an unreachable coordinator must not
   * hold up a SIGTERM. The call goes on; a value that arrives later goes to `late`.
   */
  private untilDrained<T>(call: Promise<T>, late: (value: T) => void = () => {}): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        resolve(undefined);
        call.then(late, () => {});
      };
      if (this.draining.signal.aborted) return onDrain();
      this.draining.signal.addEventListener('abort', onDrain, { once: true });
      call.then(
        (value) => {
          this.draining.signal.removeEventListener('abort', onDrain);
          resolve(value);
        },
        (err: unknown) => {
          this.draining.signal.removeEventListener('abort', onDrain);
          reject(err);
        },
      );
    });
  }

  private async leaseLoop(): Promise<void> {
    while (this.stateValue === 'RUNNING') {
      const free = this.threads - this.inFlight.size;
      if (free <= 0) {
        await sleep(60_000, this.wake.signal);
        continue;
      }
      const leased = await this.untilDrained(this.link.lease(this.workerId, free), ({ tasks }) => {
        // Granted after the drain began (the coordinator came back): hand them straight back.
        if (tasks.length > 0) this.link.release(this.workerId, tasks.map((t) => t.taskId)).catch(() => {});
      });
      if (!leased) break;
      const { tasks, idle } = leased;
      for (const task of tasks) this.start(task);
      if (tasks.length === 0) await sleep(idle ? (this.options.idlePollMs ?? 1000) : 200, this.wake.signal);
    }
  }

  private async finishInFlight(): Promise<void> {
    // The deadline's timer is cancelled once the tasks are done: a pending timer would keep a drained process alive.
    const finished = new AbortController();
    const deadline = sleep(this.options.drainTimeoutMs ?? 60_000, AbortSignal.any([this.stopping.signal, finished.signal]));
    await Promise.race([Promise.all([...this.inFlight.values()].map((f) => f.done)), deadline]);
    finished.abort();
    const left = [...this.inFlight.keys()];
    if (left.length > 0 && !this.stopping.signal.aborted) {
      for (const f of this.inFlight.values()) f.abort.abort();
      await this.link.release(this.workerId, left).catch((err: Error) => this.log.warn({ err: err.message }, 'could not hand back leases'));
    }
  }

  private start(task: Task__Output): void {
    const abort = new AbortController();
    const entry: InFlight = { task, abort, done: Promise.resolve(), phase: 'running' };
    entry.done = this.execute(entry, abort.signal).finally(() => {
      this.inFlight.delete(task.taskId);
      this.nudge();
    });
    this.inFlight.set(task.taskId, entry);
  }

  private async execute(entry: InFlight, signal: AbortSignal): Promise<void> {
    const { task } = entry;
    const started = performance.now();
    try {
      const config = JSON.parse(task.trainingConfigJson) as TrainingConfig;
      if (task.kind === 'TASK_KIND_TRAIN') {
        const res = (await this.pool!.run({ kind: 'train', config }, { signal })) as TrainResponse;
        entry.phase = 'reporting';
        const hash = createHash('sha256').update(res.artifact).digest('hex');
        const seconds = (performance.now() - started) / 1000;
        const { outcome } = await this.link.completeTraining({
          workerId: this.workerId, taskId: task.taskId, artifactHash: hash, artifact: res.artifact, backend: res.backend, metaJson: JSON.stringify(res.meta), seconds,
        });
        this.count(outcome, task);
      } else {
        const artifact = await this.artifacts.get(task.artifactHash);
        const deployment = JSON.parse(task.deploymentJson) as DeploymentConfig;
        const request: PoolRequest = {
          kind: 'evaluate', artifactHash: task.artifactHash, artifact, dataset: config.dataset, deployment,
          sweepSeed: task.sweepSeed, trialStart: task.trialStart, trialEnd: task.trialEnd,
        };
        const res = (await this.pool!.run(request, { signal })) as EvaluateResponse;
        entry.phase = 'reporting';
        const seconds = (performance.now() - started) / 1000;
        const { outcome } = await this.link.completeEvaluation({ workerId: this.workerId, taskId: task.taskId, trials: res.trials, seconds });
        this.count(outcome, task);
      }
    } catch (err) {
      if (signal.aborted || this.stopping.signal.aborted) return;
      this.stats.failed++;
      const message = err instanceof Error ? err.message : String(err);
      this.log.error({ taskId: task.taskId, kind: task.kind, err: message }, 'task failed');
      await this.link.failTask({ workerId: this.workerId, taskId: task.taskId, error: message, retryable: true }).catch(() => {});
    }
  }

  private count(outcome: string, task: Task__Output): void {
    if (outcome === 'completed') this.stats.completed++;
    else {
      this.stats.leaseLost++;
      this.log.warn({ taskId: task.taskId, outcome }, 'result not accepted: lease lost');
    }
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    try {
      const held = new Set(await this.link.heartbeat(this.workerId, ids));
      for (const id of ids) {
        const entry = this.inFlight.get(id);
        if (!held.has(id) && entry?.phase === 'running') {
          this.log.warn({ taskId: id }, 'lease lost; abandoning task');
          entry.abort.abort();
        }
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'heartbeat failed');
    }
  }

  /** Stops at once: in-flight work is abandoned and its leases expire on the coordinator. */
  stop(): void {
    this.stopping.abort();
    for (const f of this.inFlight.values()) f.abort.abort();
    if (this.stateValue !== 'STOPPED') this.stateValue = 'DRAINING';
    this.nudge();
  }
}
