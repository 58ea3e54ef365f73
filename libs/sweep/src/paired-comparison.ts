import ttest from '@stdlib/stats-ttest';
import wilcoxon from '@stdlib/stats-wilcoxon';
import type { TrialRow } from './aggregate.js';
import { ConfigError } from './errors.js';
import { summarize } from './statistics.js';

/**
 * Paired comparison of two methods under common random numbers (SPEC §9). At a deployment point trial t is the same
 * simulated chip for every method, drop-connect rate and training seed, so the natural unit is the pair
 * (method, baseline) on one (sweep, fault rate, σ, crossbar size, width, seed, trial): the difference of their accuracies
 * removes the chip-to-chip variance both share. Pure statistics, no I/O.
 */

/** The columns pairs can be grouped by (the pair key without the trial). */
export const PAIR_GROUP_COLUMNS = ['sweep', 'faultRate', 'sigma', 'crossbarSize', 'width', 'seed'] as const;
export type PairGroupColumn = (typeof PAIR_GROUP_COLUMNS)[number];
/** A pair's identity: the chip (sweep, deployment point, trial) and what both arms must share (width, training seed). */
const PAIR_KEY_COLUMNS = [...PAIR_GROUP_COLUMNS, 'trial'] as const;

/** A trial with its counts (differences are taken on counts when totals agree, so equal differences tie exactly). */
export interface CountedTrialRow extends TrialRow {
  correct: number;
  total: number;
}

/** One side of a comparison: a method, optionally at one drop-connect rate (`drop-connect@0.3`). */
export interface Arm {
  method: string;
  /** undefined: every rate the method has (the method side), or the only one (the baseline side). */
  dropConnectRate?: number | null;
}

/** Verdict rule (α = 0.05 by default): see pairedStatistics. */
export type Verdict = 'method wins' | 'baseline wins' | 'no significant difference';

export interface PairedStatistics {
  /** Pairs. */
  n: number;
  /** Mean of (method − baseline) accuracy. */
  meanDifference: number;
  /** Sample standard deviation of the differences (n − 1). */
  stdDifference: number;
  /** Student-t 95 % confidence interval of the mean difference. */
  ciLow: number;
  ciHigh: number;
  /** Paired t-test, two-sided: t statistic and p-value (NaN for n < 2). */
  tStatistic: number;
  tPValue: number;
  /** Wilcoxon signed-rank test, two-sided: W+ (sum of ranks of positive differences) and p-value (NaN for n < 2). */
  wilcoxonStatistic: number;
  wilcoxonPValue: number;
  /**
   * 'exact': the exact null distribution of W+ (no zero, no tied |difference|, n ≤ EXACT_WILCOXON_MAX_N); 'normal':
   * zeros dropped (Wilcoxon's method), then the normal approximation with the tie-corrected variance and no continuity
   * correction (SciPy's defaults); 'none': fewer than two pairs, or every difference is zero (p = 1).
   */
  wilcoxonMethod: 'exact' | 'normal' | 'none';
  verdict: Verdict;
}

/**
 * Statistics of paired differences. Verdict rule: a side wins when BOTH two-sided tests (paired t-test, Wilcoxon
 * signed-rank) give p < α and both point its way (sign of the mean difference and of W+ − W−); otherwise 'no
 * significant difference'. Requiring both guards the verdict against a few catastrophic chips (which move the mean)
 * and against a shift the ranks see but the mean does not. No correction for testing many groups is made.
 */
