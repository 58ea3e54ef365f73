#!/usr/bin/env node
/**
 * Chaos test (issue #5): a sweep of ≥ N shards on a `memsweep coordinator` process and W `memsweep worker` processes,
 * with workers killed by SIGKILL at seeded random moments and the coordinator killed (SIGKILL) and restarted on the
 * same port and database. Then it proves, against the plan and an undisturbed run of the same sweep on its own database:
 *   lost trials = 0        every (point, trial) of the plan is stored;
 *   duplicated trials = 0  rows of trial_results_view = distinct (point, trial) keys;
 *   identical table        per-trial correct counts equal the undisturbed run's exactly, and `memsweep query --format
 *                          json` prints the same aggregated table for both.
 * It also counts late completions the coordinator rejected (workers log them: "result not accepted: lease lost").
 * --adaptive runs the sweep with adaptive Monte-Carlo (montecarlo.adaptive: minTrials 4, maxTrials 8, batch 2): then
 * "the plan's trials" are the trials the undisturbed run kept, so the proofs also show that the stopping decisions
 * (taken in the completion transactions) come out the same through worker kills and coordinator restarts.
 *
 *   node tools/chaos.mjs [--database sqlite|postgres] [--shards 200] [--kills 10] [--coordinator-restarts 2]
 *                        [--workers 3] [--seed N] [--lease-ms 2000] [--adaptive] [--keep] [--json]
 *
 * Needs the built apps (npm run build). PostgreSQL: a throwaway server from @memsweep/store/testing (initdb/pg_ctl).
 * Exit code 0 when every proof holds, 1 otherwise. --json prints the report as one JSON line on stdout (for the suite).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps/cli/dist/main.js');
const importDist = (path) => import(pathToFileURL(join(ROOT, path)).href);

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    shards: { type: 'string', default: '200' },
    kills: { type: 'string', default: '10' },
    'coordinator-restarts': { type: 'string', default: '2' },
    workers: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'lease-ms': { type: 'string', default: '2000' },
    'timeout-s': { type: 'string', default: '900' },
    adaptive: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const opt = {
  database: args.database,
  shards: wholeNumber('shards', 1),
  kills: wholeNumber('kills', 0),
  coordinatorRestarts: wholeNumber('coordinator-restarts', 0),
  workers: wholeNumber('workers', 1),
  seed: wholeNumber('seed', 0),
  leaseMs: wholeNumber('lease-ms', 100),
  timeoutMs: wholeNumber('timeout-s', 10) * 1000,
};
if (!['sqlite', 'postgres'].includes(opt.database)) usage(`--database must be sqlite or postgres, got ${opt.database}`);

function wholeNumber(name, min) {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) usage(`--${name} must be a whole number ≥ ${min}, got ${args[name]}`);
  return n;
}
function usage(message) {
  process.stderr.write(`chaos: ${message}\n`);
  process.exit(2);
}

const log = (line) => process.stderr.write(`[chaos ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = Date.now();

/**
 * A sweep with at least `shards` shards that evaluates fast: 2 trials per point, 1 trial per shard, a tiny MLP and
 * test set, one method and 2 training seeds (2 training runs). Points = 2 seeds × faultRate values × 2 σ.
 */
function chaosSweepYaml(shards, maxAttempts, name = 'chaos', adaptive = false) {
  // Adaptive points run at least minTrials (4) one-trial shards, at most maxTrials (8).
  const faultRates = Math.max(1, Math.ceil(shards / (adaptive ? 16 : 8)));
  const rates = Array.from({ length: faultRates }, (_, i) => Number(((0.5 * i) / faultRates).toFixed(4)));
  return `name: ${name}
seed: 11
dataset: { name: mnist, trainSize: 300, testSize: 1000, splitSeed: 2 }
network: { kind: mlp, hidden: [12], activation: relu }
training: { epochs: 1, batchSize: 50, learningRate: 0.01 }
methods: [baseline]
seeds: [1, 2]
grid:
  faultRate: [${rates.join(', ')}]
  sigma: [0, 0.3]
  crossbarSize: 64
deployment: { faultPreset: xiang2021 }
${adaptive ? 'montecarlo: { adaptive: { halfWidth: 0.004, minTrials: 4, maxTrials: 8, batch: 2 } }' : 'trials: 2'}
shardSize: 1
maxAttempts: ${maxAttempts}
`;
}

