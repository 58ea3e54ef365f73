import { GROUP_COLUMNS, type TrialRow } from './aggregate.js';
import { ConfigError } from './errors.js';

/** Columns a `--where` clause may filter on: every group column and the trial index. */
export const FILTER_COLUMNS = [...GROUP_COLUMNS, 'trial'] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];
type FilterValue = string | number | null;

/** One clause: the row's column must equal one of `values` (numbers compare with a relative tolerance of 1e-9). */
export interface TrialFilter {
  column: FilterColumn;
  values: FilterValue[];
}

const TEXT_COLUMNS = new Set<FilterColumn>(['sweep', 'method']);
const INTEGER_COLUMNS = new Set<FilterColumn>(['crossbarSize', 'seed', 'trial']);
/** How a NULL drop-connect rate (methods that do not use it, e.g. baseline) is written in a clause. */
const NULL_WORDS = new Set(['none', 'null', '-']);

/**
 * Parses `column=value[,value…]` clauses (`faultRate=0.2,0.3`, `method=baseline`, `dropConnectRate=none`). Clauses
 * combine with AND (two clauses on one column keep the rows that satisfy both); values within a clause with OR.
 * Throws a ConfigError naming every bad clause and why.
 */
export function parseWhere(clauses: readonly string[]): TrialFilter[] {
  const issues: string[] = [];
  const filters: TrialFilter[] = [];
  for (const clause of clauses) {
    const eq = clause.indexOf('=');
    const name = eq < 0 ? '' : clause.slice(0, eq).trim();
    if (eq < 0 || name === '') {
      issues.push(`--where "${clause}": expected column=value[,value…], e.g. faultRate=0.1,0.2`);
      continue;
    }
    const column = FILTER_COLUMNS.find((c) => c === name);
    if (!column) {
      const near = FILTER_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
      issues.push(`--where "${clause}": unknown column "${name}"${near ? ` (did you mean ${near}?)` : ''}; allowed: ${FILTER_COLUMNS.join(', ')}`);
      continue;
    }
    const texts = clause.slice(eq + 1).split(',').map((v) => v.trim());
    if (texts.some((t) => t === '')) {
      issues.push(`--where "${clause}": ${column}: empty value`);
      continue;
    }
    const values: FilterValue[] = [];
    for (const text of texts) {
      const value = parseValue(column, text);
      if (typeof value === 'object' && value !== null) issues.push(`--where "${clause}": ${column}: ${value.error}`);
      else values.push(value);
    }
    if (values.length === texts.length) filters.push({ column, values });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return filters;
}

function parseValue(column: FilterColumn, text: string): FilterValue | { error: string } {
  if (TEXT_COLUMNS.has(column)) return text;
  if (column === 'dropConnectRate' && NULL_WORDS.has(text.toLowerCase())) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return { error: `"${text}" is not a number${column === 'dropConnectRate' ? ' (or none, for methods without a drop-connect rate)' : ''}` };
  if (INTEGER_COLUMNS.has(column) && !Number.isInteger(n)) return { error: `"${text}" is not a whole number` };
  return n;
}

function matches(value: FilterValue | undefined, wanted: FilterValue): boolean {
  if (value === undefined || value === null || wanted === null) return (value ?? null) === wanted;
  if (typeof value === 'number' && typeof wanted === 'number') return Math.abs(value - wanted) <= 1e-9 * Math.max(1, Math.abs(value), Math.abs(wanted));
  return value === wanted;
}

/** The rows every filter accepts. */
export function applyFilters<T extends TrialRow>(rows: readonly T[], filters: readonly TrialFilter[]): T[] {
  return rows.filter((row) => filters.every((f) => f.values.some((wanted) => matches(row[f.column], wanted))));
}
