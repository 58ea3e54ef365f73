import { describe, expect, it } from 'vitest';
import { etaSeconds, ThroughputMeter } from './throughput.js';

describe('ThroughputMeter: trials per second over the last minute', () => {
  it('is unknown until two samples a second apart, then the slope over the window', () => {
    const meter = new ThroughputMeter(60_000);
    expect(meter.observe('s', 0, 0)).toBeNull();
    expect(meter.observe('s', 5, 500)).toBeNull();
    expect(meter.observe('s', 10, 2000)).toBe(5);
    expect(meter.observe('other', 100, 2000)).toBeNull();
  });

  it('forgets samples older than the window (keeping one anchor at its start)', () => {
    const meter = new ThroughputMeter(10_000);
    meter.observe('s', 0, 0); // a burst long ago ...
    meter.observe('s', 1000, 1000);
    for (let t = 2000; t <= 30_000; t += 1000) meter.observe('s', 1000 + (t - 1000) / 1000, t); // ... then 1 trial/s
    expect(meter.observe('s', 1030, 31_000)).toBeCloseTo(1, 10);
  });

  it('gives an ETA from the rate, 0 when nothing remains, null when the rate is unknown or zero', () => {
    expect(etaSeconds(100, 4)).toBe(25);
    expect(etaSeconds(0, null)).toBe(0);
    expect(etaSeconds(10, null)).toBeNull();
    expect(etaSeconds(10, 0)).toBeNull();
  });
});
