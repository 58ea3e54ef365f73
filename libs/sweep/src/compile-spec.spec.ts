import { describe, expect, it } from 'vitest';
import { configErrorMessages } from './config-errors.test-helpers.js';
import { compileSweepYaml } from './compile-spec.js';

const minimal = `
name: t
grid:
  faultRate: [0, 0.1]
`;

const messagesOf = configErrorMessages;

describe('compileSweepYaml', () => {
  it('fills defaults and turns single values into lists', () => {
    const spec = compileSweepYaml(`${minimal}  sigma: 0.5\n`);
    expect(spec.grid.sigma).toEqual([0.5]);
    expect(spec.grid.crossbarSize).toEqual([128]);
    expect(spec.methods).toEqual(['baseline']);
    expect(spec.dataset).toEqual({ name: 'mnist', trainSize: 8000, testSize: 2000, splitSeed: 1 });
    expect(Object.isFrozen(spec.grid)).toBe(true);
  });

  it('names the field and the rule for an out-of-range rate', () => {
    expect(messagesOf('name: t\ngrid:\n  faultRate: [0, 0.1, 1.5]\n')).toEqual(['grid.faultRate[2]: must be between 0 and 1']);
  });

  it('rejects unknown keys at any depth', () => {
    expect(messagesOf(`${minimal}  faultRat: 1\nfoo: 2\n`)).toEqual(['grid.faultRat: unknown key', 'foo: unknown key']);
  });

  it('reports missing required fields', () => {
    expect(messagesOf('name: t\n')).toEqual(['grid: is required']);
    expect(messagesOf('name: t\ngrid: {}\n')).toEqual(['grid.faultRate: is required']);
  });

  it('requires dropConnectRate for the drop-connect method', () => {
    expect(messagesOf(`${minimal}methods: [baseline, drop-connect]\n`)).toEqual(['grid.dropConnectRate: is required by method drop-connect']);
  });

  it('rejects unknown methods, presets, repeated values and bad sizes', () => {
    expect(messagesOf(`${minimal}methods: [magic]\n`)).toEqual(['methods[0]: must be one of: baseline, drop-connect, reliability-driven, technology-aware, sparsity, fault-pruning']);
    expect(messagesOf(`${minimal}deployment: { faultPreset: nope }\n`)[0]).toMatch(/^deployment\.faultPreset: must be one of: /);
    expect(messagesOf('name: t\ngrid:\n  faultRate: [0.1, 0.1]\n')).toEqual(['grid.faultRate: must not repeat a value']);
    expect(messagesOf(`${minimal}  crossbarSize: 12.5\n`)).toEqual(['grid.crossbarSize[0]: must be a whole number']);
    expect(messagesOf(`${minimal}dataset: { name: mnist, trainSize: 9000, testSize: 2000 }\n`)).toEqual([
      'dataset: trainSize + testSize must be at most 10000 (the bundled MNIST digits)',
    ]);
  });

  it('rejects YAML syntax errors, duplicate keys and non-mappings with a message', () => {
    expect(messagesOf('name: [unclosed\n')[0]).toMatch(/^yaml: /);
    expect(messagesOf('name: a\nname: b\ngrid: {faultRate: 0}\n')[0]).toMatch(/^yaml: .*[Mm]ap keys must be unique/);
    expect(messagesOf('- 1\n- 2\n')).toEqual(['(top level): must be a mapping of sweep settings']);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    expect(messagesOf(`${bomb}\n`)[0]).toMatch(/^yaml: /);
  });
});

