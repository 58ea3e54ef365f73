/** How far back "trials per second" looks. */
export const THROUGHPUT_WINDOW_MS = 60_000;

interface Sample {
  atMs: number;
  trialsDone: number;
}

/**
 * Trials per second over the last minute, per sweep, from the trial counts the dashboard observes when it is asked for
 * progress (the page polls every second). In memory on purpose: a restarted coordinator simply relearns the rate.
 */
export class ThroughputMeter {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly windowMs = THROUGHPUT_WINDOW_MS) {}

  /** Records a count; returns trials/s over the window (null until two samples at least a second apart exist). */
  observe(sweepId: string, trialsDone: number, nowMs: number): number | null {
    let list = this.samples.get(sweepId);
    if (!list) this.samples.set(sweepId, (list = []));
    const last = list.at(-1);
    if (!last || nowMs > last.atMs) list.push({ atMs: nowMs, trialsDone });
    else last.trialsDone = trialsDone;
    // Keep one sample at or before the window's start as the anchor, so the span covers the whole window.
    while (list.length > 2 && list[1].atMs <= nowMs - this.windowMs) list.shift();
    const first = list[0];
    const newest = list.at(-1)!;
    const spanMs = newest.atMs - first.atMs;
    if (spanMs < 1000) return null;
    return Math.max(0, newest.trialsDone - first.trialsDone) / (spanMs / 1000);
  }

  forget(sweepId: string): void {
    this.samples.delete(sweepId);
  }
}

/** Seconds until the remaining trials are done at the given rate; 0 when nothing remains, null when unknown. */
export function etaSeconds(remainingTrials: number, trialsPerSecond: number | null): number | null {
  if (remainingTrials <= 0) return 0;
  if (trialsPerSecond === null || trialsPerSecond <= 0) return null;
  return remainingTrials / trialsPerSecond;
}
