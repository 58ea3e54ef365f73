#!/usr/bin/env node
// Orchestration overhead (issue #7 item 1c): no-op shard completions per second through the real coordinator
// (gRPC + SQLite, gRPC + PostgreSQL), with N lightweight client processes each running lease(1) → CompleteEvaluation
// loops (no tfjs, no evaluation: every shard is answered at once with synthetic trials).
//
//   npx nx run-many -t build --outputStyle=static
//   node tools/bench-orchestration.mjs [--shards 600] [--clients 1,2,4,8] [--db sqlite,postgres] [--reps 3]
//
// One rep = a fresh database + coordinator, one sweep of `--shards` evaluation shards (10 trials each) planned and its
// single training task completed with a dummy artifact *before* timing; then the N clients are released together and
// the clock runs until every shard is completed. Prints completions/s (min/median/max over reps) and scaling
// speedup = rate(N) / rate(1) and efficiency = speedup / N (100 % = N clients complete N× as many no-op shards).
// NOTE: on a 2-core machine the N client processes compete with the coordinator (and its SQLite/PostgreSQL) for the
// same two cores: this measures the coordinator's throughput under contention, not clean scaling.
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const protocol = await import(join(root, 'libs/protocol/dist/index.js'));
const SHARD_TRIALS = 10;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

// ---------------------------------------------------------------- client process
if (process.argv.includes('--client')) {
  const address = arg('address');
  const token = process.env.BENCH_TOKEN;
  const client = protocol.createWorkerClient(address, { token });
  const call = (m, req) => protocol.unary(client, m, req);
  const { workerId } = await call('register', { hostname: `bench-${process.pid}`, threads: 1, version: 'bench', workerId: '' });
  process.send({ ready: true });
  await new Promise((resolve) => process.once('message', resolve)); // 'go'
  let done = 0;
  for (;;) {
    const { tasks } = await call('leaseTasks', { workerId, maxTasks: 1 });
    if (tasks.length === 0) break; // the only sweep has no unclaimed shard left
    for (const t of tasks) {
      const trials = [];
      for (let k = t.trialStart; k < t.trialEnd; k++) trials.push({ trial: k, correct: 1, total: 2 });
      await call('completeEvaluation', { workerId, taskId: t.taskId, trials, seconds: 0 });
      done++;
    }
  }
  process.send({ done });
  client.close();
  process.exit(0);
}

// ---------------------------------------------------------------- driver
const { startCoordinator } = await import(join(root, 'apps/coordinator/dist/index.js'));
const shards = Number(arg('shards', '600'));
const clientCounts = arg('clients', '1,2,4,8').split(',').map(Number);
const dbs = arg('db', 'sqlite,postgres').split(',');
const reps = Number(arg('reps', '3'));
const silent = { level: 'silent' };
const { pino } = await import('pino');

