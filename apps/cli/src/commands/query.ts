import { openStore } from '@memsweep/store';
import { resultsTable } from '../results-table.js';
import type { OutputFormat } from '../output-format.js';

export interface QueryOptions {
  database?: string;
  groupBy?: string;
  format: OutputFormat;
}

/** `memsweep query <sweep>`: aggregated accuracy per group, read from the database. */
export async function queryCommand(sweep: string, options: QueryOptions): Promise<void> {
  const store = await openStore({ databaseUrl: options.database });
  try {
    const { text } = await resultsTable(store, sweep, options);
    process.stdout.write(`${text}\n`);
  } finally {
    await store.close();
  }
}
