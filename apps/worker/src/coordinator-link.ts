import { createWorkerClient, unary, type ClientSecurity, type CompleteEvaluationsResponse__Output, type CompleteResponse__Output, type RegisterResponse__Output, type Task__Output, type WorkerServiceClient } from '@memsweep/protocol';
import { UnavailableError } from '@memsweep/sweep';
import { backoffMs, sleep } from './backoff.js';

/**
 * The worker's side of the wire: every call retried with capped, jittered backoff while the coordinator is unreachable
 * (restarting, network blip), until `signal` aborts. Non-retryable errors surface to the caller — among them
 * UNAUTHENTICATED (a missing or wrong worker token), which no retry can fix.
 */
export class CoordinatorLink {
  private readonly client: WorkerServiceClient;

  constructor(
    readonly address: string,
    private readonly signal: AbortSignal,
    private readonly onRetry: (what: string, err: Error, attempt: number) => void = () => {},
    security: ClientSecurity = {},
  ) {
    this.client = createWorkerClient(address, security);
  }

  close(): void {
    this.client.close();
  }

  private async retrying<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof UnavailableError) || this.signal.aborted) throw err;
        this.onRetry(what, err, attempt);
        await sleep(backoffMs(attempt), this.signal);
      }
    }
  }

  register(request: { hostname: string; threads: number; version: string; workerId: string }): Promise<RegisterResponse__Output> {
    return this.retrying('register', () => unary(this.client, 'register', request));
  }

  async lease(workerId: string, maxTasks: number): Promise<{ tasks: Task__Output[]; idle: boolean }> {
    return this.retrying('lease', () => unary(this.client, 'leaseTasks', { workerId, maxTasks }));
  }

  async heartbeat(workerId: string, taskIds: string[]): Promise<string[]> {
    const res = await unary(this.client, 'heartbeat', { workerId, taskIds }, 10_000);
    return res.heldTaskIds;
  }

  completeTraining(request: { workerId: string; taskId: string; artifactHash: string; artifact: Uint8Array; backend: string; metaJson: string; seconds: number }): Promise<CompleteResponse__Output> {
    return this.retrying('complete-training', () => unary(this.client, 'completeTraining', { ...request, artifact: Buffer.from(request.artifact) }, 120_000));
  }

  /** Many finished shards in one call (one database transaction); with leaseMaxTasks > 0 it also leases new tasks. */
  completeEvaluations(request: {
    workerId: string;
    results: Array<{ taskId: string; trials: Array<{ trial: number; correct: number; total: number }>; seconds: number }>;
    leaseMaxTasks: number;
  }): Promise<CompleteEvaluationsResponse__Output> {
    return this.retrying('complete-evaluations', () => unary(this.client, 'completeEvaluations', request, 120_000));
  }

  failTask(request: { workerId: string; taskId: string; error: string; retryable: boolean }): Promise<string> {
    return this.retrying('fail-task', async () => (await unary(this.client, 'failTask', request)).outcome);
  }

  release(workerId: string, taskIds: string[]): Promise<number> {
    return this.retrying('release', async () => (await unary(this.client, 'releaseTasks', { workerId, taskIds })).released);
  }

  async artifact(hash: string): Promise<Uint8Array> {
    const res = await this.retrying('get-artifact', () => unary(this.client, 'getArtifact', { hash }, 120_000));
    return new Uint8Array(res.artifact);
  }
}
