import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadProto, type Task, type WorkerServiceHandlers } from '@memsweep/protocol';

/**
 * A minimal in-memory WorkerService on a real loopback gRPC server, for testing the worker on its own (the real
 * coordinator lives in another app and is tested with the worker end to end by the CLI's specs).
 */
export class FakeCoordinator {
  readonly queue: Task[] = [];
  readonly leased = new Map<string, string>();
  readonly artifacts = new Map<string, Buffer>();
  readonly completed: Array<{ taskId: string; workerId: string; kind: 'train' | 'evaluate'; trials?: Array<{ trial: number; correct: number; total: number }>; hash?: string }> = [];
  readonly heartbeats: string[][] = [];
  /** maxTasks of every LeaseTasks call, in order. */
  readonly leaseRequests: number[] = [];
  /** Every CompleteEvaluations call: how many results it carried and how many tasks it asked to lease. */
  readonly completionBatches: Array<{ results: number; leaseMaxTasks: number }> = [];
  /** Task ids handed back by ReleaseTasks. */
  readonly released: string[] = [];
  /** Task ids the next heartbeat reports as no longer held. */
  readonly revoke = new Set<string>();
  private server?: grpc.Server;
  address = '';

  async start(port = 0): Promise<void> {
    const server = new grpc.Server(CHANNEL_OPTIONS);
    const ok = <T>(cb: grpc.sendUnaryData<T>, value: T) => cb(null, value);
    const handlers: WorkerServiceHandlers = {
      Register: (call, cb) => ok(cb, { workerId: call.request.workerId || 'w', leaseMs: 3000, heartbeatMs: 100 }),
      LeaseTasks: (call, cb) => {
        this.leaseRequests.push(call.request.maxTasks);
        const tasks = this.queue.splice(0, call.request.maxTasks);
        for (const t of tasks) this.leased.set(t.taskId!, call.request.workerId);
        ok(cb, { tasks, idle: this.queue.length === 0 && this.leased.size === 0 });
      },
      Heartbeat: (call, cb) => {
        this.heartbeats.push(call.request.taskIds);
        ok(cb, { heldTaskIds: call.request.taskIds.filter((id) => !this.revoke.has(id)) });
      },
      CompleteTraining: (call, cb) => {
        this.leased.delete(call.request.taskId);
        this.artifacts.set(call.request.artifactHash, Buffer.from(call.request.artifact));
        this.completed.push({ taskId: call.request.taskId, workerId: call.request.workerId, kind: 'train', hash: call.request.artifactHash });
        ok(cb, { outcome: 'completed' });
      },
      CompleteEvaluation: (call, cb) => {
        this.leased.delete(call.request.taskId);
        this.completed.push({ taskId: call.request.taskId, workerId: call.request.workerId, kind: 'evaluate', trials: call.request.trials });
        ok(cb, { outcome: 'completed' });
      },
      CompleteEvaluations: (call, cb) => {
        this.completionBatches.push({ results: call.request.results.length, leaseMaxTasks: call.request.leaseMaxTasks });
        for (const r of call.request.results) {
          this.leased.delete(r.taskId);
          this.completed.push({ taskId: r.taskId, workerId: call.request.workerId, kind: 'evaluate', trials: r.trials });
        }
        const tasks = this.queue.splice(0, call.request.leaseMaxTasks);
        for (const t of tasks) this.leased.set(t.taskId!, call.request.workerId);
        ok(cb, { outcomes: call.request.results.map(() => 'completed'), tasks, idle: false });
      },
      FailTask: (call, cb) => ok(cb, { outcome: 'failed' }),
      ReleaseTasks: (call, cb) => {
        for (const id of call.request.taskIds) this.leased.delete(id);
        this.released.push(...call.request.taskIds);
        ok(cb, { released: call.request.taskIds.length });
      },
      GetArtifact: (call, cb) => {
        const artifact = this.artifacts.get(call.request.hash);
        if (!artifact) return cb({ code: grpc.status.NOT_FOUND, details: 'no such artifact' });
        ok(cb, { artifact, backend: 'wasm' });
      },
    };
    server.addService(loadProto().memsweep.v1.WorkerService.service, handlers);
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.server = server;
    this.address = `127.0.0.1:${bound}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.tryShutdown(() => resolve()) : resolve()));
  }
}
