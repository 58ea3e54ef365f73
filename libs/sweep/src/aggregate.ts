import { summarize, type Summary } from './statistics.js';

/** The columns a trial result can be grouped by; `sweep` (the sweep's label) matters when rows come from several sweeps. */
export const GROUP_COLUMNS = ['sweep', 'method', 'faultRate', 'dropConnectRate', 'sigma', 'crossbarSize', 'width', 'seed'] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

export interface TrialRow {
  /** The sweep the trial belongs to (a label: its name, or name and id when names repeat); absent for one sweep. */
  sweep?: string;
  method: string;
  faultRate: number;
  dropConnectRate: number | null;
  sigma: number;
  crossbarSize: number;
  width: number;
  seed: number;
  trial: number;
  accuracy: number;
}

export type GroupKey = Partial<Record<GroupColumn, string | number | null>>;
export interface AggregateRow {
  group: GroupKey;
  summary: Summary;
}

/** Groups trial rows by the given columns and summarizes accuracy per group, sorted by the group columns. */
export function aggregate(rows: readonly TrialRow[], groupBy: readonly GroupColumn[]): AggregateRow[] {
  const groups = new Map<string, { group: GroupKey; values: number[] }>();
  for (const row of rows) {
    const group: GroupKey = {};
    for (const column of groupBy) group[column] = row[column];
    const id = JSON.stringify(groupBy.map((c) => group[c]));
    let entry = groups.get(id);
    if (!entry) groups.set(id, (entry = { group, values: [] }));
    entry.values.push(row.accuracy);
  }
  const out = [...groups.values()].map(({ group, values }) => ({ group, summary: summarize(values) }));
  return out.sort((a, b) => compareGroups(a.group, b.group, groupBy));
}

function compareGroups(a: GroupKey, b: GroupKey, columns: readonly GroupColumn[]): number {
  for (const column of columns) {
    const x = a[column];
    const y = b[column];
    if (x === y) continue;
    if (x === null || x === undefined) return -1;
    if (y === null || y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
