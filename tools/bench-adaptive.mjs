#!/usr/bin/env node
// Adaptive Monte-Carlo (issue #7 item 3) against a fixed design, on the demo sweep (examples/demo.yaml: 48 points,
// MLP 784-128-10 on 2,000 MNIST test digits), both run end to end with `memsweep run` on their own SQLite databases.
//
//   npx nx run-many -t build --outputStyle=static
//   node tools/bench-adaptive.mjs [--sweep examples/demo.yaml] [--fixed-trials 100] [--min-trials 10] [--batch 10]
//        [--workers 2] [--threads 1] [--keep]
//
// 1. fixed: the sweep with `trials: <fixed-trials>` for every point. Its target is the LARGEST 95 % CI half-width of
//    the mean accuracy any of its points reaches (Student t, as `memsweep query` reports): the precision the fixed
//    design guarantees for every point.
// 2. adaptive: the same sweep with `montecarlo: { adaptive: { halfWidth: <that target>, minTrials, maxTrials:
//    <fixed-trials>, batch } }` instead of `trials`. Each point stops at the first batch boundary whose half-width is
//    ≤ the target, so every point is at least as precise as the fixed design guarantees.
// Printed: total trials of each design and their ratio (trials are deterministic: the same seed gives the same chips,
// so the ratio has no run-to-run noise), wall time of each run (one run each: that ratio IS noisy), the largest
// half-width an adaptive point ended with, how many points hit maxTrials, and a determinism check: every adaptive
// point's trials must equal the first n trials of the fixed run, chip for chip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const importDist = (path) => import(pathToFileURL(join(ROOT, path)).href);
const { openStore } = await importDist('libs/store/dist/index.js');
const { ciHalfWidth95 } = await importDist('libs/sweep/dist/index.js');

const { values: args } = parseArgs({
  options: {
    sweep: { type: 'string', default: 'examples/demo.yaml' },
    'fixed-trials': { type: 'string', default: '100' },
    'min-trials': { type: 'string', default: '10' },
    batch: { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const whole = (name) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${args[name]}`);
  return n;
};
const fixedTrials = whole('fixed-trials');
const minTrials = whole('min-trials');
const batch = whole('batch');

const dir = mkdtempSync(join(tmpdir(), 'bench-adaptive-'));
const base = parse(readFileSync(join(ROOT, args.sweep), 'utf8'));

/** Runs a sweep object with `memsweep run` on its own database; returns per point its accuracies in trial order. */
async function run(label, spec) {
  const file = join(dir, `${label}.yaml`);
  writeFileSync(file, stringify(spec));
  const databaseUrl = `file:${join(dir, `${label}.db`)}`;
  const started = performance.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'apps/cli/dist/main.js'), 'run', file, '--database', databaseUrl, '--workers', args.workers, '--threads', args.threads, '--format', 'json'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`memsweep run ${label} exited ${res.status}:\n${res.stderr}`);
  const store = await openStore({ databaseUrl });
  try {
    const [sweep] = await store.listSweeps();
    const perPoint = new Map();
    for (const row of await store.trialResults(sweep.id)) {
      if (!perPoint.has(row.pointKey)) perPoint.set(row.pointKey, []);
      perPoint.get(row.pointKey)[row.trial] = row.correct / row.total;
    }
    const progress = await store.sweepProgress(sweep.id);
    return { seconds, perPoint, trials: progress.trialsDone };
  } finally {
    await store.close();
  }
}

console.log(`bench-adaptive  ${new Date().toISOString()}  node ${process.version}  load avg ${loadavg().map((x) => x.toFixed(1)).join(' ')}  cores ${cpus().length}`);
console.log(`sweep ${args.sweep}; ${args.workers} worker process(es) × ${args.threads} thread(s); work dir ${dir}\n`);
try {
  const { montecarlo: _m, ...plain } = base;
  const fixed = await run('fixed', { ...plain, name: `${base.name}-fixed${fixedTrials}`, trials: fixedTrials });
  const fixedWidths = [...fixed.perPoint.values()].map((acc) => ciHalfWidth95(acc));
  const target = Math.max(...fixedWidths);
  console.log(`fixed:    ${fixed.perPoint.size} points × ${fixedTrials} trials = ${fixed.trials} trials in ${fixed.seconds.toFixed(1)} s; 95 % CI half-width over points: min ${Math.min(...fixedWidths).toFixed(5)}, max ${target.toFixed(5)} (= the adaptive target)`);

  const { trials: _t, ...rest } = plain;
  const rule = { halfWidth: Number(target.toPrecision(6)) + 1e-9, minTrials, maxTrials: fixedTrials, batch };
  const adaptive = await run('adaptive', { ...rest, name: `${base.name}-adaptive`, montecarlo: { adaptive: rule } });
  const sizes = [...adaptive.perPoint.values()].map((acc) => acc.length);
  const widths = [...adaptive.perPoint.values()].map((acc) => ciHalfWidth95(acc));
  const atMax = sizes.filter((n) => n === fixedTrials).length;
  let mismatched = 0;
  for (const [key, acc] of adaptive.perPoint) {
    const ref = fixed.perPoint.get(key);
    if (!ref || acc.some((a, k) => a !== ref[k])) mismatched++;
  }
  console.log(`adaptive: halfWidth ${rule.halfWidth.toPrecision(6)}, minTrials ${minTrials}, batch ${batch}: ${adaptive.trials} trials in ${adaptive.seconds.toFixed(1)} s; trials per point min ${Math.min(...sizes)}, median ${[...sizes].sort((a, b) => a - b)[sizes.length >> 1]}, max ${Math.max(...sizes)}; ${atMax} point(s) at maxTrials`);
  console.log(`          largest half-width reached: ${Math.max(...widths).toFixed(5)} (target ${target.toFixed(5)}); points whose trials differ from the fixed run's first n: ${mismatched} of ${adaptive.perPoint.size}`);
  console.log(`\n| design | trials | wall s | max 95 % CI half-width |`);
  console.log('|---|---|---|---|');
  console.log(`| fixed ${fixedTrials} | ${fixed.trials} | ${fixed.seconds.toFixed(1)} | ${target.toFixed(5)} |`);
  console.log(`| adaptive | ${adaptive.trials} | ${adaptive.seconds.toFixed(1)} | ${Math.max(...widths).toFixed(5)} |`);
  console.log(`\ntrials ratio fixed / adaptive: ${(fixed.trials / adaptive.trials).toFixed(2)}× fewer (target ≥ 3×); wall-time ratio ${(fixed.seconds / adaptive.seconds).toFixed(2)}× (includes the same training in both runs)`);
  if (mismatched > 0 || adaptive.perPoint.size !== fixed.perPoint.size) process.exitCode = 1;
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