// ---------------------------------------------------------------------------------------------------------------- //
// Processes: every child is tracked and killed on any exit path.

const children = new Set();
function killAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

function spawnCli(cliArgs, { env = {}, logFile, stdout = 'ignore' } = {}) {
  const child = spawn(process.execPath, [CLI, ...cliArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, logFile ? 'pipe' : 'ignore'],
  });
  if (logFile) child.stderr.pipe(createWriteStream(logFile, { flags: 'a' }));
  children.add(child);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

/** Runs the CLI to completion; rejects on timeout (the child is killed). */
async function runCli(cliArgs, { env = {}, timeoutMs = 600_000 } = {}) {
  const child = spawn(process.execPath, [CLI, ...cliArgs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? s)));
  clearTimeout(timer);
  children.delete(child);
  return { code, stdout, stderr };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------- //

async function main() {
  const { openStore } = await importDist('libs/store/dist/index.js');
  const { compileSweepYaml, planSweep } = await importDist('libs/sweep/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'memsweep-chaos-'));
  // The schedule (which worker, when, how long down) depends only on --seed: the project's Philox generator.
  const { Rng } = await importDist('libs/crossbar/dist/index.js');
  const rng = Rng.of('chaos-schedule', opt.seed);
  const random = () => rng.uniform();
  let pg;
  try {
    let chaosUrl;
    let referenceUrl;
    if (opt.database === 'postgres') {
      const { startTestPostgres } = await importDist('libs/store/dist/testing/index.js');
      pg = await startTestPostgres();
      chaosUrl = await pg.createDatabase();
      referenceUrl = await pg.createDatabase();
    } else {
      chaosUrl = `file:${join(dir, 'chaos.db')}`;
      referenceUrl = `file:${join(dir, 'reference.db')}`;
    }
    // Every SIGKILL of a worker counts an attempt against the task it held (by design: a task that kills its worker
    // every time must stop). The seeded schedule may hit one task repeatedly (a training task above all), so the sweep
    // allows more attempts than there are chaos events: then only a real bug can fail a shard. The report shows the
    // most attempts any task needed.
    const yaml = chaosSweepYaml(opt.shards, opt.kills + opt.coordinatorRestarts + 3, 'chaos', args.adaptive);
    const sweepFile = join(dir, 'chaos.yaml');
    writeFileSync(sweepFile, yaml);
    const plan = planSweep(compileSweepYaml(yaml), yaml);
    log(`${opt.database}: ${plan.points.length} points, ${plan.trainings.length} training runs, ${plan.shards.length} shards, ${plan.points.length * plan.trialsPerPoint} trials; ` +
      `${opt.workers} workers, ${opt.kills} worker kills, ${opt.coordinatorRestarts} coordinator restarts, lease ${opt.leaseMs} ms, seed ${opt.seed}; logs in ${dir}`);

    // A shared token in every child's env: harmless without authentication, required once the coordinator checks it.
    const env = { MEMSWEEP_TOKEN: process.env.MEMSWEEP_TOKEN ?? `chaos-${randomBytes(16).toString('hex')}`, MEMSWEEP_LOG_LEVEL: 'warn' };
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const coordinatorLog = join(dir, 'coordinator.log');
    const workerLog = join(dir, 'workers.log');

    let coordinator;
    const startCoordinatorProcess = async () => {
      const child = spawnCli(['coordinator', '--listen', address, '--database', chaosUrl, '--lease-ms', String(opt.leaseMs)], { env, logFile: coordinatorLog, stdout: 'pipe' });
      await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('listening')) resolve();
        });
        child.exited.then(({ code, signal }) => reject(new Error(`coordinator exited (${signal ?? code}) before listening; see ${coordinatorLog}`)));
      });
      return child;
    };
    coordinator = await startCoordinatorProcess();

    const submit = async () => {
      const r = await runCli(['submit', sweepFile, '--coordinator', address], { env, timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`submit failed (${r.code}): ${r.stderr}`);
      return { sweepId: r.stdout.trim(), created: !r.stderr.includes('already stored') };
    };
    const submitted = await submit();
    if (!submitted.created) throw new Error('the sweep was already stored in a fresh database');
    const sweepId = submitted.sweepId;
    log(`submitted sweep ${sweepId}`);

    const workers = [];
    const pendingRestarts = new Set();
    let stopping = false;
    const unexpectedExits = [];
    const startWorker = (slot) => {
      const child = spawnCli(['worker', '--coordinator', address, '--threads', '1'], { env, logFile: workerLog });
      child.slot = slot;
      child.exited.then(({ code, signal }) => {
        if (child.killedByChaos || child.stoppedByChaos) return;
        // Not ours: a finding. Counted (the run fails), and replaced so that the sweep still ends with a report.
        unexpectedExits.push(`worker ${slot} exited (${signal ?? code})`);
        if (!stopping) startWorker(slot);
      });
      workers[slot] = child;
    };
    for (let i = 0; i < opt.workers; i++) startWorker(i);

    // The schedule: each event fires when the stored trials pass a seeded threshold, spread over 5 %–75 % of the sweep.
    const trialsTotal = plan.points.length * plan.trialsPerPoint;
    const kinds = [...Array(opt.kills).fill('kill-worker'), ...Array(opt.coordinatorRestarts).fill('restart-coordinator')];
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    const events = kinds.map((kind, i) => ({
      kind,
      atTrials: Math.floor(trialsTotal * (0.05 + (0.7 * (i + random())) / kinds.length)),
      worker: Math.floor(random() * opt.workers),
      // Workers come back after 0.2–1.5 s; the coordinator stays down 0.25–1.5 lease lengths, so some leases lapse meanwhile.
      downMs: Math.round(kind === 'kill-worker' ? 200 + random() * 1300 : opt.leaseMs * (0.25 + random() * 1.25)),
    }));

    const store = await openStore({ databaseUrl: chaosUrl });
    const done = { workerKills: 0, killsInTraining: 0, coordinatorRestarts: 0, resubmitSameId: null };
    let resubmitted;
    let trainingKillDone = opt.kills === 0;
    let progress;
    const deadline = Date.now() + opt.timeoutMs;
    try {
      for (;;) {
        progress = await store.sweepProgress(sweepId);
        if (progress.done) break;
        if (Date.now() > deadline) throw new Error(`timed out after ${opt.timeoutMs / 1000} s at ${progress.trialsDone}/${progress.trialsTotal} trials`);
        // An event is due at its threshold, or earlier when so few trials are left that the sweep could end first.
        const pending = events.filter((e) => !e.fired);
        const hurry = progress.trialsTotal - progress.trialsDone <= 2 * pending.length + 2;
        let event = pending.find((e) => hurry || progress.trialsDone >= e.atTrials);
        // The first worker kill lands in training instead, once a training task is leased: a model trained again
        // elsewhere must be the same model (the per-trial comparison with the undisturbed run checks that).
        if (!event && !trainingKillDone && progress.trainingDone < progress.trainingTotal) {
          const { leased } = await queryOne(chaosUrl, `SELECT COUNT(*) AS leased FROM tasks WHERE sweep_id = $1 AND kind = 'train' AND status = 'leased'`, sweepId);
          if (Number(leased) > 0) event = pending.find((e) => e.kind === 'kill-worker');
        }
        if (!event) {
          await sleep(100);
          continue;
        }
        event.fired = true;
        if (event.kind === 'kill-worker') {
          // The seeded slot, or the next one whose worker is up (a killed worker may not be back yet).
          const slot = [...Array(opt.workers).keys()].map((i) => (event.worker + i) % opt.workers).find((i) => workers[i]?.exitCode === null && workers[i]?.signalCode === null);
          if (slot === undefined) {
            event.fired = false;
            await sleep(100);
            continue;
          }
          const victim = workers[slot];
          victim.killedByChaos = true;
          victim.kill('SIGKILL');
          await victim.exited;
          done.workerKills++;
          if (progress.trainingDone < progress.trainingTotal) {
            trainingKillDone = true;
            done.killsInTraining++;
          }
          log(`SIGKILL worker ${slot}${progress.trainingDone < progress.trainingTotal ? ` in training (${progress.trainingDone}/${progress.trainingTotal} trained)` : ''} at ${progress.trialsDone}/${trialsTotal} trials; restart in ${event.downMs} ms`);
          const timer = setTimeout(() => {
            pendingRestarts.delete(timer);
            startWorker(slot);
          }, event.downMs);
          pendingRestarts.add(timer);
        } else {
          coordinator.stoppedByChaos = true;
          coordinator.kill('SIGKILL');
          await coordinator.exited;
          log(`SIGKILL coordinator at ${progress.trialsDone}/${trialsTotal} trials; down for ${event.downMs} ms`);
          await sleep(event.downMs);
          coordinator = await startCoordinatorProcess();
          done.coordinatorRestarts++;
          log(`coordinator restarted on ${address}`);
          if (!resubmitted) {
            // Resubmitting the same file to the restarted coordinator must resume the stored sweep, not plan a new one.
            // In the background: the schedule goes on meanwhile.
            resubmitted = submit().then((again) => {
              done.resubmitSameId = again.sweepId === sweepId && !again.created;
              log(`resubmitted: ${again.created ? 'created a NEW sweep' : 'resumed'} ${again.sweepId}`);
            });
          }
        }
      }
      await resubmitted;
    } finally {
      await store.close();
    }
    const unfired = events.filter((e) => !e.fired).length;
    if (unfired > 0) log(`the sweep ended before ${unfired} scheduled event(s)`);
    const chaosSeconds = (Date.now() - t0) / 1000;
    log(`sweep finished: ${progress.trialsDone}/${progress.trialsTotal} trials, ${progress.shardsFailed} failed shards; stopping workers and coordinator`);

    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    for (const w of workers) {
      if (!w) continue;
      w.stoppedByChaos = true;
      w.kill('SIGTERM');
    }
    const drainStarted = Date.now();
    await Promise.all(workers.map((w) => w?.exited));
    const drainSeconds = (Date.now() - drainStarted) / 1000; // SIGTERM on an idle worker: it should exit at once
    coordinator.stoppedByChaos = true;
    coordinator.kill('SIGTERM');
    await coordinator.exited;

    // The undisturbed run of the same file, on its own database.
    log('undisturbed reference run');
    const reference = await runCli(['run', sweepFile, '--workers', '2', '--threads', '1', '--database', referenceUrl, '--format', 'csv'], { env });
    if (reference.code !== 0) throw new Error(`reference run failed (${reference.code}): ${reference.stderr}`);

    // The proofs.
    const chaosRows = await trialRows(openStore, chaosUrl, sweepId);
    const referenceRows = await trialRows(openStore, referenceUrl, 'chaos');
    // Adaptive: the trials to expect are those the undisturbed run kept (each point's stop is the seed's, not timing's).
    const expected = new Set();
    if (args.adaptive) for (const r of referenceRows) expected.add(`${r.point_key}#${r.trial}`);
    else for (const shard of plan.shards) for (let t = shard.trialStart; t < shard.trialEnd; t++) expected.add(`${shard.pointKey}#${t}`);
    if (args.adaptive) {
      const perPoint = new Map();
      for (const r of referenceRows) perPoint.set(r.point_key, (perPoint.get(r.point_key) ?? 0) + 1);
      const sizes = [...perPoint.values()];
      log(`adaptive: the undisturbed run kept ${expected.size} trials; trials per point min ${Math.min(...sizes)}, max ${Math.max(...sizes)} (maxTrials 8)`);
    }
    const stored = new Map(chaosRows.map((r) => [`${r.point_key}#${r.trial}`, `${r.correct}/${r.total}`]));
    const referenceByKey = new Map(referenceRows.map((r) => [`${r.point_key}#${r.trial}`, `${r.correct}/${r.total}`]));
    const lost = [...expected].filter((k) => !stored.has(k));
    const unplanned = [...stored.keys()].filter((k) => !expected.has(k));
    const differing = [...expected].filter((k) => stored.get(k) !== referenceByKey.get(k));
    const [chaosTable, referenceTable] = await Promise.all(
      [chaosUrl, referenceUrl].map(async (url) => {
        const q = await runCli(['query', 'chaos', '--database', url, '--format', 'json'], { env });
        if (q.code !== 0) throw new Error(`query failed (${q.code}): ${q.stderr}`);
        return q.stdout;
      }),
    );
    const counts = await tableCounts(chaosUrl, sweepId);
    const logs = readFileSync(workerLog, 'utf8');
    const report = {
      database: opt.database,
      seed: opt.seed,
      shards: plan.shards.length,
      points: plan.points.length,
      plannedTrials: expected.size,
      workers: opt.workers,
      workerKills: done.workerKills,
      workerKillsInTraining: done.killsInTraining,
      coordinatorRestarts: done.coordinatorRestarts,
      resubmitResumedSameSweep: done.resubmitSameId,
      unexpectedWorkerExits: unexpectedExits.length,
      storedTrials: counts.trial_rows,
      distinctTrials: counts.distinct_keys,
      lostTrials: lost.length,
      duplicatedTrials: Math.max(counts.trial_rows - counts.distinct_keys, chaosRows.length - stored.size),
      tasksRunAgain: counts.reclaimed_tasks,
      maxAttemptsUsed: counts.max_attempts,
      unplannedTrials: unplanned.length,
      failedShards: progress.shardsFailed,
      rejectedLateCompletions: count(logs, 'result not accepted: lease lost'),
      abandonedOnLostLease: count(logs, 'lease lost; abandoning task'),
      trialsDifferingFromUndisturbed: differing.length,
      tableIdenticalToUndisturbed: chaosTable === referenceTable,
      tableRows: JSON.parse(chaosTable).length,
      workersDrainedSeconds: Number(drainSeconds.toFixed(1)),
      chaosSeconds: Number(chaosSeconds.toFixed(1)),
      totalSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    };
    report.ok =
      report.lostTrials === 0 && report.duplicatedTrials === 0 && report.unplannedTrials === 0 && report.failedShards === 0 &&
      report.trialsDifferingFromUndisturbed === 0 && report.tableIdenticalToUndisturbed && report.workerKills >= opt.kills &&
      report.coordinatorRestarts >= opt.coordinatorRestarts && report.resubmitResumedSameSweep !== false && report.unexpectedWorkerExits === 0 && report.workersDrainedSeconds < 20 &&
      chaosRows.length === expected.size && counts.trial_rows === expected.size;
    if (!report.ok) {
      log(`FAILED; logs kept in ${dir}`);
      if (lost.length) log(`lost: ${lost.slice(0, 5).join(', ')}`);
      if (differing.length) log(`differing: ${differing.slice(0, 5).join(', ')}`);
      for (const e of unexpectedExits) log(e);
      for (const f of progress.failures.slice(0, 5)) log(`failed ${f.kind} ${f.taskId}: ${f.error}`);
    }
    printReport(report);
    if (report.ok && !args.keep) rmSync(dir, { recursive: true, force: true });
    return report.ok;
  } finally {
    killAll();
    await pg?.stop();
  }
}

