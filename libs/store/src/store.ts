import type { SweepPlan } from '@memsweep/sweep';
import { createClient, type Db } from './client.js';
import { DEFAULT_BACKOFF, type BackoffOptions, type StoreContext } from './context.js';
import { resolveDatabaseTarget, type Dialect } from './database-url.js';
import { DEFAULT_MIGRATIONS_ROOT, migrate, readMigrations } from './migrate.js';
import { claimTasks } from './operations/claim-tasks.js';
import { completeEvaluation, completeEvaluations } from './operations/complete-evaluation.js';
import { completeTraining } from './operations/complete-training.js';
import { extendLeases } from './operations/extend-leases.js';
import { failTask } from './operations/fail-task.js';
import { insertPlan, type InsertPlanOptions } from './operations/insert-plan.js';
import * as queries from './operations/queries.js';
import { readView, type ResultsViewName, type ResultsViewRow } from './operations/results-views.js';
import { releaseTasks } from './operations/release-tasks.js';
import { renewLeases } from './operations/renew-leases.js';
import type {
  ArtifactInput,
  ClaimTasksOptions,
  CompleteOutcome,
  EvaluationResultInput,
  FailOutcome,
  LeasedTask,
  StoredArtifact,
  SweepProgress,
  SweepRecord,
  TrialInput,
  TrialResultRow,
} from './types.js';

export interface OpenStoreOptions {
  /**
   * `file:<path>` (SQLite; the folder is created) or `postgres://…` / `postgresql://…`.
   * @default process.env.DATABASE_URL, else 'file:.memsweep/memsweep.db'
   */
  databaseUrl?: string;
  /** Retry backoff of failTask. @default { baseMs: 1000, capMs: 60000 } */
  backoff?: Partial<BackoffOptions>;
  /** Clock, epoch ms (tests move time instead of sleeping). @default Date.now */
  now?: () => number;
  /** Uniform [0, 1) source for backoff jitter. @default Math.random */
  random?: () => number;
  /** Folder holding `sqlite/` and `postgresql/` migrations. @default the repository's prisma/migrations */
  migrationsRoot?: string;
}

/** The results database: sweeps, the task queue with its leases, models and trial results. */
export interface Store {
  readonly dialect: Dialect;
  /** Stores a plan in one transaction; the same specHash again returns the stored sweep with `created: false`. */
  insertPlan(plan: SweepPlan, options: InsertPlanOptions): Promise<{ sweepId: string; created: boolean }>;
  /** By id, else the newest sweep with that name. */
  findSweep(idOrName: string): Promise<SweepRecord | null>;
  /** Newest first. */
  listSweeps(): Promise<SweepRecord[]>;
  claimTasks(options: ClaimTasksOptions): Promise<LeasedTask[]>;
  /** At coordinator start: every lease gets leaseMs from now (no heartbeat could arrive while none ran). Returns the count. */
  renewLeases(options: { leaseMs: number }): Promise<number>;
  /** Heartbeat; returns the ids still held by the worker (in the order given). */
  extendLeases(options: { workerId: string; taskIds: readonly string[]; leaseMs: number }): Promise<string[]>;
  completeTraining(options: { taskId: string; workerId: string; artifact: ArtifactInput; seconds: number }): Promise<CompleteOutcome>;
  completeEvaluation(options: { taskId: string; workerId: string; trials: readonly TrialInput[] }): Promise<CompleteOutcome>;
  /** Many finished shards of one worker in one transaction; one outcome per result, in order. */
  completeEvaluations(options: { workerId: string; results: readonly EvaluationResultInput[] }): Promise<CompleteOutcome[]>;
  failTask(options: { taskId: string; workerId: string; error: string; retryable: boolean }): Promise<FailOutcome>;
  /** Hands leases back without counting an attempt; returns how many were released. */
  releaseTasks(options: { workerId: string; taskIds: readonly string[] }): Promise<number>;
  /** Whether any task (of any sweep, or of `sweepId`) is pending or leased. */
  hasUnfinishedWork(sweepId?: string): Promise<boolean>;
  getArtifact(hash: string): Promise<StoredArtifact | null>;
  sweepProgress(sweepId: string): Promise<SweepProgress>;
  /** Training runs of the sweep that were trained to completion. */
  trainingRunsExecuted(sweepId: string): Promise<number>;
  trialResults(sweepId: string): Promise<TrialResultRow[]>;
  /**
   * Rows of a read-only results view (`trial_results_view`, `point_summary_view`: the views pandas or psql read), all
   * sweeps or one; snake_case columns as in the database.
   */
  readView(name: ResultsViewName, options?: { sweepId?: string }): Promise<ResultsViewRow[]>;
  close(): Promise<void>;
}

/** Opens the database named by `databaseUrl` (or DATABASE_URL, or the default file), applies pending migrations. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveDatabaseTarget(options.databaseUrl);
  const migrations = readMigrations(target.dialect, options.migrationsRoot ?? DEFAULT_MIGRATIONS_ROOT);
  const db = await createClient(target);
  try {
    await migrate(db, target.dialect, migrations);
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
  return new PrismaStore({
    db,
    dialect: target.dialect,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
  });
}

class PrismaStore implements Store {
  readonly dialect: Dialect;
  readonly #ctx: StoreContext;
  readonly #db: Db;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
    this.dialect = ctx.dialect;
  }

  insertPlan(plan: SweepPlan, options: InsertPlanOptions) {
    return insertPlan(this.#ctx, plan, options);
  }
  findSweep(idOrName: string) {
    return queries.findSweep(this.#ctx, idOrName);
  }
  listSweeps() {
    return queries.listSweeps(this.#ctx);
  }
  claimTasks(options: ClaimTasksOptions) {
    return claimTasks(this.#ctx, options);
  }
  renewLeases(options: { leaseMs: number }) {
    return renewLeases(this.#ctx, options);
  }
  extendLeases(options: { workerId: string; taskIds: readonly string[]; leaseMs: number }) {
    return extendLeases(this.#ctx, options);
  }
  completeTraining(options: { taskId: string; workerId: string; artifact: ArtifactInput; seconds: number }) {
    return completeTraining(this.#ctx, options);
  }
  completeEvaluation(options: { taskId: string; workerId: string; trials: readonly TrialInput[] }) {
    return completeEvaluation(this.#ctx, options);
  }
  completeEvaluations(options: { workerId: string; results: readonly EvaluationResultInput[] }) {
    return completeEvaluations(this.#ctx, options);
  }
  failTask(options: { taskId: string; workerId: string; error: string; retryable: boolean }) {
    return failTask(this.#ctx, options);
  }
  releaseTasks(options: { workerId: string; taskIds: readonly string[] }) {
    return releaseTasks(this.#ctx, options);
  }
  hasUnfinishedWork(sweepId?: string) {
    return queries.hasUnfinishedWork(this.#ctx, sweepId);
  }
  getArtifact(hash: string) {
    return queries.getArtifact(this.#ctx, hash);
  }
  sweepProgress(sweepId: string) {
    return queries.sweepProgress(this.#ctx, sweepId);
  }
  trainingRunsExecuted(sweepId: string) {
    return queries.trainingRunsExecuted(this.#ctx, sweepId);
  }
  trialResults(sweepId: string) {
    return queries.trialResults(this.#ctx, sweepId);
  }
  readView(name: ResultsViewName, options?: { sweepId?: string }) {
    return readView(this.#ctx, name, options);
  }
  async close() {
    await this.#db.$disconnect();
  }
}
