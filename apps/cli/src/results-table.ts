import {
  aggregate,
  applyFilters,
  ConfigError,
  GROUP_COLUMNS,
  parseWhere,
  type CountedTrialRow,
  type GroupColumn,
  type TrialFilter,
  type TrialRow,
} from '@memsweep/sweep';
import type { Store, SweepRecord } from '@memsweep/store';
import { CliError, EXIT_INVALID_INPUT } from './fail.js';
import { renderAggregate, type OutputFormat } from './output-format.js';

/** The default grouping: the method and every dimension that takes more than one value in the data (never the seed). */
export function defaultGroupBy(rows: readonly TrialRow[]): GroupColumn[] {
  return GROUP_COLUMNS.filter((column) => column === 'method' || (column !== 'seed' && new Set(rows.map((r) => r[column])).size > 1));
}

export function parseGroupBy(text: string): GroupColumn[] {
  const columns = text.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = columns.filter((c) => !(GROUP_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new CliError(`--group-by: unknown column ${unknown.map((c) => `"${c}"`).join(', ')} (allowed: ${GROUP_COLUMNS.join(', ')})`, EXIT_INVALID_INPUT);
  if (columns.length === 0) throw new CliError('--group-by: name at least one column', EXIT_INVALID_INPUT);
  return columns as GroupColumn[];
}

/** Parses repeated `--where` clauses; a bad clause is invalid input (exit 2) with every problem named. */
export function parseWhereOption(clauses: readonly string[] | undefined): TrialFilter[] {
  try {
    return parseWhere(clauses ?? []);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.issues.join('\n'), EXIT_INVALID_INPUT);
    throw err;
  }
}

/** Which sweeps to read: named ones (ids or names), or every sweep in the database. */
export interface SweepSelection {
  sweeps: readonly string[];
  all?: boolean;
}

export interface LoadedTrials {
  sweeps: SweepRecord[];
  /** Trials with their sweep's label in `sweep` (its name; name@id-prefix when selected sweeps share a name). */
  trials: CountedTrialRow[];
}

/** Resolves the selection, reads every trial of those sweeps, labels them by sweep and applies the filters. */
export async function loadTrials(store: Store, selection: SweepSelection, filters: readonly TrialFilter[] = []): Promise<LoadedTrials> {
  if (selection.all && selection.sweeps.length > 0) throw new CliError('name sweeps or pass --all, not both', EXIT_INVALID_INPUT);
  if (!selection.all && selection.sweeps.length === 0) throw new CliError('name at least one sweep (id or name), or pass --all', EXIT_INVALID_INPUT);
  let sweeps: SweepRecord[];
  if (selection.all) {
    sweeps = await store.listSweeps();
    if (sweeps.length === 0) throw new CliError('no sweeps in this database');
  } else {
    sweeps = [];
    for (const ref of selection.sweeps) {
      const sweep = await store.findSweep(ref);
      if (!sweep) throw new CliError(`no sweep with id or name "${ref}"`);
      if (!sweeps.some((s) => s.id === sweep.id)) sweeps.push(sweep);
    }
  }
  const names = sweeps.map((s) => s.name);
  const label = (s: SweepRecord) => (names.filter((n) => n === s.name).length > 1 ? `${s.name}@${s.id.slice(0, 8)}` : s.name);
  const trials: CountedTrialRow[] = [];
  for (const sweep of sweeps) {
    const sweepLabel = label(sweep);
    for (const r of await store.trialResults(sweep.id)) trials.push({ ...r, sweep: sweepLabel, accuracy: r.correct / r.total });
  }
  return { sweeps, trials: applyFilters(trials, filters) };
}

/** Reads a sweep's (or several sweeps') trials from the database, filters, aggregates and renders them. */
export async function resultsTable(
  store: Store,
  sweepRef: string | SweepSelection,
  options: { groupBy?: string; format: OutputFormat; where?: readonly TrialFilter[] },
): Promise<{ text: string; rows: number; trials: number }> {
  const groupByGiven = options.groupBy ? parseGroupBy(options.groupBy) : undefined;
  const selection = typeof sweepRef === 'string' ? { sweeps: [sweepRef] } : sweepRef;
  const { trials } = await loadTrials(store, selection, options.where);
  const groupBy = groupByGiven ?? defaultGroupBy(trials);
  const rows = aggregate(trials, groupBy);
  return { text: renderAggregate(rows, groupBy, options.format), rows: rows.length, trials: trials.length };
}
