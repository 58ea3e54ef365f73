import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '@memsweep/store/testing';
import { runCli, tempDir, TINY_SWEEP, writeSweep } from './testing/cli-harness.test-helpers.js';

/** Every stored trial of the newest sweep named `name`, keyed by point and trial, in a stable order. */
async function perTrial(databaseUrl: string, name = 'tiny'): Promise<string[]> {
  const store = await openStore({ databaseUrl });
  try {
    const sweep = await store.findSweep(name);
    const rows = await store.trialResults(sweep!.id);
    return rows.map((r) => `${r.pointKey}#${r.trial}=${r.correct}/${r.total}`).sort();
  } finally {
    await store.close();
  }
}

describe('memsweep run (end to end: CLI → coordinator → worker processes → SQLite)', () => {
  const dir = tempDir();
  const sweepFile = writeSweep(dir, 'tiny.yaml', TINY_SWEEP);

  it('runs a sweep, trains each configuration once, and query reprints the same table', async () => {
    const db = `file:${join(dir, 'one.db')}`;
    const run = await runCli(['run', sweepFile, '--workers', '2', '--database', db, '--format', 'csv']);
    expect(run.stderr).toContain('training runs executed: 4 (= 2 distinct training configurations × 2 seeds)');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('method,faultRate,dropConnectRate,sigma,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(lines).toHaveLength(1 + 2 * 2 * 2);
    const query = await runCli(['query', 'tiny', '--database', db, '--format', 'csv']);
    expect(query.code).toBe(0);
    expect(query.stdout).toBe(run.stdout);
  });

  it('gives bit-identical per-trial results with 1 worker process (2 threads) and with 2 worker processes', async () => {
    const dbTwo = `file:${join(dir, 'two.db')}`;
    const run = await runCli(['run', sweepFile, '--workers', '1', '--threads', '2', '--database', dbTwo, '--format', 'csv']);
    expect(run.code).toBe(0);
    const [a, b] = await Promise.all([perTrial(`file:${join(dir, 'one.db')}`), perTrial(dbTwo)]);
    expect(a).toHaveLength(64);
    expect(b).toEqual(a);
  });

  it('resumes instead of duplicating when the same file runs again', async () => {
    const db = `file:${join(dir, 'one.db')}`;
    const again = await runCli(['run', sweepFile, '--database', db, '--format', 'csv']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('(already stored: resuming)');
    expect(await perTrial(db)).toHaveLength(64);
  });

  it('rejects an invalid sweep file with exit code 2, a precise message, and writes nothing', async () => {
    const bad = writeSweep(dir, 'bad.yaml', TINY_SWEEP.replace('faultRate: [0, 0.2]', 'faultRate: [0, 0.2, 1.5]').replace('trials: 4', 'trials: 4\ncolour: blue'));
    const before = readdirSync(dir).sort();
    const run = await runCli(['run', bad, '--database', `file:${join(dir, 'never.db')}`], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('grid.faultRate[2]: must be between 0 and 1');
    expect(run.stderr).toContain('colour: unknown key');
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(join(dir, '.memsweep'))).toBe(false);
  });

  it('explains a missing file and bad flags without a stack trace', async () => {
    const missing = await runCli(['run', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read sweep file .*nope\.yaml: ENOENT/);
    const badFlag = await runCli(['run', sweepFile, '--workers', 'zero']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('must be a whole number');
  });
});

const postgresSkip = postgresSkipReason();
describe.skipIf(postgresSkip)('memsweep run on PostgreSQL (a real server on loopback)', () => {
  let pg: TestPostgres | undefined;
  afterAll(async () => pg?.stop());

  it('runs the same sweep through a postgres DATABASE_URL with the same per-trial results as SQLite', async () => {
    pg = await startTestPostgres();
    const url = await pg.createDatabase();
    const dir = tempDir();
    const sweepFile = writeSweep(dir, 'tiny.yaml', TINY_SWEEP);
    const run = await runCli(['run', sweepFile, '--workers', '2'], { env: { DATABASE_URL: url } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('results in postgresql');
    const sqlite = `file:${join(dir, 'ref.db')}`;
    expect((await runCli(['run', sweepFile, '--workers', '1', '--database', sqlite])).code).toBe(0);
    expect(await perTrial(url)).toEqual(await perTrial(sqlite));
  });
});
