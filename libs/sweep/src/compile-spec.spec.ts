import { describe, expect, it } from 'vitest';
import { compileSweepYaml } from './compile-spec.js';
import { ConfigError } from './errors.js';

const minimal = `
name: t
grid:
  faultRate: [0, 0.1]
`;

function messagesOf(yaml: string): string[] {
  try {
    compileSweepYaml(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

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
    expect(messagesOf(`${minimal}methods: [magic]\n`)).toEqual(['methods[0]: must be one of: baseline, drop-connect']);
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
