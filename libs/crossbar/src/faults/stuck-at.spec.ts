import { describe, expect, it } from 'vitest';
import { FAULT_PRESETS, faultPresetNames, splitFaultRate, stuckAtIsActive } from './stuck-at.js';

describe('fault presets (SPEC §3)', () => {
  it('map each paper\'s SA0/SA1 names onto states as the SPEC table says', () => {
    expect(FAULT_PRESETS.wang2020.paperNames).toEqual({ stuckOff: 'SA1', stuckOn: 'SA0' });
    expect(FAULT_PRESETS.wang2020.paperRates).toEqual({ kind: 'stuck-at', stuckOffRate: 0.0904, stuckOnRate: 0.0175 });
    expect(FAULT_PRESETS.xiang2021.paperNames).toEqual({ stuckOff: 'SA1', stuckOn: null });
    expect(FAULT_PRESETS.xiang2021.stuckOffShare).toBe(1);
    expect(FAULT_PRESETS.yu2021.paperNames).toEqual({ stuckOff: 'SA0', stuckOn: 'SA1' });
    expect(FAULT_PRESETS.yu2021.paperRates).toEqual({ kind: 'stuck-at', stuckOffRate: 0.0175, stuckOnRate: 0.0904 });
    expect(faultPresetNames).toEqual(['wang2020', 'xiang2021', 'yu2021']);
  });

  it('are frozen data', () => {
    expect(Object.isFrozen(FAULT_PRESETS)).toBe(true);
    for (const name of faultPresetNames) {
      const preset = FAULT_PRESETS[name];
      expect(preset.name).toBe(name);
      expect(Object.isFrozen(preset) && Object.isFrozen(preset.paperRates) && Object.isFrozen(preset.paperNames)).toBe(true);
      expect(JSON.parse(JSON.stringify(preset))).toEqual(preset);
    }
  });
});

describe('splitFaultRate', () => {
  it('recovers each paper\'s own rates from their total', () => {
    for (const name of faultPresetNames) {
      const { stuckOffRate, stuckOnRate } = FAULT_PRESETS[name].paperRates;
      const split = splitFaultRate(stuckOffRate + stuckOnRate, name);
      expect(split.stuckOffRate).toBeCloseTo(stuckOffRate, 15);
      expect(split.stuckOnRate).toBeCloseTo(stuckOnRate, 15);
    }
  });

  it('splits any total in the preset\'s ratio, the parts summing to the total', () => {
    const wang = splitFaultRate(0.3, 'wang2020');
    expect(wang.stuckOffRate / wang.stuckOnRate).toBeCloseTo(9.04 / 1.75, 12);
    expect(wang.stuckOffRate + wang.stuckOnRate).toBeCloseTo(0.3, 15);
    expect(splitFaultRate(0.3, 'xiang2021')).toEqual({ stuckOffRate: 0.3, stuckOnRate: 0 });
    const yu = splitFaultRate(0.3, 'yu2021');
    expect(yu.stuckOnRate / yu.stuckOffRate).toBeCloseTo(9.04 / 1.75, 12);
    expect(splitFaultRate(0, 'wang2020')).toEqual({ stuckOffRate: 0, stuckOnRate: 0 });
    expect(stuckAtIsActive(splitFaultRate(0, 'yu2021'))).toBe(false);
  });

  it('rejects an unknown preset, naming the valid ones, and a rate outside [0, 1]', () => {
    expect(() => splitFaultRate(0.1, 'wang2021')).toThrow(RangeError);
    expect(() => splitFaultRate(0.1, 'wang2021')).toThrow(/wang2020, xiang2021, yu2021/);
    expect(() => splitFaultRate(0.1, 'toString')).toThrow(RangeError);
    expect(() => splitFaultRate(1.5, 'wang2020')).toThrow(RangeError);
    expect(() => splitFaultRate(NaN, 'wang2020')).toThrow(RangeError);
  });
});
