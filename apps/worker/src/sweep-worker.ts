import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { Piscina } from 'piscina';
import type { ClientSecurity, Task__Output } from '@memsweep/protocol';
import type { DeploymentConfig, TrainingConfig } from '@memsweep/sweep';
import { ArtifactCache } from './artifact-cache.js';
import { sleep } from './backoff.js';
import { CompletionBatcher } from './completion-batcher.js';
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
  /**
   * Leased tasks kept waiting beyond the running ones, so that a freed thread starts the next task at once instead of
   * idling through a lease round trip. Queued leases are heartbeated like running ones and handed back on drain.
   * @default threads
   */
  prefetch?: number;
  /** How long to wait between lease requests when no sweep has work. @default 1000 */
  idlePollMs?: number;
  /** How long to wait before asking again when sweeps have work but none is ready yet (e.g. models in training). @default 200 */
  busyPollMs?: number;
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
  /**
   * 'queued': leased, waiting for a thread. 'running' on a thread. 'reporting' once the result exists and is being
   * sent: the completion's answer decides its fate, not a heartbeat.
   */
  phase: 'queued' | 'running' | 'reporting';
}

type EvaluationResult = { taskId: string; trials: Array<{ trial: number; correct: number; total: number }>; seconds: number };

const VERSION = '0.1.0';

/** Leases tasks from a coordinator and runs them on a piscina thread pool, heartbeating while they run. */
export class SweepWorker {
  private stateValue: WorkerState = 'STARTING';
  private readonly threads: number;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly link: CoordinatorLink;
  private readonly artifacts: ArtifactCache;
  /** Every lease held: queued, running and reporting tasks. */
  private readonly inFlight = new Map<string, InFlight>();
  /** Leased tasks waiting for a thread, in lease order. */
  private readonly queued: Task__Output[] = [];
  /** How many tasks this worker holds at most (running + queued). */
  private readonly capacity: number;
  /** A lease request (LeaseTasks, or one riding on a completion batch) is in flight. */
  private leasing = false;
  /** Evaluation results, sent in batches (one database transaction per batch). */
  private readonly completions = new CompletionBatcher<EvaluationResult, string>((results) => this.sendResults(results));
  /** Aborted by drain(): calls that wait for the coordinator stop waiting. */
  private readonly draining = new AbortController();
  private wake = new AbortController();
  private workerId = '';
  private pool?: Piscina<PoolRequest, PoolResponse>;
  /** Counters, for logs and tests. */
  readonly stats = { completed: 0, leaseLost: 0, failed: 0 };

  constructor(private readonly options: WorkerOptions) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.capacity = this.threads + Math.max(0, options.prefetch ?? this.threads);
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

  /** Free places for new leases: tasks being reported no longer count (their threads are free). */
  private room(): number {
    let held = 0;
    for (const f of this.inFlight.values()) if (f.phase !== 'reporting') held++;
    return this.capacity - held;
  }

  /**
   * Keeps the worker's queue filled: leases whenever there is room and no lease request is in flight. Completion
   * batches also carry lease requests (see sendResults), so a busy worker mostly leases without a call of its own.
   */
  private async leaseLoop(): Promise<void> {
    while (this.stateValue === 'RUNNING') {
      const room = this.room();
      if (room <= 0 || this.leasing) {
        await sleep(60_000, this.wake.signal);
        continue;
      }
      this.leasing = true;
      let leased: { tasks: Task__Output[]; idle: boolean } | undefined;
      try {
        leased = await this.untilDrained(this.link.lease(this.workerId, room), ({ tasks }) => this.accept(tasks));
      } finally {
        this.leasing = false;
      }
      if (!leased) break;
      this.accept(leased.tasks);
      if (leased.tasks.length === 0) await sleep(leased.idle ? (this.options.idlePollMs ?? 1000) : (this.options.busyPollMs ?? 200), this.wake.signal);
    }
  }

