import type { AggregateRow, GroupColumn, PairedComparisonRow, PairGroupColumn } from '@memsweep/sweep';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const STAT_COLUMNS = ['n', 'mean', 'std', 'ci95Low', 'ci95High', 'min', 'max', 'median'] as const;

function statValues(row: AggregateRow): Record<(typeof STAT_COLUMNS)[number], number> {
  const s = row.summary;
  return { n: s.n, mean: s.mean, std: s.std, ci95Low: s.ciLow, ci95High: s.ciHigh, min: s.min, max: s.max, median: s.median };
}

type Cell = string | number | null | undefined;

function cell(value: Cell, digits: number): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(digits);
  return String(value);
}

/** p-values span many decades: three significant digits, exponent below 1e-4. */
function pCell(value: Cell): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '-';
  if (value === 0 || value >= 1e-4) return value === 0 || value === 1 ? String(value) : value.toPrecision(3);
  return value.toExponential(2);
}

/** An aligned text table, or CSV with RFC 4180 quoting. */
function renderGrid(header: readonly string[], body: readonly string[][], format: 'table' | 'csv'): string {
  if (format === 'csv') {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return [header, ...body].map((line) => line.map(quote).join(',')).join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const format1 = (line: readonly string[]) => line.map((v, i) => v.padStart(widths[i])).join('  ');
  return [format1(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(format1)].join('\n');
}

/** CSV p-values keep every digit (a fixed 6 decimals would print 1e-9 as 0). */
const fullPrecision = (value: Cell) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : '-');

/** JSON numbers cannot be NaN or ±Infinity: those become null. */
const jsonNumber = (value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value);

/** Renders aggregated rows as an aligned text table, CSV (RFC 4180 quoting) or JSON. */
export function renderAggregate(rows: AggregateRow[], groupBy: readonly GroupColumn[], format: OutputFormat): string {
  if (format === 'json') {
    return JSON.stringify(rows.map((r) => ({ ...r.group, ...statValues(r) })), null, 2);
  }
  const header = [...groupBy, ...STAT_COLUMNS];
  const body = rows.map((r) => {
    const stats = statValues(r);
    return [...groupBy.map((c) => cell(r.group[c], 4)), ...STAT_COLUMNS.map((c) => cell(stats[c], format === 'csv' ? 6 : 4))];
  });
  return renderGrid(header, body, format);
}

const PAIRED_COLUMNS = [
  'dropConnectRate', 'n', 'unpaired', 'meanDiff', 'ci95Low', 'ci95High', 'tStatistic', 'tPValue', 'wilcoxonW', 'wilcoxonPValue', 'wilcoxonMethod', 'verdict',
] as const;

function pairedValues(row: PairedComparisonRow): Record<(typeof PAIRED_COLUMNS)[number], Cell> {
  const s = row.stats;
  return {
    dropConnectRate: row.dropConnectRate,
    n: s.n,
    unpaired: row.unpaired,
    meanDiff: s.meanDifference,
    ci95Low: s.ciLow,
    ci95High: s.ciHigh,
    tStatistic: s.tStatistic,
    tPValue: s.tPValue,
    wilcoxonW: s.wilcoxonStatistic,
    wilcoxonPValue: s.wilcoxonPValue,
    wilcoxonMethod: s.wilcoxonMethod,
    verdict: s.verdict,
  };
}

/** Renders paired comparisons (one row per group and method drop-connect rate) as a table, CSV or JSON. */
export function renderPaired(rows: readonly PairedComparisonRow[], by: readonly PairGroupColumn[], format: OutputFormat): string {
  if (format === 'json') {
    return JSON.stringify(
      rows.map((r) => Object.fromEntries(Object.entries({ ...r.group, ...pairedValues(r), stdDiff: r.stats.stdDifference }).map(([k, v]) => [k, jsonNumber(v)]))),
      null,
      2,
    );
  }
  const digits = format === 'csv' ? 6 : 4;
  const header = [...by, ...PAIRED_COLUMNS];
  const body = rows.map((r) => {
    const v = pairedValues(r);
    const stat = (x: Cell) => (typeof x === 'number' && !Number.isFinite(x) ? (Number.isNaN(x) ? '-' : x > 0 ? 'inf' : '-inf') : cell(x, digits));
    return [
      ...by.map((c) => cell(r.group[c], 4)),
      ...PAIRED_COLUMNS.map((c) => {
        if (c === 'tPValue' || c === 'wilcoxonPValue') return format === 'csv' ? fullPrecision(v[c]) : pCell(v[c]);
        if (c === 'tStatistic' || c === 'wilcoxonW') return stat(v[c]);
        if (c === 'dropConnectRate') return cell(v[c], 4); // a coordinate, printed like the group columns
        return cell(v[c], digits);
      }),
    ];
  });
  return renderGrid(header, body, format);
}
