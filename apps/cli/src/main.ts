#!/usr/bin/env node
/** The `memsweep` command: one front door to running, serving, and querying sweeps. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { coordinatorCommand } from './commands/coordinator.js';
import { queryCommand } from './commands/query.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { submitCommand } from './commands/submit.js';
import { workerCommand } from './commands/worker.js';
import { EXIT_INVALID_INPUT, reportError } from './fail.js';
import { OUTPUT_FORMATS } from './output-format.js';

function positiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

const databaseOption = () => new Option('--database <url>', 'SQLite file: URL or PostgreSQL URL (default: $DATABASE_URL or file:.memsweep/memsweep.db)');
const formatOption = () => new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table');
const groupByOption = () => new Option('--group-by <columns>', 'comma-separated: method,faultRate,dropConnectRate,sigma,crossbarSize,width,seed (default: method and every varying dimension)');

const program = new Command('memsweep')
  .description('Distributed Monte-Carlo sweeps of neural networks on simulated faulty memristive crossbars')
  .version('0.1.0')
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'memsweep: ')) })
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

program
  .command('run')
  .description('run a sweep locally: a coordinator on loopback, worker processes, a progress bar, the results table')
  .argument('<sweep.yaml>', 'sweep file')
  .option('--workers <n>', 'local worker processes', positiveInt(64), 2)
  .option('--threads <n>', 'pool threads per worker process', positiveInt(256), 1)
  .option('--lease-ms <ms>', 'lease length without a heartbeat', positiveInt(3_600_000))
  .addOption(databaseOption())
  .addOption(groupByOption())
  .addOption(formatOption())
  .action((file: string, o) => runCommand(file, { workers: o.workers, threads: o.threads, database: o.database, groupBy: o.groupBy, format: o.format, leaseMs: o.leaseMs }));

program
  .command('coordinator')
  .description('serve workers and clients over gRPC')
  .option('--listen <host:port>', 'address to listen on', '127.0.0.1:50051')
  .option('--lease-ms <ms>', 'lease length without a heartbeat', positiveInt(3_600_000))
  .addOption(databaseOption())
  .action((o) => coordinatorCommand({ listen: o.listen, database: o.database, leaseMs: o.leaseMs }));

program
  .command('worker')
  .description('lease and run tasks from a coordinator on a thread pool')
  .requiredOption('--coordinator <host:port>', 'coordinator address')
  .option('--threads <n>', 'pool threads (default: one per core)', positiveInt(256))
  .action((o) => workerCommand({ coordinator: o.coordinator, threads: o.threads }));

program
  .command('submit')
  .description('submit a sweep file to a running coordinator; prints the sweep id')
  .argument('<sweep.yaml>', 'sweep file')
  .requiredOption('--coordinator <host:port>', 'coordinator address')
  .action((file: string, o) => submitCommand(file, { coordinator: o.coordinator }));

program
  .command('status')
  .description('list sweeps, or show one sweep\'s progress and failures')
  .argument('[sweep]', 'sweep id or name')
  .addOption(databaseOption())
  .action((sweep: string | undefined, o) => statusCommand(sweep, { database: o.database }));

program
  .command('query')
  .description('aggregated accuracy (n, mean, std, 95 % CI, min, max, median) over Monte-Carlo trials')
  .argument('<sweep>', 'sweep id or name')
  .addOption(databaseOption())
  .addOption(groupByOption())
  .addOption(formatOption())
  .action((sweep: string, o) => queryCommand(sweep, { database: o.database, groupBy: o.groupBy, format: o.format }));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as { code?: string; exitCode?: number };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : EXIT_INVALID_INPUT;
  } else {
    process.exitCode = reportError(err, 'invalid sweep file');
  }
}
