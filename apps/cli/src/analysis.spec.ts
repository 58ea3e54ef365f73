import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markGroups, markItems, parseXml } from './plots/svg-tree.test-helpers.js';
import { spawn } from 'node:child_process';
import { CLI, runCli, tempDir } from './testing/cli-harness.test-helpers.js';
import { SYNTHETIC_TOTAL, syntheticCorrect, writeSyntheticSweep } from './testing/synthetic-sweep.test-helpers.js';

/**
 * `query`, `compare` and `plot` through the built CLI, on a database of FABRICATED trials (synthetic-sweep fixture:
 * counts from a formula, nothing trained): two sweeps, `synthetic` (fault rates 0, 0.1, 0.2) and `synthetic-b` (0.3).
 */
const dir = tempDir('memsweep-analysis-');
const db = `file:${join(dir, 'results.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database', db], { cwd: dir });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, number | string | null>[];

afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await writeSyntheticSweep(db);
  await writeSyntheticSweep(db, { name: 'synthetic-b', faultRates: [0.3] });
});

/** The fixture's grid, to recompute expectations from the same formula. */
const GRID = { faultRate: [0, 0.1, 0.2], sigma: [0, 0.5], crossbarSize: [64, 128], seed: [1, 2], trial: [0, 1, 2, 3, 4, 5] };
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function accuracies(arm: { dropConnectRate: number | null }, where: { faultRate: number; sigma?: number; crossbarSize?: number }): number[] {
  const out: number[] = [];
  for (const sigma of where.sigma === undefined ? GRID.sigma : [where.sigma])
    for (const crossbarSize of where.crossbarSize === undefined ? GRID.crossbarSize : [where.crossbarSize])
      for (const seed of GRID.seed)
        for (const trial of GRID.trial) out.push(syntheticCorrect({ ...arm, faultRate: where.faultRate, sigma, crossbarSize, seed }, trial) / SYNTHETIC_TOTAL);
  return out;
}

describe('memsweep query', () => {
  it('filters with repeatable --where and groups by any columns', async () => {
    const r = await cli('query', 'synthetic', '--where', 'faultRate=0.1,0.2', '--where', 'method=baseline', '--group-by', 'faultRate', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = json(r.stdout);
    expect(rows.map((row) => [row.faultRate, row.n])).toEqual([[0.1, 48], [0.2, 48]]);
    expect(rows[1].mean).toBeCloseTo(mean(accuracies({ dropConnectRate: null }, { faultRate: 0.2 })), 12);
    const none = await cli('query', 'synthetic', '--where', 'dropConnectRate=none', '--where', 'sigma=0.5', '--where', 'trial=0,1', '--format', 'csv');
    expect(none.stdout.split('\n')[0]).toBe('method,faultRate,crossbarSize,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(none.stdout.trim().split('\n').slice(1).every((line) => line.startsWith('baseline,') && line.includes(',4,'))).toBe(true);
  });

  it('exits quietly when the reader has closed the pipe (`memsweep query … | true`)', async () => {
    const child = spawn(process.execPath, [CLI, 'query', 'synthetic', '--database', db], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed long before the CLI (≈ 0.3 s to start) writes its table: the write fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('spans several sweeps (named or --all) with a sweep column', async () => {
    const named = await cli('query', 'synthetic', 'synthetic-b', '--group-by', 'sweep,method', '--format', 'csv');
    expect(named.code).toBe(0);
    const lines = named.stdout.trim().split('\n');
    expect(lines[0]).toBe('sweep,method,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'synthetic,baseline,144',
      'synthetic,drop-connect,288',
      'synthetic-b,baseline,48',
      'synthetic-b,drop-connect,96',
    ]);
    const all = await cli('query', '--all', '--where', 'method=baseline', '--format', 'json');
    const rows = json(all.stdout);
    expect(Object.keys(rows[0]).slice(0, 3)).toEqual(['sweep', 'method', 'faultRate']); // the default adds `sweep` when several
    expect(rows.map((row) => [row.sweep, row.faultRate])).toContainEqual(['synthetic-b', 0.3]);
  });

  it('rejects unknown columns and unparseable values precisely, with exit code 2', async () => {
    const bad = await cli('query', 'synthetic', '--where', 'faultrate=0.2', '--where', 'sigma=abc', '--where', 'seed=1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--where "faultrate=0.2": unknown column "faultrate" (did you mean faultRate?)');
    expect(bad.stderr).toContain('--where "sigma=abc": sigma: "abc" is not a number');
    expect(bad.stderr).toContain('--where "seed=1.5": seed: "1.5" is not a whole number');
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
    const neither = await cli('query');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('name at least one sweep (id or name), or pass --all');
    const badGroup = await cli('query', 'synthetic', '--group-by', 'colour');
    expect(badGroup.code).toBe(2);
  });
});

describe('memsweep compare', () => {
  it('pairs per deployment point and drop-connect rate; verdicts follow the data', async () => {
    const r = await cli('compare', 'synthetic', '--method', 'drop-connect', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = json(r.stdout);
    expect(rows).toHaveLength(3 * 2 * 2 * 2);
    expect(Object.keys(rows[0]).slice(0, 4)).toEqual(['faultRate', 'sigma', 'crossbarSize', 'dropConnectRate']);
    for (const row of rows) {
      expect(row).toMatchObject({ n: 2 * 6, unpaired: 0 });
      const where = { faultRate: row.faultRate as number, sigma: row.sigma as number, crossbarSize: row.crossbarSize as number };
      const method = accuracies({ dropConnectRate: row.dropConnectRate as number }, where);
      const baseline = accuracies({ dropConnectRate: null }, where);
      expect(row.meanDiff).toBeCloseTo(mean(method.map((m, i) => m - baseline[i])), 12);
      // At fault rate 0 the arms differ by a symmetric ±1 image only; with faults drop-connect gains 5 to 20 images.
      expect(row.verdict).toBe(row.faultRate === 0 ? 'no significant difference' : 'method wins');
    }
  });

  it('--by pools groups; the table states the verdict rule; CSV has every column', async () => {
    const table = await cli('compare', 'synthetic', '--method', 'drop-connect@0.2', '--by', 'faultRate');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('verdict: a side wins when the paired t-test and the Wilcoxon signed-rank test both give p < 0.05');
    const csv = await cli('compare', 'synthetic', '--method', 'drop-connect', '--by', 'faultRate', '--format', 'csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('faultRate,dropConnectRate,n,unpaired,meanDiff,ci95Low,ci95High,tStatistic,tPValue,wilcoxonW,wilcoxonPValue,wilcoxonMethod,verdict');
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines[1].split(',').slice(0, 3)).toEqual(['0', '0.2000', '48']);
  });

  it('explains a missing method or a bad --by with exit code 2', async () => {
    const missing = await cli('compare', 'synthetic', '--method', 'reliability');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('method reliability: no trials other than the baseline\'s (methods present: baseline, drop-connect)');
    const badBy = await cli('compare', 'synthetic', '--method', 'drop-connect', '--by', 'method');
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toContain('--by: unknown column "method"');
  });
});

describe('memsweep plot', () => {
  const cases = [
    { kind: 'heatmap', where: ['sigma=0', 'crossbarSize=64'], marks: { rect: 9, text: 9 } },
    { kind: 'heatmap', where: [], marks: { rect: 4 * 9, text: 4 * 9 } }, // σ × crossbar panels
    { kind: 'sigma', where: ['crossbarSize=64'], marks: { line: 3 * 3, area: 3 * 3, symbol: 3 * 3 * 2 } }, // 3 fault-rate panels × 3 arms
    { kind: 'crossbar', where: ['sigma=0'], marks: { line: 3 * 3, rule: 3 * 3 * 2, symbol: 3 * 3 * 2 } },
    { kind: 'trials', where: ['faultRate=0.2', 'sigma=0.5', 'crossbarSize=128'], marks: {} },
  ] as const;

  for (const { kind, where, marks } of cases) {
    it(`--kind ${kind}${where.length ? ` --where ${where.join(' --where ')}` : ''}: a valid SVG with its marks, and a PNG`, async () => {
      const base = join(dir, `${kind}-${where.length}`);
      const whereArgs = where.flatMap((w) => ['--where', w]);
      const svgRun = await cli('plot', 'synthetic', '--kind', kind, '--out', `${base}.svg`, ...whereArgs);
      expect(svgRun.code, svgRun.stderr).toBe(0);
      const text = readFileSync(`${base}.svg`, 'utf8');
      const svg = parseXml(text);
      expect(svg.name).toBe('svg');
      expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(text).toContain('font-family="DejaVu Sans"');
      for (const [type, count] of Object.entries(marks)) expect(markItems(svg, type), type).toBe(count);
      if (kind === 'trials') {
        expect(markGroups(svg, 'rect')).toBe(3 * 2); // one histogram per arm and seed
        expect(markItems(svg, 'rect')).toBeGreaterThanOrEqual(3 * 2);
      }

      const pngRun = await cli('plot', 'synthetic', '--kind', kind, '--out', `${base}.png`, ...whereArgs);
      expect(pngRun.code, pngRun.stderr).toBe(0);
      const png = readFileSync(`${base}.png`);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      // Scale 2 by default: twice the SVG's size, in pixels.
      expect(png.readUInt32BE(16)).toBe(2 * Number(svg.attributes.width));
      expect(png.readUInt32BE(20)).toBe(2 * Number(svg.attributes.height));
    });
  }

  it('refuses a trials plot over several points, and an unknown output type, with exit code 2', async () => {
    const spread = await cli('plot', 'synthetic', '--kind', 'trials', '--out', join(dir, 'spread.svg'), '--where', 'faultRate=0.2');
    expect(spread.code).toBe(2);
    expect(spread.stderr).toContain('--kind trials shows one deployment point, but the selection has sigma ∈ {0, 0.5}, crossbarSize ∈ {64, 128}');
    expect(existsSync(join(dir, 'spread.svg'))).toBe(false);
    const pdf = await cli('plot', 'synthetic', '--kind', 'heatmap', '--out', join(dir, 'x.pdf'));
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('must end in .svg or .png');
  });
});
