#!/usr/bin/env node
/** The `memsweep` command: one front door to running, serving, and querying sweeps. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { compareCommand } from './commands/compare.js';
import { coordinatorCommand } from './commands/coordinator.js';
import { plotCommand } from './commands/plot.js';
import { queryCommand } from './commands/query.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { submitCommand } from './commands/submit.js';
import { workerCommand } from './commands/worker.js';
import { EXIT_INVALID_INPUT, reportError } from './fail.js';
import { OUTPUT_FORMATS } from './output-format.js';
import { PLOT_KINDS } from './plots/plot-specs.js';

// `memsweep query … | head`: the reader closed the pipe and wants nothing more, which is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function positiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

function probability(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('must be a number between 0 and 1 (exclusive)');
  return n;
}

const databaseOption = () => new Option('--database <url>', 'SQLite file: URL or PostgreSQL URL (default: $DATABASE_URL or file:.memsweep/memsweep.db)');
const formatOption = () => new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table');
const groupByOption = () => new Option('--group-by <columns>', 'comma-separated: sweep,method,faultRate,dropConnectRate,sigma,crossbarSize,width,seed (default: method and every varying dimension)');
// Security flags: each can also come from the environment (handy for a Secret mounted into a container or a batch
// script). The token itself is never a flag: argv is visible to every user of the machine.
const tokenFileOption = () => new Option('--token-file <file>', 'file holding the shared worker token (default: $MEMSWEEP_TOKEN)').env('MEMSWEEP_TOKEN_FILE');
const clientTlsOptions = () => [
  new Option('--tls', 'connect with TLS, verifying the coordinator against the system CAs (implied by --tls-ca)').env('MEMSWEEP_TLS'),
  new Option('--tls-ca <file>', 'PEM CA certificate(s) to verify the coordinator against').env('MEMSWEEP_TLS_CA'),
  new Option('--tls-cert <file>', 'PEM client certificate, for a coordinator that requires one').env('MEMSWEEP_TLS_CERT'),
  new Option('--tls-key <file>', 'PEM private key of --tls-cert').env('MEMSWEEP_TLS_KEY'),
  new Option('--tls-server-name <name>', 'name to verify the coordinator\'s certificate against (default: the host of --coordinator)').env('MEMSWEEP_TLS_SERVER_NAME'),
  tokenFileOption(),
];
const clientSecurityFlags = (o: Record<string, unknown>) => ({
  tls: o.tls as boolean | undefined,
  tlsCa: o.tlsCa as string | undefined,
  tlsCert: o.tlsCert as string | undefined,
  tlsKey: o.tlsKey as string | undefined,
  tlsServerName: o.tlsServerName as string | undefined,
  tokenFile: o.tokenFile as string | undefined,
});
const collect = (value: string, previous: string[] = []) => [...previous, value];
const whereOption = () =>
  new Option('--where <column=values>', 'keep trials whose column is one of the comma-separated values; repeatable, ANDed (e.g. --where faultRate=0.2,0.3 --where method=baseline; dropConnectRate=none for methods without it)').argParser(collect);

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
  .option('--dashboard <host:port>', 'also serve the read-only web dashboard over HTTP on this address (port 0 picks a free one)')
  .addOption(databaseOption())
  .addOption(groupByOption())
  .addOption(formatOption())
  .action((file: string, o) => runCommand(file, { workers: o.workers, threads: o.threads, database: o.database, groupBy: o.groupBy, format: o.format, leaseMs: o.leaseMs, dashboard: o.dashboard }));

program
  .command('coordinator')
  .description('serve workers and clients over gRPC')
  .option('--listen <host:port>', 'address to listen on', '127.0.0.1:50051')
  .option('--dashboard <host:port>', 'also serve the read-only web dashboard over HTTP on this address (port 0 picks a free one)')
  .option('--lease-ms <ms>', 'lease length without a heartbeat', positiveInt(3_600_000))
  .addOption(databaseOption())
  .addOption(new Option('--tls-cert <file>', 'PEM server certificate chain: serve TLS (with --tls-key)').env('MEMSWEEP_TLS_CERT'))
  .addOption(new Option('--tls-key <file>', 'PEM private key of --tls-cert').env('MEMSWEEP_TLS_KEY'))
  .addOption(new Option('--tls-ca <file>', 'PEM CA certificate(s) that client certificates are verified against').env('MEMSWEEP_TLS_CA'))
  .addOption(new Option('--require-client-cert', 'refuse clients without a certificate signed by --tls-ca').env('MEMSWEEP_REQUIRE_CLIENT_CERT'))
  .addOption(tokenFileOption())
  .action((o) =>
    coordinatorCommand({
      listen: o.listen, database: o.database, leaseMs: o.leaseMs, dashboard: o.dashboard,
      tlsCert: o.tlsCert, tlsKey: o.tlsKey, tlsCa: o.tlsCa, requireClientCert: o.requireClientCert, tokenFile: o.tokenFile,
    }),
  );

const workerProgram = program
  .command('worker')
  .description('lease and run tasks from a coordinator on a thread pool')
  .requiredOption('--coordinator <host:port>', 'coordinator address')
  .option('--threads <n>', 'pool threads (default: one per core)', positiveInt(256));
for (const option of clientTlsOptions()) workerProgram.addOption(option);
workerProgram.action((o) => workerCommand({ coordinator: o.coordinator, threads: o.threads, ...clientSecurityFlags(o) }));

const submitProgram = program
  .command('submit')
  .description('submit a sweep file to a running coordinator; prints the sweep id')
  .argument('<sweep.yaml>', 'sweep file')
  .requiredOption('--coordinator <host:port>', 'coordinator address');
for (const option of clientTlsOptions()) submitProgram.addOption(option);
submitProgram.action((file: string, o) => submitCommand(file, { coordinator: o.coordinator, ...clientSecurityFlags(o) }));

program
  .command('status')
  .description('list sweeps, or show one sweep\'s progress and failures')
  .argument('[sweep]', 'sweep id or name')
  .addOption(databaseOption())
  .action((sweep: string | undefined, o) => statusCommand(sweep, { database: o.database }));

program
  .command('query')
  .description('aggregated accuracy (n, mean, std, 95 % CI, min, max, median) over Monte-Carlo trials, of one or several sweeps')
  .argument('[sweeps...]', 'sweep ids or names (several: a study across sweep files; a `sweep` column appears)')
  .option('--all', 'every sweep in the database')
  .addOption(databaseOption())
  .addOption(whereOption())
  .addOption(groupByOption())
  .addOption(formatOption())
  .action((sweeps: string[], o) => queryCommand(sweeps, { database: o.database, groupBy: o.groupBy, format: o.format, where: o.where, all: o.all }));

program
  .command('compare')
  .description('paired comparison of a method against a baseline on the same simulated chips: mean difference, 95 % CI, t-test and Wilcoxon p-values, verdict')
  .argument('<sweep>', 'sweep id or name')
  .option('--baseline <method[@rate]>', 'the reference arm', 'baseline')
  .requiredOption('--method <method[@rate]>', 'the compared method (every drop-connect rate it has, or one with @rate)')
  .option('--by <columns>', 'pool pairs within groups of: sweep,faultRate,sigma,crossbarSize,width,seed (default: per deployment point)')
  .option('--alpha <a>', 'significance level of the verdict', probability, 0.05)
  .addOption(databaseOption())
  .addOption(whereOption())
  .addOption(formatOption())
  .action((sweep: string, o) => compareCommand(sweep, { database: o.database, baseline: o.baseline, method: o.method, by: o.by, where: o.where, alpha: o.alpha, format: o.format }));

program
  .command('plot')
  .description('draw a figure to SVG or PNG: heatmap (fault rate × drop-connect rate), sigma, crossbar, or trials (one point\'s distribution)')
  .argument('<sweep>', 'sweep id or name')
  .addOption(new Option('--kind <kind>', 'which figure').choices(PLOT_KINDS).makeOptionMandatory())
  .requiredOption('--out <file>', 'output file, .svg or .png')
  .option('--scale <n>', 'PNG pixels per SVG unit', positiveInt(8), 2)
  .addOption(databaseOption())
  .addOption(whereOption())
  .action((sweep: string, o) => plotCommand(sweep, { database: o.database, kind: o.kind, out: o.out, where: o.where, scale: o.scale }));

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
