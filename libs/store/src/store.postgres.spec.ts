import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationError } from './errors.js';
import { DEFAULT_MIGRATIONS_ROOT, readMigrations, sha256Hex } from './migrate.js';
import { describeTables, expectedTables } from './schema-model.test-helpers.js';
import { openStore, type Store } from './store.js';
import { describeStoreContract } from './store-contract.test-helpers.js';
import { buildTestPlan } from './testing/plan-fixture.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from './testing/postgres.js';

const skipReason = postgresSkipReason();

describe.skipIf(skipReason !== null)('postgresql', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeStoreContract('postgresql', async (options) => openStore({ ...options, databaseUrl: await server.createDatabase() }));

  it('migrates from empty twice (idempotent) into tables that match the schema', async () => {
    const url = await server.createDatabase();
    await (await openStore({ databaseUrl: url })).close();
    await (await openStore({ databaseUrl: url })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const migrations = readMigrations('postgresql');
      const { rows } = await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name');
      expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(migrations.map((m) => [m.name, sha256Hex(m.sql), 1]));
      expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
      const columns = await client.query(`
        SELECT table_name AS "table", column_name AS "column", data_type AS "type", is_nullable = 'YES' AS "nullable"
        FROM information_schema.columns c
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
          AND EXISTS (SELECT 1 FROM information_schema.tables t
                      WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`);
      const indexes = await client.query(`
        SELECT tablename AS "table", indexname AS "index" FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE '%\\_pkey'`);
      expect(describeTables(columns.rows, indexes.rows)).toEqual(expectedTables('postgresql'));
      // Views (results views for pandas & co.) are not Prisma models: checked apart from the tables above.
      const views = await client.query(`SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name`);
      expect(views.rows.map((v) => v.name)).toEqual(['point_summary_view', 'trial_results_view']);
    } finally {
      await client.end();
    }
  });

  it('refuses a database that has a migration this code does not know', async () => {
    const newer = mkdtempSync(join(tmpdir(), 'memsweep-newer-'));
    try {
      cpSync(DEFAULT_MIGRATIONS_ROOT, newer, { recursive: true });
      mkdirSync(join(newer, 'postgresql', '29991231000000_future'));
      writeFileSync(join(newer, 'postgresql', '29991231000000_future', 'migration.sql'), 'CREATE TABLE "future" ("id" INTEGER NOT NULL);\n');
      const url = await server.createDatabase();
      await (await openStore({ databaseUrl: url, migrationsRoot: newer })).close();
      await expect(openStore({ databaseUrl: url })).rejects.toThrow(MigrationError);
    } finally {
      rmSync(newer, { recursive: true, force: true });
    }
  });

  it('concurrent claims from several connections never hand one task to two workers', async () => {
    const url = await server.createDatabase();
    const workers = 6;
    const stores: Store[] = [];
    for (let i = 0; i < workers; i++) stores.push(await openStore({ databaseUrl: url }));
    try {
      const plan = buildTestPlan({ trainings: 40, pointsPerTraining: 1, trialsPerPoint: 6, shardSize: 2 });
      await stores[0].insertPlan(plan, { maxAttempts: 3 });
      const claimAll = async () => {
        const seen: string[][] = stores.map(() => []);
        await Promise.all(
          stores.map(async (store, i) => {
            for (;;) {
              const tasks = await store.claimTasks({ workerId: `w${i}`, max: 3, leaseMs: 60_000 });
              if (tasks.length === 0) return;
              seen[i].push(...tasks.map((t) => t.taskId));
            }
          }),
        );
        return seen;
      };
      const training = await claimAll();
      const trainIds = training.flat();
      expect(trainIds).toHaveLength(40);
      expect(new Set(trainIds).size).toBe(40);
      expect(training.filter((ids) => ids.length > 0).length).toBeGreaterThan(1); // the work was really shared

      // Complete every training from its holder, concurrently, then race for the 120 shards.
      await Promise.all(
        training.map(async (ids, i) => {
          for (const taskId of ids) {
            const bytes = new TextEncoder().encode(`model ${taskId}`);
            const artifact = { hash: createHash('sha256').update(bytes).digest('hex'), bytes, backend: 'cpu', meta: {} };
            expect(await stores[i].completeTraining({ taskId, workerId: `w${i}`, artifact, seconds: 0.1 })).toBe('completed');
          }
        }),
      );
      const shardIds = (await claimAll()).flat();
      expect(shardIds).toHaveLength(plan.shards.length);
      expect(new Set(shardIds).size).toBe(plan.shards.length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