  /** Takes newly leased tasks into the queue; granted after the drain began (the coordinator came back): hands them back. */
  private accept(tasks: Task__Output[]): void {
    if (tasks.length === 0) return;
    if (this.stateValue !== 'RUNNING') {
      this.link.release(this.workerId, tasks.map((t) => t.taskId)).catch(() => {});
      return;
    }
    for (const task of tasks) {
      this.inFlight.set(task.taskId, { task, abort: new AbortController(), done: Promise.resolve(), phase: 'queued' });
      this.queued.push(task);
    }
    this.pump();
  }

  /** Starts queued tasks on free threads. */
  private pump(): void {
    let running = 0;
    for (const f of this.inFlight.values()) if (f.phase === 'running') running++;
    while (this.stateValue === 'RUNNING' && running < this.threads && this.queued.length > 0) {
      const entry = this.inFlight.get(this.queued.shift()!.taskId);
      if (entry?.phase !== 'queued') continue; // its lease was lost while it waited
      this.start(entry);
      running++;
    }
  }

  /** Sends a batch of results; asks for as many new tasks as there is room for, in the same call. */
  private async sendResults(results: EvaluationResult[]): Promise<string[]> {
    const leaseMaxTasks = this.stateValue === 'RUNNING' && !this.leasing ? Math.max(0, this.room()) : 0;
    if (leaseMaxTasks > 0) this.leasing = true;
    try {
      const res = await this.link.completeEvaluations({ workerId: this.workerId, results, leaseMaxTasks });
      if (leaseMaxTasks > 0) this.accept(res.tasks);
      return res.outcomes;
    } finally {
      if (leaseMaxTasks > 0) {
        this.leasing = false;
        this.nudge();
      }
    }
  }

  private async finishInFlight(): Promise<void> {
    // Tasks that never started go back at once; running ones get the drain timeout to finish.
    const notStarted = [...this.inFlight.values()].filter((f) => f.phase === 'queued').map((f) => f.task.taskId);
    for (const id of notStarted) this.inFlight.delete(id);
    this.queued.length = 0;
    if (notStarted.length > 0 && !this.stopping.signal.aborted) {
      await this.link.release(this.workerId, notStarted).catch((err: Error) => this.log.warn({ err: err.message }, 'could not hand back leases'));
    }
    // The deadline's timer is cancelled once the tasks are done: a pending timer would keep a drained process alive.
    const finished = new AbortController();
    const deadline = sleep(this.options.drainTimeoutMs ?? 60_000, AbortSignal.any([this.stopping.signal, finished.signal]));
    await Promise.race([Promise.all([...this.inFlight.values()].map((f) => f.done)).then(() => this.completions.idle()), deadline]);
    finished.abort();
    const left = [...this.inFlight.keys()];
    if (left.length > 0 && !this.stopping.signal.aborted) {
      for (const f of this.inFlight.values()) f.abort.abort();
      await this.link.release(this.workerId, left).catch((err: Error) => this.log.warn({ err: err.message }, 'could not hand back leases'));
    }
  }

  private start(entry: InFlight): void {
    entry.phase = 'running';
    entry.done = this.execute(entry, entry.abort.signal).finally(() => {
      this.inFlight.delete(entry.task.taskId);
      this.pump();
      this.nudge();
    });
  }

  private async execute(entry: InFlight, signal: AbortSignal): Promise<void> {
    const { task } = entry;
    const started = performance.now();
    try {
      const config = JSON.parse(task.trainingConfigJson) as TrainingConfig;
      if (task.kind === 'TASK_KIND_TRAIN') {
        const res = (await this.pool!.run({ kind: 'train', config }, { signal })) as TrainResponse;
        entry.phase = 'reporting';
        this.pump();
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
        this.pump(); // the thread is free: start the next queued task while this result is reported
        this.count(await this.completions.submit({ taskId: task.taskId, trials: res.trials, seconds }), task);
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
        if (held.has(id) || !entry) continue;
        if (entry.phase === 'queued') {
          this.log.warn({ taskId: id }, 'lease lost before the task started; dropping it');
          this.inFlight.delete(id);
        } else if (entry.phase === 'running') {
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
