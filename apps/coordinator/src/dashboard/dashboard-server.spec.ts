import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSweepYaml, planSweep, type SweepPlan } from '@memsweep/sweep';
import { startCoordinator, type RunningCoordinator } from '../coordinator.js';
import { WorkerRegistry } from '../worker-registry.js';
import { hostAllowed, PAGE_CSP, startDashboard } from './dashboard-server.js';

const SWEEP = `
name: dash-test
seed: 3
dataset: { name: mnist, trainSize: 100, testSize: 50 }
network: { kind: mlp, hidden: [8] }
training: { epochs: 1 }
methods: [baseline, drop-connect]
seeds: [1, 2]
grid:
  faultRate: [0, 0.2]
  dropConnectRate: [0.3]
  sigma: [0, 0.5]
  crossbarSize: [64, 128]
trials: 4
shardSize: 2
`;

/** Raw GET (or another method) with the path sent exactly as written: fetch would normalize `..` away. */
function raw(port: number, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The synthetic accuracy of a trial: falls with the fault rate, drop-connect 5 points better, σ and crossbar shift it. */
const accuracyOf = (p: SweepPlan['points'][number], trial: number) =>
  (80 - p.faultRate * 100 + (p.dropConnectRate === null ? 0 : 5) - p.sigma * 10 + (p.crossbarSize === 128 ? 2 : 0) + (trial % 2)) / 100;

describe('dashboard HTTP server (read-only JSON API and the built page)', () => {
  let coordinator: RunningCoordinator;
  let port: number;
  let sweepId: string;
  let plan: SweepPlan;
  const get = async (path: string) => {
    const res = await raw(port, path);
    return { ...res, json: JSON.parse(res.body) };
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memsweep-dash-'));
    coordinator = await startCoordinator({ listen: '127.0.0.1:0', dashboard: '127.0.0.1:0', databaseUrl: `file:${join(dir, 'd.db')}`, logger: pino({ level: 'silent' }) });
    port = coordinator.dashboard!.port;
    plan = planSweep(compileSweepYaml(SWEEP), SWEEP);
    ({ sweepId } = await coordinator.store.insertPlan(plan, { maxAttempts: 3 }));
    const store = coordinator.store;
    const points = new Map(plan.points.map((p) => [p.key, p]));
    coordinator.registry.register({ workerId: 'w1', hostname: 'node-a', threads: 4, version: 'test' });
    // Train everything, then store every evaluation shard but one, which fails for good.
    for (;;) {
      const tasks = await store.claimTasks({ workerId: 'w1', max: 500, leaseMs: 60_000, sweepId });
      if (tasks.length === 0) break;
      for (const task of tasks) {
        if (task.kind === 'train') {
          const bytes = new TextEncoder().encode(`model ${task.trainingKey}`);
          await store.completeTraining({ taskId: task.taskId, workerId: 'w1', artifact: { hash: createHash('sha256').update(bytes).digest('hex'), bytes, backend: 'test', meta: {} }, seconds: 0 });
        } else if (task.pointKey === plan.points.at(-1)!.key && task.trialStart === 2) {
          await store.failTask({ taskId: task.taskId, workerId: 'w1', error: 'worker exploded: out of memory', retryable: false });
        } else {
          const point = points.get(task.pointKey!)!;
          const trials = [];
          for (let t = task.trialStart!; t < task.trialEnd!; t++) trials.push({ trial: t, correct: Math.round(accuracyOf(point, t) * 100), total: 100 });
          await store.completeEvaluation({ taskId: task.taskId, workerId: 'w1', trials });
        }
      }
    }
  });
  afterAll(async () => coordinator?.stop());

  it('lists sweeps and reports progress with failed shards and their errors', async () => {
    const list = await get('/api/sweeps');
    expect(list.status).toBe(200);
    expect(list.json.sweeps).toEqual([expect.objectContaining({ sweepId, name: 'dash-test', status: 'failed', trialsPerPoint: 4 })]);
    const progress = (await get(`/api/sweeps/${sweepId}/progress`)).json;
    const pointsTotal = plan.points.length;
    expect(progress).toMatchObject({
      sweepId,
      done: true,
      points: { total: pointsTotal, done: pointsTotal - 1 },
      trials: { total: pointsTotal * 4, done: pointsTotal * 4 - 2 },
      shards: { total: pointsTotal * 2, done: pointsTotal * 2 - 1, failed: 1 },
      training: { total: plan.trainings.length, done: plan.trainings.length, executed: plan.trainings.length },
      etaSeconds: 0,
    });
    expect(progress.failures).toEqual([expect.objectContaining({ kind: 'evaluate', error: 'worker exploded: out of memory', attempts: 1 })]);
    // By name too.
    expect((await get('/api/sweeps/dash-test/progress')).json.sweepId).toBe(sweepId);
  });

  it('lists workers with their state', async () => {
    const { json } = await get('/api/workers');
    expect(json.workers).toEqual([expect.objectContaining({ workerId: 'w1', hostname: 'node-a', threads: 4, state: 'active' })]);
  });

  it('aggregates the heatmap: mean accuracy per fault rate × arm at one (σ, crossbar, width), baseline as its own arm', async () => {
    const { json } = await get(`/api/sweeps/${sweepId}/heatmap?sigma=0&crossbarSize=64`);
    expect(json.dimensions).toEqual({ faultRate: [0, 0.2], sigma: [0, 0.5], crossbarSize: [64, 128], width: [1] });
    expect(json.arms.map((a: { label: string }) => a.label)).toEqual(['baseline', 'drop-connect 0.3']);
    expect(json.selection).toEqual({ sigma: 0, crossbarSize: 64, width: 1 });
    const cell = (faultRate: number, arm: string) => json.cells.find((c: { faultRate: number; arm: string }) => c.faultRate === faultRate && c.arm === arm);
    // 2 seeds × 4 trials; trials alternate +0 / +1 point.
    expect(cell(0, 'baseline')).toMatchObject({ n: 8, method: 'baseline', dropConnectRate: null });
    expect(cell(0, 'baseline').mean).toBeCloseTo(0.805, 10);
    expect(cell(0.2, 'drop-connect 0.3').mean).toBeCloseTo(0.655, 10);
    expect(json.cells).toHaveLength(4);
    // Defaults: the smallest value of each dimension.
    expect((await get(`/api/sweeps/${sweepId}/heatmap`)).json.selection).toEqual({ sigma: 0, crossbarSize: 64, width: 1 });
  });

  it('gives accuracy-vs-σ and vs-crossbar curves per arm with CIs', async () => {
    const sigma = (await get(`/api/sweeps/${sweepId}/curves?x=sigma&faultRate=0`)).json;
    expect(sigma.points.filter((p: { arm: string }) => p.arm === 'baseline').map((p: { x: number; mean: number }) => [p.x, Number(p.mean.toFixed(4))])).toEqual([
      [0, 0.805],
      [0.5, 0.755],
    ]);
    const bars = (await get(`/api/sweeps/${sweepId}/curves?x=crossbarSize&faultRate=0&sigma=0`)).json;
    const p = bars.points.find((q: { arm: string; x: number }) => q.arm === 'drop-connect 0.3' && q.x === 128);
    expect(p.mean).toBeCloseTo(0.875, 10);
    expect(p.ciLow).toBeLessThan(p.mean);
    expect(p.ciHigh).toBeGreaterThan(p.mean);
  });

  it('drills down to one heatmap cell: each seed\'s trials', async () => {
    const { json } = await get(`/api/sweeps/${sweepId}/point?faultRate=0.2&method=drop-connect&dropConnectRate=0.3&sigma=0.5&crossbarSize=128`);
    expect(json.arm).toBe('drop-connect 0.3');
    expect(json.points.map((p: { seed: number }) => p.seed)).toEqual([1, 2]);
    expect(json.points[0].trials.map((t: { correct: number }) => t.correct)).toEqual([62, 63, 62, 63]);
    const baseline = (await get(`/api/sweeps/${sweepId}/point?faultRate=0&method=baseline&dropConnectRate=none`)).json;
    expect(baseline.points[0].summary.n).toBe(4);
  });

  it('validates every parameter: 400 JSON naming it, 404 for unknown sweeps and endpoints', async () => {
    const cases: Array<[string, number, RegExp]> = [
      [`/api/sweeps/${sweepId}/heatmap?sigma=abc`, 400, /"sigma" must be a number/],
      [`/api/sweeps/${sweepId}/heatmap?sigma=0.7`, 400, /sigma=0.7 is not a value of this sweep \(0, 0.5\)/],
      [`/api/sweeps/${sweepId}/heatmap?colour=red`, 400, /unknown parameter "colour"/],
      [`/api/sweeps/${sweepId}/heatmap?sigma=0&sigma=0.5`, 400, /more than once/],
      [`/api/sweeps/${sweepId}/heatmap?sigma=Infinity`, 400, /must be a number/],
      [`/api/sweeps/${sweepId}/curves?x=width`, 400, /"x" must be sigma or crossbarSize/],
      [`/api/sweeps/${sweepId}/curves?x=sigma&sigma=0`, 400, /x axis/],
      [`/api/sweeps/${sweepId}/point?faultRate=0`, 400, /required/],
      [`/api/sweeps/${sweepId}/point?faultRate=0&method=dropout`, 400, /method "dropout" is not in this sweep/],
      [`/api/sweeps/${sweepId}/progress?x=1`, 400, /unknown parameter/],
      ['/api/sweeps/no-such-sweep/progress', 404, /no sweep with id or name "no-such-sweep"/],
      ['/api/sweeps/%3Cscript%3E/progress', 400, /a sweep is named by/],
      ['/api/sweeps/%E0%A4%A/progress', 400, /malformed/],
      ['/api/nothing', 404, /no such endpoint/],
      [`/api/sweeps/${sweepId}/progress/more`, 404, /no such endpoint/],
    ];
    for (const [path, status, message] of cases) {
      const res = await raw(port, path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(res.body).error).toMatch(message);
    }
  });

  it('has no write endpoints and sends safe headers, never a CORS wildcard', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await raw(port, `/api/sweeps/${sweepId}/progress`, method);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const api = await raw(port, '/api/sweeps');
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['cache-control']).toBe('no-store');
    const page = await raw(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).not.toMatch(/unsafe-eval/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.body).toContain('<div id="app"></div>');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)![1];
    const asset = await raw(port, `/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('on loopback, answers only to loopback host names (no DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:' + port, '10.0.0.1']) {
      const res = await raw(port, '/api/sweeps', 'GET', { host });
      expect({ host, status: res.status }).toEqual({ host, status: 403 });
    }
    for (const host of ['localhost:' + port, '127.0.0.1:' + port, 'LOCALHOST']) expect((await raw(port, '/api/sweeps', 'GET', { host })).status).toBe(200);
    expect(hostAllowed('::1', '[::1]:8080')).toBe(true);
    expect(hostAllowed('0.0.0.0', 'host-a:8080')).toBe(true); // beyond loopback the network is trusted
    expect(hostAllowed('127.0.0.1', undefined)).toBe(false);
  });

  it('serves only files inside the built folder (no path traversal, no symlinks out, no dotfiles, no listing)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'memsweep-www-'));
    const www = join(root, 'www');
    mkdirSync(join(www, 'assets'), { recursive: true });
    writeFileSync(join(www, 'index.html'), '<p>page</p>');
    writeFileSync(join(www, '.env'), 'SECRET=1');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    symlinkSync(join(root, 'secret.txt'), join(www, 'assets', 'link.txt'));
    const dash = await startDashboard({ listen: '127.0.0.1:0', store: coordinator.store, registry: new WorkerRegistry(1000), logger: pino({ level: 'silent' }), staticDir: www });
    try {
      expect((await raw(dash.port, '/')).body).toBe('<p>page</p>');
      for (const path of [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/%2e%2e/secret.txt',
        '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/..%5csecret.txt',
        '/assets/link.txt',
        '/.env',
        '/assets/',
        '/assets',
        '/index.html%00.js',
        '//etc/passwd',
        '/%252e%252e/secret.txt',
        '/%E0%A4%A',
      ]) {
        const res = await raw(dash.port, path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body).not.toContain('outside');
        expect(res.body).not.toContain('SECRET');
      }
    } finally {
      await dash.stop();
    }
  });
});