/** Every row of trial_results_view for the sweep (by id or name): the rows as stored, duplicates included. */
async function trialRows(openStore, databaseUrl, sweepRef) {
  const store = await openStore({ databaseUrl });
  try {
    const sweep = await store.findSweep(sweepRef);
    if (!sweep) throw new Error(`no sweep ${sweepRef} in ${databaseUrl}`);
    return await store.readView('trial_results_view', { sweepId: sweep.id });
  } finally {
    await store.close();
  }
}

/**
 * Straight from the tables: trial rows vs distinct (point, trial) keys, and how many tasks were claimed more than once
 * (a kill or a restart that hit work in flight makes a task run again).
 */
async function tableCounts(databaseUrl, sweepId) {
  const row = await queryOne(databaseUrl, `SELECT
      (SELECT COUNT(*) FROM trial_results r JOIN points p ON p.id = r.point_id WHERE p.sweep_id = $1) AS trial_rows,
      (SELECT COUNT(DISTINCT r.point_id || '#' || r.trial) FROM trial_results r JOIN points p ON p.id = r.point_id WHERE p.sweep_id = $1) AS distinct_keys,
      (SELECT COUNT(*) FROM tasks WHERE sweep_id = $1 AND attempts > 1) AS reclaimed_tasks,
      (SELECT MAX(attempts) FROM tasks WHERE sweep_id = $1) AS max_attempts`, sweepId);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/** One row of a read-only query with one parameter ($1, used any number of times), on SQLite or PostgreSQL. */
async function queryOne(databaseUrl, sql, param) {
  if (databaseUrl.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(databaseUrl.slice('file:'.length), { readonly: true, timeout: 5000 });
    try {
      const uses = sql.split('$1').length - 1;
      return db.prepare(sql.replaceAll('$1', '?')).get(...Array(uses).fill(param));
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, [param])).rows[0];
  } finally {
    await client.end();
  }
}

