import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chipKeyParts } from './chip-key.js';
import { compileSweepYaml } from './compile-spec.js';
import { configErrorMessages } from './config-errors.test-helpers.js';
import { FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_FILES } from './dataset-files.js';
import { planSweep } from './plan.js';
import { isConvTraining } from './plan-types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'memsweep-sweep-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: string | Uint8Array) => {
  writeFileSync(path.join(dir, name), bytes);
  return path.join(dir, name);
};
const sweep = (dataset: string, extra = '') => `name: t\ndataset: ${dataset}\ngrid: { faultRate: [0, 0.1], width: [1, 2] }\n${extra}`;

describe('dataset selection', () => {
  it('defaults to the bundled MNIST with unchanged training keys', () => {
    const spec = compileSweepYaml('name: t\ngrid: { faultRate: 0 }\n');
    expect(spec.dataset).toEqual({ name: 'mnist', trainSize: 8000, testSize: 2000, splitSeed: 1 });
    const [training] = planSweep(spec, '').trainings;
    expect(training.config).toEqual({ dataset: spec.dataset, hidden: [128], activation: 'sigmoid', method: { name: 'baseline' }, epochs: 3, batchSize: 64, learningRate: 0.001, seed: 1 });
  });

  it('names Debian\'s package when Fashion-MNIST is not installed where the file says', () => {
    const nowhere = path.join(dir, 'nowhere');
    const messages = configErrorMessages(sweep(`{ name: fashion-mnist, directory: ${nowhere} }`));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`dataset.directory: Fashion-MNIST not found: ${path.join(nowhere, FASHION_MNIST_FILES.trainImages)} does not exist`);
    expect(messages[0]).toContain('dataset-fashion-mnist');
  });

  it('accepts a Fashion-MNIST directory (gzipped or plain files) and keys trainings by the files\' contents', () => {
    const fm = path.join(dir, 'fm');
    mkdirSync(fm);
    for (const name of Object.values(FASHION_MNIST_FILES)) writeFileSync(path.join(fm, name.replace(/\.gz$/, '')), `bytes of ${name}`);
    const spec = compileSweepYaml(sweep(`{ name: fashion-mnist, directory: ${fm}, trainSize: 100 }`));
    expect(spec.dataset).toMatchObject({ name: 'fashion-mnist', directory: fm, trainSize: 100 });
    const first = (spec.dataset as { fingerprint: string }).fingerprint;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const keyBefore = planSweep(spec, '').trainings[0].key;
    writeFileSync(path.join(fm, 't10k-labels-idx1-ubyte'), 'other labels');
    const changed = compileSweepYaml(sweep(`{ name: fashion-mnist, directory: ${fm}, trainSize: 100 }`));
    expect((changed.dataset as { fingerprint: string }).fingerprint).not.toBe(first);
    expect(planSweep(changed, '').trainings[0].key).not.toBe(keyBefore);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DEBIAN_DIR))('finds Debian\'s installed Fashion-MNIST by default', () => {
    const spec = compileSweepYaml(sweep('{ name: fashion-mnist, trainSize: 1000 }'));
    expect(spec.dataset).toMatchObject({ name: 'fashion-mnist', directory: FASHION_MNIST_DEBIAN_DIR, trainSize: 1000 });
  });

  it('checks every IDX path and names the missing one', () => {
    const images = write('img.idx', 'x');
    const labels = write('lbl.idx', 'y');
    const ok = compileSweepYaml(sweep(`{ name: idx, trainImages: ${images}, trainLabels: ${labels}, testImages: ${images}, testLabels: ${labels} }`));
    expect(ok.dataset).toMatchObject({ name: 'idx', trainImages: images, testLabels: labels });
    const missing = path.join(dir, 'absent.idx');
    expect(configErrorMessages(sweep(`{ name: idx, trainImages: ${images}, trainLabels: ${labels}, testImages: ${missing}, testLabels: ${labels} }`))).toEqual([
      `dataset.testImages: file not found: ${missing}`,
    ]);
    expect(configErrorMessages(sweep(`{ name: idx, trainImages: ${images} }`))).toEqual(['dataset.trainLabels: is required', 'dataset.testImages: is required', 'dataset.testLabels: is required']);
  });

  it('checks the CIFAR-10 batches and rejects unknown sources and keys', () => {
    expect(configErrorMessages(sweep(`{ name: cifar10, directory: ${dir} }`))[0]).toBe(
      `dataset.directory: file not found: ${path.join(dir, 'data_batch_1.bin')} (the CIFAR-10 binary version has data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin)`,
    );
    expect(configErrorMessages(sweep('{ name: imagenet }'))).toEqual(['dataset.name: must be one of: mnist, fashion-mnist, idx, cifar10']);
    expect(configErrorMessages(sweep('{ name: mnist, path: x }'))).toEqual(['dataset.path: unknown key']);
  });
});

