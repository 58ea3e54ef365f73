import type { Db } from './client.js';
import type { Dialect } from './database-url.js';

/** Retry backoff after a retryable failure: min(capMs, baseMs · 2^(attempt−1)), then jittered down by up to half. */
export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter. @default 1000 */
  baseMs: number;
  /** Upper bound of the delay, before jitter. @default 60000 */
  capMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 1000, capMs: 60_000 });

/** What every operation receives: the client, its dialect, and the injected clock and randomness (for tests). */
export interface StoreContext {
  db: Db;
  dialect: Dialect;
  /** Current time, epoch ms. */
  now: () => number;
  /** Uniform in [0, 1): jitter. */
  random: () => number;
  backoff: BackoffOptions;
}

/**
 * Delay before the next claim of a task whose attempt number `attempt` (1-based) failed. "Equal jitter": the delay is
 * uniform in [d/2, d) with d = min(cap, base·2^(attempt−1)), so retries of many failed tasks spread out but never come
 * back sooner than half the nominal delay.
 */
export function retryDelayMs(attempt: number, backoff: BackoffOptions, random: () => number): number {
  const nominal = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