function count(text, needle) {
  return text.split('\n').filter((line) => line.includes(needle)).length;
}

function printReport(r) {
  if (args.json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const lines = [
    `memsweep chaos report (${r.database}, seed ${r.seed})`,
    `  sweep:                         ${r.shards} shards, ${r.points} points, ${r.plannedTrials} planned trials`,
    `  chaos:                         ${r.workers} workers, ${r.workerKills} SIGKILLs of workers (${r.workerKillsInTraining} in training), ${r.coordinatorRestarts} coordinator SIGKILL+restarts`,
    `  resubmit after restart:        ${r.resubmitResumedSameSweep === null ? 'not tried' : r.resubmitResumedSameSweep ? 'resumed the same sweep' : 'WRONG sweep'}`,
    `  unexpected worker exits:       ${r.unexpectedWorkerExits}; idle workers exited ${r.workersDrainedSeconds} s after SIGTERM`,
    `  stored trials:                 ${r.storedTrials} rows, ${r.distinctTrials} distinct (point, trial)`,
    `  lost trials:                   ${r.lostTrials}`,
    `  duplicated trials:             ${r.duplicatedTrials}`,
    `  failed shards:                 ${r.failedShards}`,
    `  tasks claimed again:           ${r.tasksRunAgain} (after a kill or lapsed lease; most attempts of one task: ${r.maxAttemptsUsed})`,
    `  rejected late completions:     ${r.rejectedLateCompletions} (tasks abandoned on a lost lease: ${r.abandonedOnLostLease})`,
    `  trials differing from undisturbed run: ${r.trialsDifferingFromUndisturbed}`,
    `  aggregated table (${r.tableRows} rows) identical to undisturbed run: ${r.tableIdenticalToUndisturbed ? 'yes' : 'NO'}`,
    `  time:                          ${r.chaosSeconds} s under chaos, ${r.totalSeconds} s in all`,
    `  result:                        ${r.ok ? 'PASS' : 'FAIL'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    log(`error: ${err.stack ?? err}`);
    killAll();
    process.exit(1);
  },
);
