import type { Progress__Output, SweepServiceHandlers } from '@memsweep/protocol';
import { compileSweepYaml, NotFoundError, planSweep } from '@memsweep/sweep';
import type { Store } from '@memsweep/store';
import type { Logger } from 'pino';
import * as schemas from './request-schemas.js';
import { parseRequest } from './request-schemas.js';
import { unaryHandler } from './unary-handler.js';
import type { WorkerRegistry } from './worker-registry.js';

/** Progress of one sweep as the wire reports it (also used by the CLI when it reads the database directly). */
export async function sweepProgressMessage(store: Store, sweepRef: string, registry?: WorkerRegistry): Promise<Progress__Output> {
  const sweep = await store.findSweep(sweepRef);
  if (!sweep) throw new NotFoundError(`no sweep with id or name "${sweepRef}"`);
  const p = await store.sweepProgress(sweep.id);
  const now = Date.now();
  return {
    sweepId: sweep.id,
    name: sweep.name,
    trainingTotal: p.trainingTotal,
    trainingDone: p.trainingDone,
    shardsTotal: p.shardsTotal,
    shardsDone: p.shardsDone,
    shardsFailed: p.shardsFailed,
    trialsTotal: p.trialsTotal,
    trialsDone: p.trialsDone,
    done: p.done,
    failures: p.failures.map((f) => ({ taskId: f.taskId, kind: f.kind, error: f.error, attempts: f.attempts })),
    workers: (registry?.list() ?? []).map((w) => ({ workerId: w.workerId, hostname: w.hostname, threads: w.threads, state: w.state, lastSeenMsAgo: now - w.lastSeen })),
    trainingRunsExecuted: await store.trainingRunsExecuted(sweep.id),
  };
}

/** The client-facing RPCs: submit a sweep file, watch progress, list sweeps. */
export function sweepServiceHandlers(store: Store, registry: WorkerRegistry, maxAttemptsDefault: number, log: Logger): SweepServiceHandlers {
  return {
    SubmitSweep: unaryHandler(log, 'SubmitSweep', async (raw) => {
      const { yaml } = parseRequest(schemas.submitSweepRequest, raw);
      const spec = compileSweepYaml(yaml);
      const plan = planSweep(spec, yaml);
      const { sweepId, created } = await store.insertPlan(plan, { maxAttempts: spec.maxAttempts ?? maxAttemptsDefault });
      log.info({ sweepId, created, name: plan.name, points: plan.points.length, trainings: plan.trainings.length, shards: plan.shards.length }, created ? 'sweep submitted' : 'sweep resubmitted: resuming');
      return {
        sweepId,
        created,
        points: plan.points.length,
        trainings: plan.trainings.length,
        shards: plan.shards.length,
        trials: plan.points.length * plan.trialsPerPoint,
      };
    }),

    GetProgress: unaryHandler(log, 'GetProgress', async (raw) => {
      const { sweep } = parseRequest(schemas.getProgressRequest, raw);
      return sweepProgressMessage(store, sweep, registry);
    }),

    ListSweeps: unaryHandler(log, 'ListSweeps', async () => {
      const sweeps = await store.listSweeps();
      return { sweeps: sweeps.map((s) => ({ sweepId: s.id, name: s.name, status: s.status, createdAt: s.createdAt.toISOString() })) };
    }),
  };
}
