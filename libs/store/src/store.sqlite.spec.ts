import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { describeStoreContract } from './store-contract.test-helpers.js';
import { buildTestPlan } from './testing/plan-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'memsweep-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshUrl = () => `file:${join(dir, `db-${++files}`, 'memsweep.db')}`;

describeStoreContract('sqlite', (options) => openStore({ ...options, databaseUrl: freshUrl() }));

describe('sqlite specifics', () => {
  it('creates the folder, uses WAL, and a reopened file keeps its data', async () => {
    const url = freshUrl();
    const store = await openStore({ databaseUrl: url });
    const { sweepId } = await store.insertPlan(buildTestPlan(), { maxAttempts: 3 });
    const claimed = await store.claimTasks({ workerId: 'w1', max: 5, leaseMs: 60_000 });
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(url.slice('file:'.length), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    // One process owns a SQLite file (the coordinator): better-sqlite3 is synchronous, so two connections in one
    // thread would block each other's transactions. Reopening after close is the supported sequence.
    const reopened = await openStore({ databaseUrl: url });
    expect((await reopened.findSweep(sweepId))?.id).toBe(sweepId);
    expect(await reopened.extendLeases({ workerId: 'w1', taskIds: claimed.map((t) => t.taskId), leaseMs: 1000 })).toHaveLength(2);
    await reopened.close();
  });

  it('defaults to DATABASE_URL', async () => {
    const url = freshUrl();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const store = await openStore();
      expect(store.dialect).toBe('sqlite');
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
