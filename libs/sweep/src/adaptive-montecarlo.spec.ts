import { describe, expect, it } from 'vitest';
import { adaptiveDecision, ciHalfWidth95, type AdaptiveMonteCarlo } from './adaptive-montecarlo.js';
import { compileSweepYaml } from './compile-spec.js';
import { configErrorMessages } from './config-errors.test-helpers.js';
import { planSweep } from './plan.js';
import { summarize } from './statistics.js';

const rule: AdaptiveMonteCarlo = { halfWidth: 0.01, minTrials: 4, maxTrials: 12, batch: 4 };
/** Accuracies whose spread shrinks: the half-width only falls below 0.01 once the tight tail dominates. */
const wide = [0.8, 0.9, 0.7, 0.95];
const tight = Array.from({ length: 40 }, (_, k) => 0.85 + (k % 2 === 0 ? 0.001 : -0.001));

describe('adaptive Monte-Carlo stopping rule', () => {
  it('the half-width is the Student-t 95 % interval that summarize reports', () => {
    const values = [0.81, 0.84, 0.8, 0.86, 0.83];
    const s = summarize(values);
    expect(ciHalfWidth95(values)).toBeCloseTo(s.ciHigh - s.mean, 12);
    expect(ciHalfWidth95([0.5])).toBe(Infinity);
    expect(ciHalfWidth95([0.5, 0.5, 0.5])).toBe(0);
  });

  it('waits for a complete prefix of minTrials, then checks at each batch boundary in order', () => {
    expect(adaptiveDecision([], rule)).toEqual({ kind: 'continue', releaseUpTo: 4 });
    expect(adaptiveDecision(wide.slice(0, 3), rule)).toEqual({ kind: 'continue', releaseUpTo: 4 });
    // n = 4 is too wide: the next batch may run; trials past a boundary do not count until the boundary after.
    expect(adaptiveDecision(wide, rule)).toEqual({ kind: 'continue', releaseUpTo: 8 });
    expect(adaptiveDecision([...wide, 0.85, 0.85, 0.85], rule)).toEqual({ kind: 'continue', releaseUpTo: 8 });
  });

  it('stops at the first boundary whose half-width reaches the target, and never later on a longer prefix', () => {
    const prefix = [...tight.slice(0, 4), ...wide, ...tight.slice(0, 4)];
    const first = adaptiveDecision(prefix.slice(0, 4), rule);
    expect(first).toMatchObject({ kind: 'stop', trials: 4, reachedTarget: true });
    expect(adaptiveDecision(prefix, rule)).toEqual(first); // the later trials never change a stop
    if (first.kind === 'stop') expect(first.halfWidth).toBeCloseTo(ciHalfWidth95(prefix.slice(0, 4)), 15);
  });

  it('stops at maxTrials when the target is never reached', () => {
    const noisy = Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? 0.6 : 0.9));
    const d = adaptiveDecision(noisy, rule);
    expect(d).toMatchObject({ kind: 'stop', trials: 12, reachedTarget: false });
    if (d.kind === 'stop') expect(d.halfWidth).toBeGreaterThan(rule.halfWidth);
    expect(adaptiveDecision(noisy.slice(0, 11), rule)).toEqual({ kind: 'continue', releaseUpTo: 12 });
  });
});

const SWEEP = `name: adaptive
dataset: { name: mnist, trainSize: 100, testSize: 100, splitSeed: 1 }
network: { kind: mlp, hidden: [8], activation: relu }
training: { epochs: 1, batchSize: 64, learningRate: 0.002 }
grid:
  faultRate: [0, 0.1]
shardSize: 5
`;

describe('montecarlo.adaptive in a sweep file', () => {
  it('plans every shard up to maxTrials and carries the rule in the plan', () => {
    const yaml = `${SWEEP}montecarlo: { adaptive: { halfWidth: 0.005, minTrials: 10, maxTrials: 100, batch: 10 } }\n`;
    const plan = planSweep(compileSweepYaml(yaml), yaml);
    expect(plan.trialsPerPoint).toBe(100);
    expect(plan.adaptive).toEqual({ halfWidth: 0.005, minTrials: 10, maxTrials: 100, batch: 10 });
    expect(plan.shards).toHaveLength(2 * 20);
    expect(planSweep(compileSweepYaml(SWEEP), SWEEP).adaptive).toBeUndefined();
  });

  it('rejects inconsistent settings with the field named', () => {
    const bad = (adaptive: string, extra = '') => configErrorMessages(`${SWEEP}${extra}montecarlo: { adaptive: ${adaptive} }\n`);
    expect(bad('{ halfWidth: 0, minTrials: 10, maxTrials: 100, batch: 10 }')).toEqual(['montecarlo.adaptive.halfWidth: must be greater than 0']);
    expect(bad('{ halfWidth: 0.01, minTrials: 20, maxTrials: 10, batch: 10 }')).toEqual(['montecarlo.adaptive.maxTrials: must be at least minTrials (20)']);
    expect(bad('{ halfWidth: 0.01, minTrials: 15, maxTrials: 100, batch: 10 }')).toEqual(['montecarlo.adaptive.minTrials: must be a multiple of batch (10)']);
    expect(bad('{ halfWidth: 0.01, minTrials: 14, maxTrials: 98, batch: 7 }')).toEqual(['montecarlo.adaptive.batch: must be a multiple of shardSize (5)']);
    expect(bad('{ halfWidth: 0.01, minTrials: 10, maxTrials: 100, batch: 10 }', 'trials: 50\n')).toEqual(['trials: must not be set with montecarlo.adaptive (its maxTrials bounds the trials)']);
    expect(bad('{ halfWidth: 0.01, minTrials: 10, maxTrials: 100 }')).toEqual(['montecarlo.adaptive.batch: is required']);
  });
});