// A sweep of `shards` evaluation shards and one training: faultRate × sigma points, one shard per point.
function sweepYaml(name) {
  const nf = 50;
  const ns = Math.ceil(shards / nf);
  const fr = Array.from({ length: nf }, (_, i) => (i / (nf * 2)).toFixed(4)).join(', ');
  const sg = Array.from({ length: ns }, (_, i) => (i / 100).toFixed(2)).join(', ');
  return `name: ${name}
seed: 1
dataset: { name: mnist, trainSize: 100, testSize: 100, splitSeed: 1 }
network: { kind: mlp, hidden: [8], activation: relu }
training: { epochs: 1, batchSize: 64, learningRate: 0.002 }
methods: [baseline]
seeds: [1]
grid:
  faultRate: [${fr}]
  sigma: [${sg}]
deployment:
  model: { kind: weight-level }
trials: ${SHARD_TRIALS}
shardSize: ${SHARD_TRIALS}
`;
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function oneRep(db, nClients, pg) {
  const token = randomBytes(24).toString('base64url');
  let dir = null;
  let databaseUrl;
  if (db === 'sqlite') { dir = mkdtempSync(join(tmpdir(), 'bench-orch-')); databaseUrl = `file:${join(dir, 'bench.db')}`; }
  else databaseUrl = await pg.createDatabase();
  const coord = await startCoordinator({ listen: '127.0.0.1:0', databaseUrl, logger: pino(silent), security: { token } });
  const address = `127.0.0.1:${coord.port}`;
  try {
    const sweeps = protocol.createSweepClient(address, { token });
    const sub = await protocol.unary(sweeps, 'submitSweep', { yaml: sweepYaml(`bench-${db}-${nClients}`) }, 120_000);
    sweeps.close();
    // finish the training so the evaluation shards become leasable
    const w = protocol.createWorkerClient(address, { token });
    const { workerId } = await protocol.unary(w, 'register', { hostname: 'bench-driver', threads: 1, version: 'bench', workerId: '' });
    const { tasks } = await protocol.unary(w, 'leaseTasks', { workerId, maxTasks: 1 });
    if (tasks.length !== 1 || tasks[0].kind !== 'TASK_KIND_TRAIN') throw new Error(`expected one training task first, got ${JSON.stringify(tasks.map((t) => t.kind))}`);
    const artifact = Buffer.from('bench no-op artifact');
    await protocol.unary(w, 'completeTraining', { workerId, taskId: tasks[0].taskId, artifactHash: createHash('sha256').update(artifact).digest('hex'), artifact, backend: 'none', metaJson: '{}', seconds: 0 });
    w.close();
    const children = [];
    for (let i = 0; i < nClients; i++) {
      const child = fork(fileURLToPath(import.meta.url), ['--client', '--address', address], { env: { ...process.env, BENCH_TOKEN: token }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push({ child, ready: new Promise((r) => child.once('message', r)), done: null });
    }
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.done = new Promise((r, j) => { c.child.once('message', r); c.child.once('exit', (code) => code && j(new Error(`client exited ${code}`))); });
    const t0 = performance.now();
    for (const c of children) c.child.send('go');
    const results = await Promise.all(children.map((c) => c.done));
    const seconds = (performance.now() - t0) / 1000;
    const completed = results.reduce((s, r) => s + r.done, 0);
    if (completed !== sub.shards) throw new Error(`completed ${completed} of ${sub.shards} shards`);
    return { rate: completed / seconds, completed, seconds };
  } finally {
    await coord.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench-orchestration  ${new Date().toISOString()}  node ${process.version}  load avg ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}  cores ${(await import('node:os')).cpus().length}`);
console.log(`no-op shards (${SHARD_TRIALS} synthetic trials each, lease maxTasks=1) per rep: ~${shards}; reps ${reps}; token auth on, plaintext loopback`);
console.log('NOTE: 2-core shared machine: the client processes compete with the coordinator and the database for the same cores.\n');
let pg = null;
const rows = [];
try {
  if (dbs.includes('postgres')) {
    const { startTestPostgres } = await import(join(root, 'libs/store/dist/testing/index.js'));
    pg = await startTestPostgres();
  }
  for (const db of dbs) {
    let base = null;
    for (const n of clientCounts) {
      const rates = [];
      for (let r = 0; r < reps; r++) rates.push((await oneRep(db, n, pg)).rate);
      const med = median(rates);
      if (n === 1) base = med;
      const row = { db, clients: n, min: Math.min(...rates), median: med, max: Math.max(...rates), speedup: med / base, eff: med / (base * n), all: rates };
      rows.push(row);
      console.log(`${db.padEnd(8)} clients=${n}  completions/s ${rates.map((x) => x.toFixed(0)).join(' ')}  (min ${row.min.toFixed(0)} median ${med.toFixed(0)})  speedup vs 1 client ${row.speedup.toFixed(2)}×, efficiency ${(100 * row.eff).toFixed(0)} %`);
    }
  }
} finally {
  await pg?.stop();
}
console.log('\n| database | clients | completions/s min | median | max | speedup vs 1 | efficiency (speedup/N) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.db} | ${r.clients} | ${r.min.toFixed(0)} | ${r.median.toFixed(0)} | ${r.max.toFixed(0)} | ${r.speedup.toFixed(2)}× | ${(100 * r.eff).toFixed(0)} % |`);
