import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for tests: initdb into a fresh temp folder, pg_ctl start on 127.0.0.1 with a free port,
 * its socket in that folder and fsync off (about a second in all); stop() removes everything. Run as root, the server
 * runs as the `postgres` user (initdb refuses root). Needs Debian's postgresql package (tools/setup-postgres.sh) or
 * initdb/pg_ctl on PATH, or PG_BIN naming their folder.
 */
export interface TestPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Creates a fresh, empty database on this server and returns its URL (isolates tests from each other). */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown) and deletes its folder. Idempotent. */
  stop(): Promise<void>;
}

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
}

/** initdb and pg_ctl: from PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else PATH; null when absent. */
export function findPostgresBinaries(): PostgresBinaries | null {
  const dirs: string[] = [];
  if (process.env.PG_BIN) dirs.push(process.env.PG_BIN);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  dirs.push(...(process.env.PATH ?? '').split(':').filter(Boolean));
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const pgCtl = join(dir, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

/**
 * Whether PostgreSQL tests can run here. Returns null when they can. When they cannot, under CI=true it throws (a CI
 * run must not silently skip them); otherwise it prints the reason and returns it, for `describe.skipIf(reason)`.
 */
export function postgresSkipReason(): string | null {
  if (findPostgresBinaries()) return null;
  const reason = 'PostgreSQL tests skipped: initdb/pg_ctl not found (run tools/setup-postgres.sh, or set PG_BIN)';
  if (isCi()) throw new Error(`${reason}; CI=true requires them`);
  console.warn(reason);
  return reason;
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

const running = new Set<() => void>();
let exitHookInstalled = false;

export async function startTestPostgres(): Promise<TestPostgres> {
  const bins = findPostgresBinaries();
  if (!bins) throw new Error('startTestPostgres: initdb/pg_ctl not found (run tools/setup-postgres.sh, or set PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'memsweep-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  // initdb refuses to run as root: then the server belongs to the `postgres` user, who must own the folder.
  const asUser = process.getuid?.() === 0 ? postgresUser() : null;
  if (asUser) {
    chownSync(dir, asUser.uid, asUser.gid);
    chmodSync(dir, 0o700);
  }
  const run = (file: string, args: string[]) => {
    const [cmd, argv] = asUser ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`${file} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}${log}`);
    }
  };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    run(bins.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
      try {
        run(bins.pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start']);
        break;
      } catch (err) {
        if (attempt >= 2) throw err; // another process may have taken the port in between: try another
      }
    }
    const stopSync = () => {
      spawnSync(asUser ? 'runuser' : bins.pgCtl, asUser ? ['-u', 'postgres', '--', bins.pgCtl, '-D', dataDir, '-m', 'immediate', 'stop'] : ['-D', dataDir, '-m', 'immediate', 'stop']);
      cleanup();
    };
    running.add(stopSync);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => [...running].forEach((stop) => stop()));
    }
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    let databases = 0;
    let stopped = false;
    return {
      url,
      port,
      async createDatabase() {
        const name = `test_${process.pid}_${++databases}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgresql://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        running.delete(stopSync);
        try {
          run(bins.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        } finally {
          cleanup();
        }
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('startTestPostgres: running as root needs a `postgres` user (Debian\'s postgresql package creates it)');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
