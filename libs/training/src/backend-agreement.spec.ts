import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/**
 * Training and evaluation agree across backends within a float tolerance. Each backend runs in its own thread
 * (a thread's backend is fixed once chosen), on the compiled library, as the worker's pool threads do.
 */
const script = `
  const { parentPort, workerData } = require('node:worker_threads');
  (async () => {
    const lib = await import(workerData.lib);
    const { tf, backend } = await lib.initTensorflow(workerData.backend);
    const data = lib.loadMnist({ trainSize: 500, testSize: 300, splitSeed: 2 });
    const config = { hidden: [16], activation: 'sigmoid', method: { name: 'drop-connect', rate: 0.3 }, epochs: 1, batchSize: 50, learningRate: 0.01, seed: 4 };
    const model = await lib.trainMlp(config, data, { engine: 'tfjs' });
    const correct = lib.countCorrect(tf, model.layers, 'sigmoid', data.test);
    parentPort.postMessage({ backend, weights: model.layers.map((l) => Array.from(l.weights)), correct });
  })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

function trainOn(backend: 'wasm' | 'cpu'): Promise<{ backend: string; weights: number[][]; correct: number }> {
  const lib = new URL('../dist/index.js', import.meta.url).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: { lib, backend } });
    worker.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
  });
}

describe('backends agree', () => {
  it('wasm and cpu train the same weights within 1e-5 and agree on test accuracy within 1 %', async () => {
    const [wasm, cpu] = await Promise.all([trainOn('wasm'), trainOn('cpu')]);
    expect([wasm.backend, cpu.backend]).toEqual(['wasm', 'cpu']);
    let maxDiff = 0;
    wasm.weights.forEach((layer, l) => layer.forEach((w, i) => (maxDiff = Math.max(maxDiff, Math.abs(w - cpu.weights[l][i])))));
    console.info(`backend agreement: max |Δw| = ${maxDiff.toExponential(2)}, correct wasm ${wasm.correct} vs cpu ${cpu.correct} of 300`);
    expect(maxDiff).toBeLessThan(1e-5);
    expect(Math.abs(wasm.correct - cpu.correct)).toBeLessThanOrEqual(3);
  });
});
