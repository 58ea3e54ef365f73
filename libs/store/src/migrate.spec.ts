import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { resolveDatabaseTarget } from './database-url.js';
import { MigrationError } from './errors.js';
import { DEFAULT_MIGRATIONS_ROOT, migrate, readMigrations, sha256Hex } from './migrate.js';
import { describeTables, expectedTables, POSTGRES_SCHEMA_PATH, SCHEMA_PATH, declaredTables } from './schema-model.test-helpers.js';
import { openStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'memsweep-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshUrl = () => `file:${join(dir, `m${++n}.db`)}`;

describe('migrations on disk', () => {
  it('both dialects have the same migration names, in Prisma layout with a lock file', () => {
    const sqlite = readMigrations('sqlite').map((m) => m.name);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(readMigrations('postgresql').map((m) => m.name)).toEqual(sqlite);
    for (const dialect of ['sqlite', 'postgresql']) {
      expect(readFileSync(join(DEFAULT_MIGRATIONS_ROOT, dialect, 'migration_lock.toml'), 'utf8')).toContain(`provider = "${dialect}"`);
    }
  });

  it('schema.postgresql.prisma is the current rendering of schema.prisma (same models)', () => {
    const tool = fileURLToPath(new URL('../../../tools/prisma-generate.mjs', import.meta.url));
    const check = spawnSync(process.execPath, [tool, '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(declaredTables(readFileSync(POSTGRES_SCHEMA_PATH, 'utf8'))).toEqual(declaredTables(readFileSync(SCHEMA_PATH, 'utf8')));
  });
});

describe('migrate (sqlite)', () => {
  it('applies from empty, is idempotent, and records Prisma-compatible rows', async () => {
    const target = resolveDatabaseTarget(freshUrl());
    const migrations = readMigrations('sqlite');
    const db = await createClient(target);
    try {
      expect(await migrate(db, 'sqlite', migrations)).toEqual({ applied: migrations.map((m) => m.name) });
      expect(await migrate(db, 'sqlite', migrations)).toEqual({ applied: [] });
    } finally {
      await db.$disconnect();
    }
    const raw = new Database(target.dialect === 'sqlite' ? target.path : '', { readonly: true });
    try {
      const rows = raw.prepare('SELECT * FROM _prisma_migrations').all() as Record<string, unknown>[];
      expect(rows).toHaveLength(migrations.length);
      expect(Object.keys(rows[0]).sort()).toEqual(['applied_steps_count', 'checksum', 'finished_at', 'id', 'logs', 'migration_name', 'rolled_back_at', 'started_at']);
      const file = readFileSync(join(DEFAULT_MIGRATIONS_ROOT, 'sqlite', migrations[0].name, 'migration.sql'), 'utf8');
      expect(rows[0]).toMatchObject({ migration_name: migrations[0].name, checksum: sha256Hex(file), rolled_back_at: null, applied_steps_count: 1 });
      expect(rows[0].finished_at).not.toBeNull();

      // The migrated tables match prisma/schema.prisma: columns, types, nullability and indexes. Views (the results
      // views for pandas & co., not Prisma models) are listed apart and left out of the comparison.
      const views = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name`).all() as { name: string }[];
      expect(views.map((v) => v.name)).toEqual(['point_summary_view', 'trial_results_view']);
      const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[];
      const columns = tables.flatMap(({ name }) =>
        (raw.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[]).map((c) => ({
          table: name,
          column: c.name,
          type: c.type,
          nullable: c.notnull === 0 && c.pk === 0,
        })),
      );
      const indexes = (raw.prepare(`SELECT tbl_name AS "table", name AS "index" FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'`).all() as { table: string; index: string }[]);
      expect(describeTables(columns, indexes)).toEqual(expectedTables('sqlite'));
    } finally {
      raw.close();
    }
  });

  it('opening twice applies nothing the second time', async () => {
    const url = freshUrl();
    await (await openStore({ databaseUrl: url })).close();
    await (await openStore({ databaseUrl: url })).close();
    const raw = new Database(url.slice('file:'.length), { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations').get()).toEqual({ n: readMigrations('sqlite').length });
    raw.close();
  });

  it('refuses a database migrated by a newer memsweep, and a changed migration', async () => {
    const newer = join(dir, 'newer-migrations');
    cpSync(DEFAULT_MIGRATIONS_ROOT, newer, { recursive: true });
    mkdirSync(join(newer, 'sqlite', '29991231000000_future'));
    writeFileSync(join(newer, 'sqlite', '29991231000000_future', 'migration.sql'), 'CREATE TABLE "future" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const url = freshUrl();
    await (await openStore({ databaseUrl: url, migrationsRoot: newer })).close();
    await expect(openStore({ databaseUrl: url })).rejects.toThrow(MigrationError);
    await expect(openStore({ databaseUrl: url })).rejects.toThrow(/does not know: 29991231000000_future.*newer memsweep/);

    const edited = join(dir, 'edited-migrations');
    cpSync(DEFAULT_MIGRATIONS_ROOT, edited, { recursive: true });
    const [first] = readMigrations('sqlite');
    writeFileSync(join(edited, 'sqlite', first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    const url2 = freshUrl();
    await (await openStore({ databaseUrl: url2 })).close();
    await expect(openStore({ databaseUrl: url2, migrationsRoot: edited })).rejects.toThrow(/changed after it was applied/);
  });
});
