import type { AggregateRow, GroupColumn } from '@memsweep/sweep';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const STAT_COLUMNS = ['n', 'mean', 'std', 'ci95Low', 'ci95High', 'min', 'max', 'median'] as const;

function statValues(row: AggregateRow): Record<(typeof STAT_COLUMNS)[number], number> {
  const s = row.summary;
  return { n: s.n, mean: s.mean, std: s.std, ci95Low: s.ciLow, ci95High: s.ciHigh, min: s.min, max: s.max, median: s.median };
}

function cell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(digits);
  return String(value);
}

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
  if (format === 'csv') {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return [header, ...body].map((line) => line.map(quote).join(',')).join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const format1 = (line: string[]) => line.map((v, i) => v.padStart(widths[i])).join('  ');
  return [format1(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(format1)].join('\n');
}
