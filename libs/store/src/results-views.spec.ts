import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { buildTestPlan } from './testing/plan-fixture.js';
import { completeWithSyntheticTrials } from './testing/synthetic-results.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
/** Debian's python3 (MEMSWEEP_TEST_PYTHON overrides it; point it at a python without pandas to test the fallback). */
const PYTHON = process.env.MEMSWEEP_TEST_PYTHON ?? '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'memsweep-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Python block of README's "Reading results from Python" section, verbatim. */
function readmePandasSnippet(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Reading results from Python'));
  const block = /```python\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```python block under "## Reading results from Python"');
  return block[1];
}

const pandasAvailable = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;

describe('the README pandas one-liner', () => {
  it(`reads trial_results_view from the default database path (${pandasAvailable ? 'with pandas' : 'pandas not importable: through the store instead'})`, async () => {
    // The default database, relative to the working folder, as the README's snippet expects it.
    const store = await openStore({ databaseUrl: `file:${join(dir, '.memsweep', 'memsweep.db')}` });
    const plan = buildTestPlan({ name: 'pandas', trainings: 2, pointsPerTraining: 2, trialsPerPoint: 3, shardSize: 3 });
    const { sweepId } = await store.insertPlan(plan, { maxAttempts: 3 });
    // Test data: made-up counts.
    await completeWithSyntheticTrials(store, plan, sweepId, (point, trial) => ({ correct: 30 + point.index + trial, total: 40 }));
    const snippet = readmePandasSnippet();
    const view = /from (\w+)/.exec(snippet)?.[1];
    expect(view).toBe('trial_results_view');
    const viaStore = await store.readView('trial_results_view');
    await store.close();
    expect(viaStore).toHaveLength(12);

    if (!pandasAvailable) return; // viaStore above read the same view over SQL (better-sqlite3 through the store)
    const script = `${snippet}\nprint(trials.to_json(orient='records'))\n`;
    const run = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const fromPandas = JSON.parse(run.stdout) as Record<string, unknown>[];
    const order = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => `${a.point_key}/${a.trial}`.localeCompare(`${b.point_key}/${b.trial}`));
    expect(order(fromPandas)).toEqual(order(viaStore));
  });
});
