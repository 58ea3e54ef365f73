import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, retryDelayMs } from './context.js';

describe('retryDelayMs', () => {
  it('doubles per attempt up to the cap, jittered within [d/2, d)', () => {
    const nominal = [1, 2, 3, 4, 5, 6, 7, 8, 30, 1000].map((a) => retryDelayMs(a, DEFAULT_BACKOFF, () => 0.999999));
    expect(nominal).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
    expect([1, 2, 7].map((a) => retryDelayMs(a, DEFAULT_BACKOFF, () => 0))).toEqual([500, 1000, 30000]);
  });
});
