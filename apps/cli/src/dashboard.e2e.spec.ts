import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir, TINY_SWEEP, writeSweep } from './testing/cli-harness.test-helpers.js';

/** Debian's Chromium (tools/setup-chromium.sh installs it; `npx playwright install` cannot download browsers here). */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../test-output/dashboard.png', import.meta.url));
const SCREENSHOT_RUNNING = fileURLToPath(new URL('../test-output/dashboard-running.png', import.meta.url));
/**
 * TINY_SWEEP with more and larger Monte-Carlo trials (16 points × TRIALS), so that evaluation spans several of the page's
 * one-second polls and the test sees the heatmap fill in rather than jump from empty to finished.
 */
const TRIALS = 40;
const SWEEP = TINY_SWEEP.replace('testSize: 200', 'testSize: 1000').replace('trials: 4', `trials: ${TRIALS}`).replace('shardSize: 2', 'shardSize: 4');
const TOTAL = 16 * TRIALS;
const chromiumMissing = !existsSync(CHROMIUM);
// Under CI the browser test must run (setup installs Chromium); elsewhere it is skipped with the reason printed.
const skipReason = chromiumMissing && process.env.CI !== 'true' ? `${CHROMIUM} is missing (run tools/setup-chromium.sh): skipping the dashboard browser test` : undefined;
if (skipReason) console.warn(skipReason);

/** Starts `memsweep …args` in the background and resolves once stdout matched every pattern (their first groups). */
function startCli(args: string[], patterns: RegExp[], timeoutMs = 20_000): Promise<{ child: ChildProcess; matches: string[] }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MEMSWEEP_LOG_LEVEL: 'warn' } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`memsweep ${args[0]} did not start:\n${out}\n${err}`)), timeoutMs);
    child.on('exit', (code) => reject(new Error(`memsweep ${args[0]} exited with ${code}:\n${out}\n${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const found = patterns.map((p) => p.exec(out)?.[1]);
      if (found.every((m) => m !== undefined)) {
        clearTimeout(timer);
        resolve({ child, matches: found as string[] });
      }
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface Snapshot {
  trialsDone: number;
  trialsTotal: number;
  cells: Array<{ faultRate: number; arm: string; n: number; mean: number }>;
}

describe.skipIf(skipReason)('dashboard in Debian\'s Chromium while a sweep runs (coordinator --dashboard, submit, worker)', () => {
  let coordinator: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await stop(worker);
    await stop(coordinator);
  });

  it('shows live progress and heatmap cells as results land, drills down to a point, and saves a screenshot', async () => {
    if (chromiumMissing) throw new Error(`${CHROMIUM} is missing under CI=true: tools/setup.sh --test must install it (tools/setup-chromium.sh)`);
    const dir = tempDir('memsweep-dash-e2e-');
    const sweepFile = writeSweep(dir, 'tiny.yaml', SWEEP);
    const started = await startCli(
      ['coordinator', '--listen', '127.0.0.1:0', '--dashboard', '127.0.0.1:0', '--database', `file:${join(dir, 'e2e.db')}`],
      [/listening on (127\.0\.0\.1:\d+)/, /dashboard \(read-only\) on (http:\/\/\S+)/],
    );
    coordinator = started.child;
    const [grpcAddress, dashboardUrl] = started.matches;
    const submitted = await runCli(['submit', sweepFile, '--coordinator', grpcAddress], { timeoutMs: 20_000 });
    expect(submitted.code, submitted.stderr).toBe(0);
    const sweepId = /[0-9a-f-]{36}/.exec(submitted.stdout)![0];

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    await page.goto(`${dashboardUrl}#/sweep/${sweepId}`);

    const snapshot = (): Promise<Snapshot> =>
      page.evaluate(() => {
        const trials = document.querySelector('[data-testid=trials]');
        const heatmap = document.querySelector('[data-testid=heatmap]');
        return {
          trialsDone: Number(trials?.getAttribute('data-done') ?? -1),
          trialsTotal: Number(trials?.getAttribute('data-total') ?? -1),
          cells: JSON.parse(heatmap?.getAttribute('data-cells') ?? '[]'),
        };
      });

    // Before any worker: the sweep is there, nothing stored, the heatmap empty.
    await page.waitForSelector('[data-testid=heatmap-empty]', { timeout: 15_000 });
    const before = await snapshot();
    const t0 = Date.now();
    expect(before).toMatchObject({ trialsDone: 0, trialsTotal: TOTAL, cells: [] });
    // The sweep list is its own request: under load it may render after the sweep's view.
    await page.waitForFunction(() => document.querySelector('[data-testid=sweeps]')?.textContent?.includes('tiny'), null, { timeout: 15_000 });

    worker = spawn(process.execPath, [CLI, 'worker', '--coordinator', grpcAddress, '--threads', '1'], { stdio: 'ignore' });

    // Watch the page (it polls every second) until the sweep is done: record every distinct state it showed.
    const seen: Snapshot[] = [before];
    let runningShot: Promise<unknown> | undefined;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await snapshot();
      if (JSON.stringify(now) !== JSON.stringify(seen.at(-1))) seen.push(now);
      if (!runningShot && now.trialsDone > 0 && now.trialsDone < TOTAL / 2) {
        mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
        runningShot = page.screenshot({ path: SCREENSHOT_RUNNING, fullPage: true });
        await runningShot;
      }
      if (now.trialsDone === TOTAL && now.cells.length === 4 && now.cells.every((c) => c.n === 2 * TRIALS)) break;
      if (Date.now() > deadline) throw new Error(`the page never showed the finished sweep; last state: ${JSON.stringify(now)}`);
      await page.waitForTimeout(150);
    }
    // Progress moved without a reload, through at least one state between empty and finished ...
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.some((s) => s.trialsDone > 0 && s.trialsDone < TOTAL)).toBe(true);
    // ... and a heatmap cell appeared and filled in: absent at first, then with all its trials (2 seeds × TRIALS) at σ = 0.
    const final = seen.at(-1)!;
    console.log(`sweep watched for ${Date.now() - t0} ms, ${seen.length} states`);
    expect(final.cells.map((c) => `${c.faultRate}/${c.arm}`).sort()).toEqual(['0.2/baseline', '0.2/drop-connect 0.3', '0/baseline', '0/drop-connect 0.3']);
    for (const c of final.cells) {
      expect(c.n).toBe(2 * TRIALS);
      expect(c.mean).toBeGreaterThan(0);
      expect(c.mean).toBeLessThanOrEqual(1);
    }
    await page.waitForSelector('[data-testid=progress] .status-done', { timeout: 5_000 });
    expect(await page.textContent('[data-testid=workers]')).toMatch(/active/);
    await page.waitForSelector('[data-testid=curve-sigma] svg', { timeout: 5_000 });

    // Click a heatmap cell: the drill-down lists both seeds' trials and draws their distribution.
    await page.locator('[data-testid=heatmap] .mark-rect path').first().click();
    await page.waitForSelector('[data-testid=drilldown] [data-testid=trials-chart] svg', { timeout: 10_000 });
    const drill = await page.textContent('[data-testid=drilldown]');
    expect(drill).toContain(`${TRIALS} / ${TRIALS}`);

    await page.mouse.move(0, 0); // no tooltip over the figure
    await page.waitForTimeout(300);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
  }, 90_000);
});