describe('deployment.model', () => {
  const withModel = (model: string, grid = '') => `${minimal}${grid}deployment:\n  model: ${model}\n`;

  it('expands presets into full configs, fields given in the file overriding the preset', () => {
    const analog = compileSweepYaml(withModel('{ kind: analog, preset: chakraborty2018, parasitics: { sourceResistance: 800 } }')).deployment.model;
    expect(analog).toMatchObject({
      kind: 'analog',
      preset: 'chakraborty2018',
      mapping: { kind: 'differential', gMaxOverGMin: 15, levels: 16, clip: 'layer-max' },
      parasitics: { kind: 'parasitics', sourceResistance: 800, neuronResistance: 100, model: 'first-order' },
      chipCorner: { kind: 'chip-corner', corner: 0, sigmaChip: 0, mode: 'linear' },
      columnNoise: 0,
    });
    expect(compileSweepYaml(withModel('{ kind: analog, columnNoise: 0.02 }')).deployment.model).toMatchObject({ columnNoise: 0.02 });
    expect(messagesOf(withModel('{ kind: analog, columnNoise: -1 }'))).toEqual(['deployment.model.columnNoise: must be between 0 and 10']);
    const bits = compileSweepYaml(withModel('{ kind: bit-sliced, preset: yu2021, adcBits: 4 }')).deployment.model;
    expect(bits).toEqual({
      kind: 'bit-sliced',
      preset: 'yu2021',
      weightBits: 16,
      inputBits: 8,
      inputEncoding: 'unsigned',
      inputFullScale: null,
      mapping: 'bit-inversion',
      adcBits: 4,
      adcStep: 'unit',
      noiseVariance: 0.4608,
      mmse: true,
      mmseVariance: 'yu-eq6',
      zeroNodeSuppression: true,
    });
    expect(compileSweepYaml(withModel('{ kind: bit-sliced }')).deployment.model).toMatchObject({ preset: null, mapping: 'traditional', adcBits: null, mmse: false });
    expect(compileSweepYaml(withModel('{ kind: analog }')).deployment.model).toMatchObject({ preset: null, mapping: { levels: null }, parasitics: { sourceResistance: 0 } });
    expect(compileSweepYaml(minimal).deployment.model).toEqual({ kind: 'weight-level', stuckOnValue: 'signed-max' });
  });

  it('rejects unknown keys, unknown presets and kinds, and out-of-range values, naming the field', () => {
    expect(messagesOf(withModel('{ kind: bit-sliced, preset: nope, adcBit: 4 }'))).toEqual([
      'deployment.model.preset: must be one of: yu2021, yu2021-traditional, ideal',
      'deployment.model.adcBit: unknown key',
    ]);
    expect(messagesOf(withModel('{ kind: analog, mapping: { levels: 1, foo: 2 }, parasitics: { sourceResistance: -1 } }'))).toEqual([
      'deployment.model.mapping.levels: must be between 2 and 65536',
      'deployment.model.mapping.foo: unknown key',
      'deployment.model.parasitics.sourceResistance: must be between 0 and 1000000',
    ]);
    expect(messagesOf(withModel('{ kind: analog, chipCorner: { corner: -2, sigmaChip: 0.6 } }'))).toEqual([
      'deployment.model.chipCorner: a linear corner needs 1 + corner·sigmaChip > 0',
    ]);
    expect(messagesOf(withModel('{ kind: bit-sliced, weightBits: 31, mapping: inverted, mmse: 1 }'))).toEqual([
      'deployment.model.weightBits: must be between 1 and 30',
      'deployment.model.mapping: must be one of: traditional, bit-inversion',
      'deployment.model.mmse: must be true or false',
    ]);
    expect(messagesOf(withModel('{ kind: magic }'))).toEqual(['deployment.model.kind: must be one of: weight-level, analog, bit-sliced']);
    expect(messagesOf(withModel('{ stuckOnValue: signed-max }'))).toEqual(['deployment.model.kind: is required']);
    expect(messagesOf(withModel('{ kind: weight-level, tileSize: 3 }'))).toEqual(['deployment.model.tileSize: unknown key']);
  });

  it('refuses σ under the bit-sliced model (binary cells)', () => {
    expect(messagesOf(withModel('{ kind: bit-sliced }', '  sigma: [0, 0.5]\n'))).toEqual([
      'grid.sigma: must be 0 under the bit-sliced model (its binary cells have no conductance variation)',
    ]);
  });
});
