import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSweepYaml, type IdxDatasetConfig } from '@memsweep/sweep';
import { encodeIdxU8 } from '@memsweep/training';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkerDataset } from './worker-datasets.js';

describe('loadWorkerDataset', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'memsweep-worker-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('img'), encodeIdxU8([4, 3, 3], Uint8Array.from({ length: 36 }, (_, i) => i * 7)));
  writeFileSync(file('lbl'), encodeIdxU8([4], Uint8Array.of(0, 1, 1, 0)));
  const yaml = `name: t\ndataset: { name: idx, trainImages: ${file('img')}, trainLabels: ${file('lbl')}, testImages: ${file('img')}, testLabels: ${file('lbl')} }\ngrid: { faultRate: 0 }\n`;

  it('loads the files the sweep was compiled with, with their image shape and fingerprint', () => {
    const config = compileSweepYaml(yaml).dataset as IdxDatasetConfig;
    const loaded = loadWorkerDataset(config);
    expect(loaded.inputShape).toEqual([3, 3, 1]);
    expect(loaded.info.fingerprint).toBe(config.fingerprint);
  });

  it('refuses files that changed since the sweep was compiled', () => {
    const config = compileSweepYaml(yaml).dataset as IdxDatasetConfig;
    writeFileSync(file('lbl'), encodeIdxU8([4], Uint8Array.of(1, 1, 1, 0)));
    expect(() => loadWorkerDataset(config)).toThrow(/differ from the ones the sweep was compiled with/);
  });
});
