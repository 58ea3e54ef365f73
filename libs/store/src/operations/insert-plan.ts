import { randomUUID } from 'node:crypto';
import type { SweepPlan } from '@memsweep/sweep';
import { isUniqueViolation } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import { adaptiveRuleOfSpec } from './adaptive-points.js';

export interface InsertPlanOptions {
  /** Claims allowed per task before it fails for good (≥ 1). */
  maxAttempts: number;
}

/** Claim order across kinds (tasks.priority): training first, since it unlocks evaluation. */
export const PRIORITY = { train: 0, evaluate: 1 } as const;

/**
 * Stores a plan in one transaction: the sweep, one training run per planned training, one point per planned point, one
 * 'train' task per training run and one 'evaluate' task per shard. A plan whose specHash is already stored inserts
 * nothing and returns that sweep (`created: false`): resubmitting a spec resumes it.
 */
export async function insertPlan(ctx: StoreContext, plan: SweepPlan, options: InsertPlanOptions): Promise<{ sweepId: string; created: boolean }> {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) throw new StoreError(`maxAttempts must be a whole number ≥ 1, got ${options.maxAttempts}`);
  const existing = await ctx.db.sweep.findUnique({ where: { specHash: plan.specHash }, select: { id: true } });
  if (existing) return { sweepId: existing.id, created: false };
  const rows = planRows(plan, options.maxAttempts, ctx.now());
  try {
    await ctx.db.$transaction(
      async (tx) => {
        await tx.sweep.create({ data: rows.sweep });
        await tx.trainingRun.createMany({ data: rows.trainingRuns });
        await tx.point.createMany({ data: rows.points });
        await tx.task.createMany({ data: rows.tasks });
      },
      { maxWait: 30_000, timeout: 300_000 },
    );
    return { sweepId: rows.sweep.id, created: true };
  } catch (err) {
    // A concurrent submission of the same spec won the race: theirs is the sweep.
    if (!isUniqueViolation(err)) throw err;
    const winner = await ctx.db.sweep.findUnique({ where: { specHash: plan.specHash }, select: { id: true } });
    if (!winner) throw err;
    return { sweepId: winner.id, created: false };
  }
}

/** The plan as rows, with ids assigned and references checked. */
function planRows(plan: SweepPlan, maxAttempts: number, nowMs: number) {
  const createdAt = new Date(nowMs);
  const sweepId = randomUUID();
  const trainingIds = new Map<string, string>();
  const trainingRuns = plan.trainings.map((training) => {
    if (trainingIds.has(training.key)) throw new StoreError(`plan ${plan.name}: training key ${training.key} appears twice`);
    const id = randomUUID();
    trainingIds.set(training.key, id);
    return { id, sweepId, key: training.key, configJson: JSON.stringify(training.config) };
  });
  const pointsByKey = new Map<string, { id: string; index: number; trainingRunId: string }>();
  const points = plan.points.map((point) => {
    const trainingRunId = trainingIds.get(point.trainingKey);
    if (!trainingRunId) throw new StoreError(`plan ${plan.name}: point ${point.key} names unknown training ${point.trainingKey}`);
    if (pointsByKey.has(point.key)) throw new StoreError(`plan ${plan.name}: point key ${point.key} appears twice`);
    const id = randomUUID();
    pointsByKey.set(point.key, { id, index: point.index, trainingRunId });
    return {
      id,
      sweepId,
      index: point.index,
      key: point.key,
      method: point.method,
      faultRate: point.faultRate,
      dropConnectRate: point.dropConnectRate,
      sigma: point.sigma,
      crossbarSize: point.crossbarSize,
      width: point.width,
      seed: BigInt(point.seed),
      trainingRunId,
      deploymentKey: point.deploymentKey,
      deploymentJson: JSON.stringify(point.deployment),
    };
  });
  const common = { sweepId, status: 'pending', attempts: 0, maxAttempts, runAfterMs: BigInt(nowMs), createdAt, updatedAt: createdAt };
  const trainTasks = trainingRuns.map((run, seq) => ({ ...common, id: randomUUID(), kind: 'train', priority: PRIORITY.train, seq, trainingRunId: run.id }));
  const shards = plan.shards.map((shard) => {
    const point = pointsByKey.get(shard.pointKey);
    if (!point) throw new StoreError(`plan ${plan.name}: shard names unknown point ${shard.pointKey}`);
    if (!(Number.isInteger(shard.trialStart) && Number.isInteger(shard.trialEnd) && 0 <= shard.trialStart && shard.trialStart < shard.trialEnd)) {
      throw new StoreError(`plan ${plan.name}: shard [${shard.trialStart}, ${shard.trialEnd}) of point ${shard.pointKey} is not a non-empty trial range`);
    }
    return { shard, point };
  });
  // Evaluation is claimed in point order, then trial order, whatever order the plan listed its shards in.
  shards.sort((a, b) => a.point.index - b.point.index || a.shard.trialStart - b.shard.trialStart);
  // Adaptive: shards past minTrials wait ('held') until the stopping rule releases them (adaptive-points.ts).
  const heldFrom = adaptiveRuleOfSpec(plan.specJson)?.minTrials ?? Infinity;
  const evaluateTasks = shards.map(({ shard, point }, seq) => ({
    ...common,
    status: shard.trialStart >= heldFrom ? 'held' : 'pending',
    id: randomUUID(),
    kind: 'evaluate',
    priority: PRIORITY.evaluate,
    seq,
    trainingRunId: point.trainingRunId,
    pointId: point.id,
    trialStart: shard.trialStart,
    trialEnd: shard.trialEnd,
  }));
  return {
    sweep: {
      id: sweepId,
      name: plan.name,
      specHash: plan.specHash,
      specJson: plan.specJson,
      specYaml: plan.specYaml,
      seed: plan.seed,
      trialsPerPoint: plan.trialsPerPoint,
      status: 'running',
      createdAt,
    },
    trainingRuns,
    points,
    tasks: [...trainTasks, ...evaluateTasks],
  };
}
