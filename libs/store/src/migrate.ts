import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.js';
import type { Dialect } from './database-url.js';
import { MigrationError } from './errors.js';
import { splitSqlStatements } from './sql-script.js';

/**
 * The store's migrator. Prisma's CLI cannot run migrations here (its native schema engine is unavailable), so the store
 * applies the committed SQL itself, through the same driver adapter it queries with, and records each migration in
 * Prisma's own `_prisma_migrations` table exactly as `prisma migrate deploy` would (checksum = sha256 hex of
 * migration.sql), so that both agree on a database.
 *
 * Rules (graphile-worker's): migrations are append-only; each runs in its own transaction with its bookkeeping row; the
 * migrator refuses a database that holds a migration this code does not know (a newer memsweep migrated it), a failed
 * migration, or a known migration whose SQL changed after it was applied.
 */

/** prisma/migrations at the repository root; this file sits at libs/store/{src,dist}/migrate.{ts,js}. */
export const DEFAULT_MIGRATIONS_ROOT = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));

export interface Migration {
  /** The folder name, e.g. 20261123200000_init; migrations apply in name order. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

/** Reads `<root>/<dialect>/<name>/migration.sql` in name order. */
export function readMigrations(dialect: Dialect, root: string = DEFAULT_MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, dialect);
  if (!existsSync(dir)) throw new MigrationError(`no migrations folder for ${dialect} at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Prisma's bookkeeping table, verbatim from its schema engine (so `prisma migrate status` reads ours). */
const MIGRATIONS_TABLE: Record<Dialect, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
};

/** Any constant: serializes concurrent migrators on one PostgreSQL database (transaction-scoped advisory lock). */
const PG_MIGRATION_LOCK = 7_314_159_265;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished: number | bigint | boolean;
}

export interface MigrateResult {
  /** Names of the migrations this call applied (empty when the database was current). */
  applied: string[];
}

/**
 * Applies the pending migrations, each in a transaction together with its `_prisma_migrations` row. Idempotent; safe
 * to run from several processes at once on PostgreSQL (advisory lock) and on SQLite (the first write takes the lock).
 */
export async function migrate(db: Db, dialect: Dialect, migrations: readonly Migration[]): Promise<MigrateResult> {
  const applied: string[] = [];
  for (;;) {
    const next = await db.$transaction(
      async (tx) => {
        if (dialect === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
        await tx.$executeRawUnsafe(MIGRATIONS_TABLE[dialect]);
        // A write before any read, so that SQLite takes its write lock now rather than on upgrade from a read lock
        // (which fails at once instead of waiting when another connection wrote in between).
        if (dialect === 'sqlite') await tx.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "id" = "id" WHERE 1 = 0`);
        const rows = await tx.$queryRawUnsafe<AppliedRow[]>(
          `SELECT migration_name, checksum, CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS finished
           FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
        );
        const pending = checkApplied(rows, migrations);
        if (!pending) return null;
        for (const statement of splitSqlStatements(pending.sql)) await tx.$executeRawUnsafe(statement);
        await tx.$executeRawUnsafe(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ('${randomUUID()}', '${pending.checksum}', '${pending.name.replace(/'/g, "''")}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
        );
        return pending.name;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    if (next === null) return { applied };
    applied.push(next);
  }
}

/** Compares the database's bookkeeping with the known migrations; returns the first pending one, or null. */
function checkApplied(rows: readonly AppliedRow[], migrations: readonly Migration[]): Migration | null {
  const known = new Map(migrations.map((m) => [m.name, m]));
  const unknown = rows.filter((r) => !known.has(r.migration_name)).map((r) => r.migration_name);
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database has migration(s) this memsweep does not know: ${unknown.sort().join(', ')}. ` +
        'It was migrated by a newer memsweep; upgrade memsweep (or use another database). Refusing to run.',
    );
  }
  const unfinished = rows.filter((r) => !Number(r.finished)).map((r) => r.migration_name);
  if (unfinished.length > 0) {
    throw new MigrationError(`migration(s) ${unfinished.join(', ')} started but never finished on this database: repair it by hand before use`);
  }
  const done = new Set<string>();
  for (const row of rows) {
    const migration = known.get(row.migration_name)!;
    if (row.checksum !== migration.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum} in the database, ${migration.checksum} on disk); migrations are append-only`,
      );
    }
    done.add(row.migration_name);
  }
  return migrations.find((m) => !done.has(m.name)) ?? null;
}