describe('network selection', () => {
  it('expands MLP presets and lets explicit fields override them', () => {
    expect(compileSweepYaml(sweep('{ name: mnist }', 'network: { kind: mlp, preset: chakraborty2018 }\n')).network).toEqual({ kind: 'mlp', hidden: [500], activation: 'sigmoid', preset: 'chakraborty2018' });
    expect(compileSweepYaml(sweep('{ name: mnist }', 'network: { kind: mlp, preset: yu2021, hidden: [64] }\n')).network).toMatchObject({ hidden: [64], activation: 'relu' });
    expect(configErrorMessages(sweep('{ name: mnist }', 'network: { kind: mlp, preset: vgg }\n'))).toEqual(['network.preset: must be one of: chakraborty2018, yu2021, wang2020']);
  });

  it('plans one CNN training per width, with the width in the network and the data set in the key', () => {
    const spec = compileSweepYaml(
      'name: t\ndataset: { name: mnist, trainSize: 500, testSize: 100 }\nnetwork: { kind: vgg-small, stages: [8, 16] }\nmethods: [baseline, drop-connect]\ngrid: { faultRate: [0, 0.1], width: [1, 2], dropConnectRate: 0.2 }\n',
    );
    const plan = planSweep(spec, '');
    expect(plan.trainings).toHaveLength(4);
    const configs = plan.trainings.map((t) => t.config);
    expect(configs.every(isConvTraining)).toBe(true);
    expect(configs.map((c) => (isConvTraining(c) ? c.network : null))).toContainEqual({ kind: 'vgg-small', stages: [8, 16], width: 2 });
    expect(configs[0].dataset).toEqual({ name: 'mnist', trainSize: 500, testSize: 100, splitSeed: 1 });
    expect(plan.points).toHaveLength(8);
  });

  it('rejects CNN combinations it cannot run, saying why', () => {
    const lenet = 'network: { kind: lenet5 }\n';
    expect(configErrorMessages(sweep('{ name: mnist }', `${lenet}methods: [baseline, sparsity]\n`))).toEqual([
      'methods[1]: sparsity is implemented for MLPs only; a lenet5 network trains with baseline or drop-connect',
    ]);
    expect(configErrorMessages(sweep('{ name: mnist }', `${lenet}deployment: { model: { kind: bit-sliced } }\n`))).toEqual([
      'deployment.model: the bit-sliced model is not implemented for convolutional networks (use weight-level or analog)',
    ]);
    expect(configErrorMessages(sweep('{ name: mnist }', `${lenet}deployment: { batchNormRecalibration: sampled }\n`))).toEqual([
      'deployment.batchNormRecalibration: needs a network with batch norm (vgg-small), lenet5 has none',
    ]);
    expect(configErrorMessages(sweep('{ name: mnist }', 'network: { kind: resnet }\n'))).toEqual(['network.kind: must be one of: mlp, lenet5, vgg-small']);
  });

  it('records batch-norm recalibration with the deployment but keeps it out of the chip key', () => {
    const spec = compileSweepYaml(sweep('{ name: mnist }', 'network: { kind: vgg-small }\ndeployment: { batchNormRecalibration: expected }\n'));
    const point = planSweep(spec, '').points[0];
    expect(point.deployment.batchNormRecalibration).toBe('expected');
    const { batchNormRecalibration: _off, ...without } = point.deployment;
    expect(chipKeyParts(1, point.deployment, 0)).toEqual(chipKeyParts(1, without, 0));
  });
});
