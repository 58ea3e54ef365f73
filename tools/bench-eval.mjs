#!/usr/bin/env node
// Evaluation throughput of the three deployment models (issue #3 "Done when"), one thread, the way a worker's pool
// thread runs them (apps/worker/src/pool.task.ts):
//   weight-level        deployNetwork (fold) + prepareEvaluation(...).countCorrect (tfjs)      [W] rates, σ 0.5
//   analog+parasitics   deployNetwork (deployLayerAnalog per layer, preset chakraborty2018: 4-bit TiO₂, R_S 500 Ω,
//                       R_N 100 Ω first-order, 128×128 tiles, σ 0.5, [W] rates) + countCorrect (tfjs)
//   analog+column noise the same with columnNoise 0.02 (per MVM): countCorrectNoisyDense (JS dense forward pass)
//   bit-sliced          deployNetwork (preset yu2021 with adcBits 8 as examples/yu2021.yaml: 16/8 bits, bit inversion, σ_n² 0.4608, MMSE, ZNS,
//                       128-row tiles, yu2021 rates) + countCorrectBitSliced (JS forward pass, per input vector), its
//                       columns counted by crossbar's JS engine and, on the same chips, by the native twin the worker
//                       uses (@memsweep/kernels nativeBitSlicedColumns, bit-identical); the ratio is printed
// Network: MLP 784-128-10 (ReLU) TRAINED for 1 epoch with trainMlp on the 8,000 training digits (loadMnist split
// 8000/2000, seed 1); evaluated on the full 2,000-digit test split. Each rep times `--trials` chips (default 10 for
// the fast paths); min and median trials/s over `--reps` (default 3) reps.
// Bit-sliced is ~0.2 s per digit, i.e. minutes per chip on 2,000 digits: by default each rep evaluates 1 chip on the
// first `--bit-digits` (default 200) test digits, and the table gives the measured rate on that subset AND the rate
// projected to 2,000 digits (deploy time + 2000/N × forward time; the forward pass is linear in the digits). Pass
// `--bit-digits 2000` to measure the full split directly.
//
//   npx nx run-many -t build --outputStyle=static && node tools/bench-eval.mjs [--reps 3]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const crossbar = await import(join(root, 'libs/crossbar/dist/index.js'));
const training = await import(join(root, 'libs/training/dist/index.js'));
const sweep = await import(join(root, 'libs/sweep/dist/index.js'));
const kernels = await import(join(root, 'libs/kernels/dist/index.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const reps = arg('reps', 3);

const data = training.loadMnist({ trainSize: 8000, testSize: 2000, splitSeed: 1 });
const { tf, backend } = await training.initTensorflow(process.env.MEMSWEEP_TF_BACKEND ?? 'auto');
const t0 = performance.now();
const trained = await training.trainMlp(
  { hidden: [128], activation: 'relu', method: { name: 'baseline' }, epochs: 1, batchSize: 64, learningRate: 0.002, seed: 1 },
  data,
);
console.log(`trained 784-128-10 relu, 1 epoch in ${((performance.now() - t0) / 1000).toFixed(1)} s; ideal test accuracy ${trained.testAccuracy}; backend ${backend}`);
const prepared = training.prepareEvaluation(tf, data.test);
const { layers, activation } = trained;

/** The device models exactly as a sweep file compiles them. */
const modelOf = (yaml) => sweep.compileSweepYaml(`name: b\ngrid: {faultRate: 0}\ndeployment:\n  model: ${yaml}\n`).deployment.model;
const W = { stuckOffRate: 0.0904, stuckOnRate: 0.0175 };
const Y = { stuckOffRate: 0.0175, stuckOnRate: 0.0904 };
const paths = [
  { name: 'weight-level', trials: arg('trials', 10), deployment: { ...W, sigma: 0.5, crossbarSize: 128, model: modelOf('{ kind: weight-level }') } },
  { name: 'analog+parasitics', trials: arg('trials', 10), deployment: { ...W, sigma: 0.5, crossbarSize: 128, model: modelOf('{ kind: analog, preset: chakraborty2018 }') } },
  { name: 'analog+column noise', trials: arg('trials', 10), deployment: { ...W, sigma: 0.5, crossbarSize: 128, model: modelOf('{ kind: analog, preset: chakraborty2018, columnNoise: 0.02 }') } },
  { name: 'bit-sliced (yu2021)', trials: arg('bit-trials', 1), digits: arg('bit-digits', 200), deployment: { ...Y, sigma: 0, crossbarSize: 128, model: modelOf('{ kind: bit-sliced, preset: yu2021, adcBits: 8 }') } },
];
const nativeColumns = kernels.nativeBitSlicedColumns();
if (nativeColumns) paths.push({ ...paths[3], name: 'bit-sliced, native columns', chips: paths[3].name, engine: nativeColumns });
const calibration = data.test.x.subarray(0, 256 * data.test.features);

const rows = [];
for (const path of paths) {
  const digits = path.digits ?? data.test.n;
  const x = data.test.x.subarray(0, digits * data.test.features);
  const y = data.test.y.subarray(0, digits);
  const rates = [];
  const projected = [];
  let lastAccuracy = 0;
  let trial = 0;
  for (let r = 0; r < reps; r++) {
    let deploySeconds = 0;
    let forwardSeconds = 0;
    for (let t = 0; t < path.trials; t++, trial++) {
      const start = performance.now();
      const chip = crossbar.deployNetwork(layers, path.deployment, crossbar.chipKeyToParts({ sweepSeed: 7, deployment: { bench: path.chips ?? path.name }, trial }), activation, calibration);
      const deployed = performance.now();
      const correct =
        chip.kind === 'dense'
          ? prepared.countCorrect(chip.layers, activation)
          : chip.kind === 'noisy-dense'
            ? crossbar.countCorrectNoisyDense(chip, x, y, activation)
            : crossbar.countCorrectBitSliced(chip, x, y, activation, undefined, path.engine);
      deploySeconds += (deployed - start) / 1000;
      forwardSeconds += (performance.now() - deployed) / 1000;
      lastAccuracy = correct / digits;
    }
    rates.push(path.trials / (deploySeconds + forwardSeconds));
    projected.push(path.trials / (deploySeconds + (forwardSeconds * data.test.n) / digits));
  }
  const stat = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [sorted[0], sorted[Math.floor(sorted.length / 2)]].map((v) => v.toPrecision(3));
  };
  const [min, median] = stat(rates);
  const [pmin, pmedian] = stat(projected);
  rows.push({ path: path.name, 'test digits': digits, 'chips/rep': path.trials, reps, 'min trials/s': min, 'median trials/s': median, 'min @2000': pmin, 'median @2000': pmedian, 'accuracy (last chip)': lastAccuracy.toFixed(4) });
}

const columns = Object.keys(rows[0]);
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
console.log(columns.map((c, i) => c.padStart(widths[i])).join('  '));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(columns.map((c, i) => String(row[c]).padStart(widths[i])).join('  '));
const [js, native] = [rows.find((r) => r.path === 'bit-sliced (yu2021)'), rows.find((r) => r.path === 'bit-sliced, native columns')];
if (js && native) console.log(`\nbit-sliced, native columns / JS engine: ${(native['median trials/s'] / js['median trials/s']).toFixed(2)}× (median), same chips; accuracy ${native['accuracy (last chip)']} vs ${js['accuracy (last chip)']}`);