export function pairedStatistics(differences: readonly number[], alpha = 0.05): PairedStatistics {
  const n = differences.length;
  const s = summarize(differences);
  const base = { n, meanDifference: s.mean, stdDifference: s.std, ciLow: s.ciLow, ciHigh: s.ciHigh };
  if (n < 2) {
    return { ...base, tStatistic: NaN, tPValue: NaN, wilcoxonStatistic: NaN, wilcoxonPValue: NaN, wilcoxonMethod: 'none', verdict: 'no significant difference' };
  }
  let tStatistic: number;
  let tPValue: number;
  if (s.std === 0) {
    // Every difference equal: the t statistic is 0/0 (all zero: no evidence, p = 1) or ±c/0 (a constant shift: p → 0).
    tStatistic = s.mean === 0 ? NaN : Math.sign(s.mean) * Infinity;
    tPValue = s.mean === 0 ? 1 : 0;
  } else {
    const t = ttest([...differences], { alpha });
    tStatistic = t.statistic;
    tPValue = t.pValue;
  }
  const nonZero = differences.filter((d) => d !== 0);
  let wilcoxonStatistic: number;
  let wilcoxonPValue: number;
  let wilcoxonMethod: PairedStatistics['wilcoxonMethod'];
  let wilcoxonSign: number;
  if (nonZero.length === 0) {
    [wilcoxonStatistic, wilcoxonPValue, wilcoxonMethod, wilcoxonSign] = [0, 1, 'none', 0];
  } else {
    const absolute = nonZero.map(Math.abs);
    const tied = new Set(absolute).size < absolute.length;
    // stdlib computes W+ and, on zeros or ties, the normal approximation (as SciPy). Its exact distribution costs
    // O(n³) time (a second at n = 200), so the exact p-value comes from our subset-sum recursion instead.
    const w = wilcoxon([...differences], { alpha, correction: false, zeroMethod: 'wilcox' });
    wilcoxonStatistic = w.statistic;
    if (nonZero.length === n && !tied && n <= EXACT_WILCOXON_MAX_N) {
      wilcoxonMethod = 'exact';
      wilcoxonPValue = exactSignedRankPValue(w.statistic, n);
    } else {
      wilcoxonMethod = 'normal';
      wilcoxonPValue = w.pValue;
    }
    const m = nonZero.length;
    wilcoxonSign = Math.sign(w.statistic - m * (m + 1) / 4); // W+ − W− = 2·W+ − m(m+1)/2
  }
  let verdict: Verdict = 'no significant difference';
  if (tPValue < alpha && wilcoxonPValue < alpha && Math.sign(s.mean) === wilcoxonSign) {
    verdict = s.mean > 0 ? 'method wins' : 'baseline wins';
  }
  return { ...base, tStatistic, tPValue, wilcoxonStatistic, wilcoxonPValue, wilcoxonMethod, verdict };
}

/** Above this many pairs the Wilcoxon p-value uses the normal approximation (its error is far below 1e-3 there). */
export const EXACT_WILCOXON_MAX_N = 400;

/**
 * Two-sided exact p-value of the Wilcoxon signed-rank statistic W+ for n untied, non-zero differences:
 * min(1, 2·min(P(W ≤ w), P(W ≥ w))) under H0, where W = Σ i·Bᵢ over ranks i = 1..n with independent fair Bᵢ. The
 * distribution is built by the recursion P_i(k) = ½·P_{i−1}(k) + ½·P_{i−1}(k − i): O(n³/2) additions, exact up to
 * rounding (probabilities, not counts, so nothing overflows).
 */
export function exactSignedRankPValue(wPlus: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  const p = new Float64Array(max + 1);
  p[0] = 1;
  for (let i = 1; i <= n; i++) {
    const top = (i * (i + 1)) / 2;
    for (let k = top; k >= i; k--) p[k] = 0.5 * (p[k] + p[k - i]);
    for (let k = Math.min(i - 1, top); k >= 0; k--) p[k] *= 0.5;
  }
  let lower = 0;
  for (let k = 0; k <= wPlus; k++) lower += p[k];
  let upper = 0;
  for (let k = max; k >= wPlus; k--) upper += p[k];
  return Math.min(1, 2 * Math.min(lower, upper));
}

export interface PairedComparisonOptions {
  baseline: Arm;
  method: Arm;
  /** Pairs are pooled within each group of these columns (each group also splits by the method's drop-connect rate). */
  by: readonly PairGroupColumn[];
  /** @default 0.05 */
  alpha?: number;
}

export type PairGroupKey = Partial<Record<PairGroupColumn, string | number | null>>;

export interface PairedComparisonRow {
  group: PairGroupKey;
  /** The method's drop-connect rate (null for methods without one). */
  dropConnectRate: number | null;
  /** Method trials in this group with no baseline trial on the same chip (not counted in n). */
  unpaired: number;
  stats: PairedStatistics;
}

