import { aggregate, GROUP_COLUMNS, type GroupColumn, type TrialRow } from '@memsweep/sweep';
import type { Store } from '@memsweep/store';
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

/** Reads a sweep's trials from the database, aggregates and renders them. */
export async function resultsTable(store: Store, sweepRef: string, options: { groupBy?: string; format: OutputFormat }): Promise<{ text: string; rows: number; trials: number }> {
  const sweep = await store.findSweep(sweepRef);
  if (!sweep) throw new CliError(`no sweep with id or name "${sweepRef}"`);
  const trials: TrialRow[] = (await store.trialResults(sweep.id)).map((r) => ({ ...r, accuracy: r.correct / r.total }));
  const groupBy = options.groupBy ? parseGroupBy(options.groupBy) : defaultGroupBy(trials);
  const rows = aggregate(trials, groupBy);
  return { text: renderAggregate(rows, groupBy, options.format), rows: rows.length, trials: trials.length };
}
