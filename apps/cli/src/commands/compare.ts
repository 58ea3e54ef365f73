import { comparePaired, ConfigError, parseArm, PAIR_GROUP_COLUMNS, type Arm, type PairGroupColumn } from '@memsweep/sweep';
import { openStore } from '@memsweep/store';
import { CliError, EXIT_INVALID_INPUT } from '../fail.js';
import { renderPaired, type OutputFormat } from '../output-format.js';
import { loadTrials, parseWhereOption } from '../results-table.js';

export interface CompareOptions {
  database?: string;
  baseline: string;
  method: string;
  by?: string;
  where?: string[];
  alpha: number;
  format: OutputFormat;
}

/** What a verdict means, printed under the table. */
export const VERDICT_RULE = (alpha: number) =>
  `verdict: a side wins when the paired t-test and the Wilcoxon signed-rank test both give p < ${alpha} (two-sided) ` +
  'and agree in direction; otherwise "no significant difference". Differences are method − baseline accuracy on the ' +
  'same simulated chip (deployment point, seed, trial). No correction for the number of rows.';

/** The pair-grouping columns a comparison can use (`--by`). */
function parseBy(text: string): PairGroupColumn[] {
  const columns = text.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = columns.filter((c) => !(PAIR_GROUP_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new CliError(`--by: unknown column ${unknown.map((c) => `"${c}"`).join(', ')} (allowed: ${PAIR_GROUP_COLUMNS.join(', ')}; method and dropConnectRate are always split)`, EXIT_INVALID_INPUT);
  }
  return columns as PairGroupColumn[];
}

function arm(text: string, flag: string): Arm {
  try {
    return parseArm(text, flag);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.issues.join('\n'), EXIT_INVALID_INPUT);
    throw err;
  }
}

/**
 * `memsweep compare <sweep> --baseline baseline --method drop-connect`: paired differences per deployment point (or
 * `--by` groups) and per drop-connect rate of the method, with a t-based 95 % CI, paired t and Wilcoxon p-values.
 */
export async function compareCommand(sweep: string, options: CompareOptions): Promise<void> {
  const baseline = arm(options.baseline, '--baseline');
  const method = arm(options.method, '--method');
  const byGiven = options.by !== undefined ? parseBy(options.by) : undefined;
  const where = parseWhereOption(options.where);
  const store = await openStore({ databaseUrl: options.database });
  try {
    const { trials } = await loadTrials(store, { sweeps: [sweep] }, where);
    if (trials.length === 0) throw new CliError(`no trials${where.length > 0 ? ' match the --where filters' : ' stored yet'} in sweep "${sweep}"`);
    // Default: per deployment point (and width when it varies), naming only the dimensions that vary.
    const by = byGiven ?? (['faultRate', 'sigma', 'crossbarSize', 'width'] as const).filter((c) => new Set(trials.map((t) => t[c])).size > 1);
    let rows;
    try {
      rows = comparePaired(trials, { baseline, method, by, alpha: options.alpha });
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.issues.join('\n'), EXIT_INVALID_INPUT);
      throw err;
    }
    process.stdout.write(`${renderPaired(rows, by, options.format)}\n`);
    if (options.format === 'table') process.stdout.write(`\n${VERDICT_RULE(options.alpha)}\n`);
  } finally {
    await store.close();
  }
}
