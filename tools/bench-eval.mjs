#!/usr/bin/env node
// Evaluation throughput of the three deployment models (issue #3 "Done when"), one thread, the way a worker's pool
// thread runs them (apps/worker/src/pool.task.ts):
//   weight-level        deployNetwork (fold) + prepareEvaluation(...).countCorrect (tfjs)      [W] rates, σ 0.5
//   analog+parasitics   deployNetwork (deployLayerAnalog per layer, preset chakraborty2018: 4-bit TiO₂, R_S 500 Ω,
//                       R_N 100 Ω first-order, 128×128 tiles, σ 0.5, [W] rates) + countCorrect (tfjs)
//   bit-sliced          deployNetwork (preset yu2021: 16/8 bits, bit inversion, 3-bit ADC, σ_n² 0.4608, MMSE, ZNS,
//                       128-row tiles, yu2021 rates) + countCorrectBitSliced (JS forward pass, per input vector)
// Network: MLP 784-128-10 (ReLU) TRAINED for 1 epoch with trainMlp on the 8,000 training digits (loadMnist split
// 8000/2000, seed 1); evaluated on the full 2,000-digit test split. Each rep times `--trials` chips (default 10 for
// the fast paths, 2 for bit-sliced); min and median trials/s over `--reps` (default 3) reps.
//
//   npx nx run-many -t build --outputStyle=static && node tools/bench-eval.mjs [--reps 3]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const crossbar = await import(join(root, 'libs/crossbar/dist/index.js'));
const training = await import(join(root, 'libs/training/dist/index.js'));
const sweep = await import(join(root, 'libs/sweep/dist/index.js'));

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
  { name: 'bit-sliced (yu2021)', trials: arg('bit-trials', 2), deployment: { ...Y, sigma: 0, crossbarSize: 128, model: modelOf('{ kind: bit-sliced, preset: yu2021 }') } },
];
const calibration = data.test.x.subarray(0, 256 * data.test.features);

const rows = [];
for (const path of paths) {
  const rates = [];
  let lastAccuracy = 0;
  let trial = 0;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    for (let t = 0; t < path.trials; t++, trial++) {
      const chip = crossbar.deployNetwork(layers, path.deployment, crossbar.chipKeyToParts({ sweepSeed: 7, deployment: { bench: path.name }, trial }), activation, calibration);
      const correct = chip.kind === 'dense' ? prepared.countCorrect(chip.layers, activation) : crossbar.countCorrectBitSliced(chip, data.test.x, data.test.y, activation);
      lastAccuracy = correct / prepared.n;
    }
    rates.push(path.trials / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  rows.push({ path: path.name, 'trials/rep': path.trials, reps, 'min trials/s': rates[0].toFixed(3), 'median trials/s': rates[Math.floor(rates.length / 2)].toFixed(3), 'last accuracy': lastAccuracy.toFixed(4) });
}

const columns = Object.keys(rows[0]);
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
console.log(columns.map((c, i) => c.padStart(widths[i])).join('  '));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(columns.map((c, i) => String(row[c]).padStart(widths[i])).join('  '));
