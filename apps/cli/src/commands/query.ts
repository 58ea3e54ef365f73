import { openStore } from '@memsweep/store';
import { parseWhereOption, resultsTable } from '../results-table.js';
import type { OutputFormat } from '../output-format.js';

export interface QueryOptions {
  database?: string;
  groupBy?: string;
  format: OutputFormat;
  /** `column=value[,value…]` clauses, ANDed. */
  where?: string[];
  /** Every sweep in the database instead of named ones. */
  all?: boolean;
}

/** `memsweep query <sweep…> | --all`: aggregated accuracy per group, read from the database. */
export async function queryCommand(sweeps: string[], options: QueryOptions): Promise<void> {
  const where = parseWhereOption(options.where); // before opening: a bad flag must not create a database
  const store = await openStore({ databaseUrl: options.database });
  try {
    const { text, trials } = await resultsTable(store, { sweeps, all: options.all }, { groupBy: options.groupBy, format: options.format, where });
    if (trials === 0) process.stderr.write(`memsweep: no trials${where.length > 0 ? ' match the --where filters' : ' stored yet'}\n`);
    process.stdout.write(`${text}\n`);
  } finally {
    await store.close();
  }
}