/** Parses `method` or `method@rate` (`drop-connect@0.3`, `baseline`). */
export function parseArm(text: string, flag: string): Arm {
  const [method, rate, extra] = text.split('@').map((p) => p.trim());
  if (!method || extra !== undefined) throw new ConfigError([`${flag} "${text}": expected a method name, optionally @rate (e.g. drop-connect@0.3)`]);
  if (rate === undefined) return { method };
  if (['none', 'null'].includes(rate.toLowerCase())) return { method, dropConnectRate: null };
  const n = Number(rate);
  if (rate === '' || !Number.isFinite(n)) throw new ConfigError([`${flag} "${text}": "${rate}" is not a drop-connect rate`]);
  return { method, dropConnectRate: n };
}

const sameRate = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9);
const keyOf = (row: CountedTrialRow, columns: readonly string[]) => JSON.stringify(columns.map((c) => row[c as keyof CountedTrialRow] ?? null));

/**
 * Pairs method trials with baseline trials on the same chip and computes pairedStatistics per group and method rate.
 * Throws a ConfigError when an arm has no trials or the baseline arm is ambiguous (several rates on one chip).
 */
export function comparePaired(rows: readonly CountedTrialRow[], options: PairedComparisonOptions): PairedComparisonRow[] {
  const inArm = (row: CountedTrialRow, arm: Arm) =>
    row.method === arm.method && (arm.dropConnectRate === undefined || sameRate(row.dropConnectRate, arm.dropConnectRate));
  const baselineRows = rows.filter((r) => inArm(r, options.baseline));
  const methodRows = rows.filter((r) => inArm(r, options.method) && !inArm(r, options.baseline));
  const label = (arm: Arm) => (arm.dropConnectRate === undefined ? arm.method : `${arm.method}@${arm.dropConnectRate ?? 'none'}`);
  const issues: string[] = [];
  const present = `methods present: ${[...new Set(rows.map((r) => r.method))].join(', ') || 'none'}`;
  if (baselineRows.length === 0) issues.push(`baseline ${label(options.baseline)}: no trials (${present})`);
  if (methodRows.length === 0) issues.push(`method ${label(options.method)}: no trials other than the baseline's (${present})`);
  if (issues.length > 0) throw new ConfigError(issues);

  const baselineByChip = new Map<string, CountedTrialRow>();
  for (const row of baselineRows) {
    const key = keyOf(row, PAIR_KEY_COLUMNS);
    const other = baselineByChip.get(key);
    if (other && !sameRate(other.dropConnectRate, row.dropConnectRate)) {
      throw new ConfigError([
        `baseline ${options.baseline.method} has several drop-connect rates (${other.dropConnectRate}, ${row.dropConnectRate}): name one, e.g. --baseline ${options.baseline.method}@${row.dropConnectRate}`,
      ]);
    }
    baselineByChip.set(key, row);
  }

  const groups = new Map<string, { group: PairGroupKey; dropConnectRate: number | null; differences: number[]; unpaired: number }>();
  for (const row of methodRows) {
    const group: PairGroupKey = {};
    for (const column of options.by) group[column] = row[column] ?? null;
    const id = JSON.stringify([options.by.map((c) => group[c]), row.dropConnectRate]);
    let entry = groups.get(id);
    if (!entry) groups.set(id, (entry = { group, dropConnectRate: row.dropConnectRate, differences: [], unpaired: 0 }));
    const partner = baselineByChip.get(keyOf(row, PAIR_KEY_COLUMNS));
    if (!partner) {
      entry.unpaired++;
      continue;
    }
    // On counts when both used the same test set size: equal count differences then give bit-equal doubles (ties).
    entry.differences.push(row.total === partner.total ? (row.correct - partner.correct) / row.total : row.correct / row.total - partner.correct / partner.total);
  }
  const out = [...groups.values()].map((g) => ({ group: g.group, dropConnectRate: g.dropConnectRate, unpaired: g.unpaired, stats: pairedStatistics(g.differences, options.alpha) }));
  return out.sort((a, b) => compareKeys([...options.by.map((c) => a.group[c]), a.dropConnectRate], [...options.by.map((c) => b.group[c]), b.dropConnectRate]));
}

function compareKeys(a: readonly (string | number | null | undefined)[], b: readonly (string | number | null | undefined)[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] ?? null, b[i] ?? null];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
