import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { runCli, tempDir, writeSweep } from './testing/cli-harness.test-helpers.js';

/** A u8 IDX file (the MNIST format: magic 0 0 8 rank, big-endian dims, bytes). The CLI may not import the training library. */
function idxU8(dims: number[], data: Uint8Array): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, k) => header.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([header, data]);
}

/**
 * `n` 12×12 images of 3 classes the tests write as IDX files: class c lights a 4-pixel-wide vertical band at column 4c
 * (plus a deterministic speckle), so a tiny LeNet can learn them.
 */
function writeIdxSet(dir: string, prefix: string, n: number): { images: string; labels: string } {
  const pixels = new Uint8Array(n * 144);
  const labels = Uint8Array.from({ length: n }, (_, s) => s % 3);
  for (let s = 0; s < n; s++) {
    for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) pixels[s * 144 + y * 12 + x] = Math.floor(x / 4) === labels[s] ? 220 : (s * 31 + y * 7 + x * 13) % 60;
  }
  const images = join(dir, `${prefix}-images-idx3-ubyte`);
  const labelFile = join(dir, `${prefix}-labels-idx1-ubyte`);
  writeFileSync(images, idxU8([n, 12, 12], pixels));
  writeFileSync(labelFile, idxU8([n], labels));
  return { images, labels: labelFile };
}

describe('memsweep run with a CNN on IDX files (end to end)', () => {
  const dir = tempDir();
  const train = writeIdxSet(dir, 'train', 90);
  const test = writeIdxSet(dir, 'test', 30);
  const sweep = `
name: tiny-lenet
seed: 3
dataset: { name: idx, trainImages: ${train.images}, trainLabels: ${train.labels}, testImages: ${test.images}, testLabels: ${test.labels} }
network: { kind: lenet5 }
training: { epochs: 2, batchSize: 30, learningRate: 0.01 }
methods: [baseline, drop-connect]
grid:
  faultRate: [0, 0.3]
  dropConnectRate: 0.2
  width: 0.5
deployment: { faultPreset: xiang2021 }
trials: 2
shardSize: 2
`;

  it('trains LeNet-5 on the files, deploys its conv kernel banks on chips and stores every trial', async () => {
    const db = `file:${join(dir, 'lenet.db')}`;
    const run = await runCli(['run', writeSweep(dir, 'lenet.yaml', sweep), '--workers', '1', '--database', db, '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('method,faultRate,dropConnectRate,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(lines).toHaveLength(1 + 2 * 2);
    const store = await openStore({ databaseUrl: db });
    try {
      const stored = await store.findSweep('tiny-lenet');
      const rows = await store.trialResults(stored!.id);
      expect(rows).toHaveLength(2 * 2 * 2);
      expect(rows.every((r) => r.total === 30 && r.correct >= 0 && r.correct <= 30)).toBe(true);
      // Fault-free chips of one model agree with each other (no draws at f = 0); the data set's identity is stored.
      const clean = rows.filter((r) => r.faultRate === 0 && r.method === 'baseline').map((r) => r.correct);
      expect(new Set(clean).size).toBe(1);
      const spec = JSON.parse(stored!.specJson) as { dataset: { name: string; fingerprint: string } };
      expect(spec.dataset.name).toBe('idx');
      expect(spec.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses a missing Fashion-MNIST before writing anything, naming the Debian package (exit 2)', async () => {
    const dbFile = join(dir, 'never.db');
    const bad = sweep.replace(/^dataset: .*$/m, `dataset: { name: fashion-mnist, directory: ${join(dir, 'no-such-dir')} }`);
    const run = await runCli(['run', writeSweep(dir, 'fashion.yaml', bad), '--workers', '1', '--database', `file:${dbFile}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dataset.directory: Fashion-MNIST not found');
    expect(run.stderr).toContain('dataset-fashion-mnist');
    expect(existsSync(dbFile)).toBe(false);
  }, 30_000);
});
