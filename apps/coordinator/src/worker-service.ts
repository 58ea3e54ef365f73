import { createHash } from 'node:crypto';
import type { Task, WorkerServiceHandlers } from '@memsweep/protocol';
import { canonicalJson } from '@memsweep/crossbar';
import { ConfigError, NotFoundError } from '@memsweep/sweep';
import type { LeasedTask, Store } from '@memsweep/store';
import type { Logger } from 'pino';
import * as schemas from './request-schemas.js';
import { parseRequest } from './request-schemas.js';
import { unaryHandler } from './unary-handler.js';
import type { WorkerRegistry } from './worker-registry.js';

export interface LeaseTiming {
  /** How long a lease lasts without a heartbeat. */
  leaseMs: number;
  /** How often workers heartbeat; a few heartbeats fit in one lease. */
  heartbeatMs: number;
}

/** canonicalJson of configs that repeat across a batch of tasks (the same training, few deployments), once each. */
function memoJson(): (value: object) => string {
  const seen = new Map<object, string>();
  return (value) => {
    let text = seen.get(value);
    if (text === undefined) seen.set(value, (text = canonicalJson(value)));
    return text;
  };
}

function toWireTask(task: LeasedTask, json: (value: object) => string): Task {
  return {
    taskId: task.taskId,
    sweepId: task.sweepId,
    kind: task.kind === 'train' ? 'TASK_KIND_TRAIN' : 'TASK_KIND_EVALUATE',
    attempt: task.attempt,
    sweepSeed: task.sweepSeed,
    trainingKey: task.trainingKey,
    trainingConfigJson: json(task.trainingConfig),
    artifactHash: task.artifactHash ?? '',
    pointKey: task.pointKey ?? '',
    deploymentJson: task.deployment ? json(task.deployment) : '',
    trialStart: task.trialStart ?? 0,
    trialEnd: task.trialEnd ?? 0,
  };
}

/** The worker-facing RPCs: registration, leases, heartbeats, results, artifacts. */
export function workerServiceHandlers(store: Store, registry: WorkerRegistry, timing: LeaseTiming, log: Logger): WorkerServiceHandlers {
  const lease = async (workerId: string, max: number) => {
    const tasks = await store.claimTasks({ workerId, max, leaseMs: timing.leaseMs });
    const json = memoJson();
    return { tasks: tasks.map((t) => toWireTask(t, json)), idle: tasks.length === 0 && !(await store.hasUnfinishedWork()) };
  };
  return {
    Register: unaryHandler(log, 'Register', async (raw) => {
      const req = parseRequest(schemas.registerRequest, raw);
      const record = registry.register(req);
      log.info({ workerId: record.workerId, hostname: req.hostname, threads: req.threads }, 'worker registered');
      return { workerId: record.workerId, leaseMs: timing.leaseMs, heartbeatMs: timing.heartbeatMs };
    }),

    LeaseTasks: unaryHandler(log, 'LeaseTasks', async (raw) => {
      const req = parseRequest(schemas.leaseRequest, raw);
      registry.touch(req.workerId);
      return lease(req.workerId, req.maxTasks);
    }),

    Heartbeat: unaryHandler(log, 'Heartbeat', async (raw) => {
      const req = parseRequest(schemas.heartbeatRequest, raw);
      registry.touch(req.workerId);
      const held = await store.extendLeases({ workerId: req.workerId, taskIds: req.taskIds, leaseMs: timing.leaseMs });
      return { heldTaskIds: held };
    }),

    CompleteTraining: unaryHandler(log, 'CompleteTraining', async (raw) => {
      const req = parseRequest(schemas.completeTrainingRequest, raw);
      const actual = createHash('sha256').update(req.artifact).digest('hex');
      if (actual !== req.artifactHash) throw new ConfigError([`artifactHash: does not match the artifact's sha256 (${actual})`]);
      registry.touch(req.workerId);
      const outcome = await store.completeTraining({
        taskId: req.taskId,
        workerId: req.workerId,
        artifact: { hash: req.artifactHash, bytes: new Uint8Array(req.artifact), backend: req.backend, meta: JSON.parse(req.metaJson) as Record<string, unknown> },
        seconds: req.seconds,
      });
      return { outcome };
    }),

    CompleteEvaluation: unaryHandler(log, 'CompleteEvaluation', async (raw) => {
      const req = parseRequest(schemas.completeEvaluationRequest, raw);
      registry.touch(req.workerId);
      const outcome = await store.completeEvaluation({ taskId: req.taskId, workerId: req.workerId, trials: req.trials });
      return { outcome };
    }),

    CompleteEvaluations: unaryHandler(log, 'CompleteEvaluations', async (raw) => {
      const req = parseRequest(schemas.completeEvaluationsRequest, raw);
      registry.touch(req.workerId);
      const outcomes = await store.completeEvaluations({ workerId: req.workerId, results: req.results });
      const leased = req.leaseMaxTasks > 0 ? await lease(req.workerId, req.leaseMaxTasks) : { tasks: [], idle: false };
      return { outcomes, ...leased };
    }),

    FailTask: unaryHandler(log, 'FailTask', async (raw) => {
      const req = parseRequest(schemas.failTaskRequest, raw);
      registry.touch(req.workerId);
      log.warn({ taskId: req.taskId, workerId: req.workerId, error: req.error }, 'worker reported a failed task');
      return { outcome: await store.failTask(req) };
    }),

    ReleaseTasks: unaryHandler(log, 'ReleaseTasks', async (raw) => {
      const req = parseRequest(schemas.releaseRequest, raw);
      return { released: await store.releaseTasks(req) };
    }),

    GetArtifact: unaryHandler(log, 'GetArtifact', async (raw) => {
      const req = parseRequest(schemas.getArtifactRequest, raw);
      const artifact = await store.getArtifact(req.hash);
      if (!artifact) throw new NotFoundError(`no artifact with hash ${req.hash}`);
      return { artifact: Buffer.from(artifact.bytes), backend: artifact.backend };
    }),
  };
}
