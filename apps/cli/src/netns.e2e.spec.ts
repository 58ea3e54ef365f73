import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { CLI, tempDir, TINY_SWEEP, writeSweep } from './testing/cli-harness.test-helpers.js';

/**
 * Issue #5 item 7, across hosts: the coordinator in one network namespace, the workers (and the client that submits) in
 * another, joined by a veth pair with real addresses (10.200.N.1 ⇄ 10.200.N.2/24), not loopback. Needs root and
 * `ip netns`; without them the test is skipped with the reason printed. Every namespace it creates (named ms-*-<pid>)
 * is deleted afterwards, whatever happens.
 */
const tag = String(process.pid % 100_000);
const NS_COORD = `ms-coord-${tag}`;
const NS_WORK = `ms-work-${tag}`;
const VETH_COORD = `msc${tag}`; // interface names are at most 15 characters
const VETH_WORK = `msw${tag}`;
const SUBNET = 1 + (process.pid % 250); // 10.200.SUBNET.0/24: distinct for concurrent runs
const COORD_IP = `10.200.${SUBNET}.1`;
const WORK_IP = `10.200.${SUBNET}.2`;

function ip(args: string[]): { ok: boolean; output: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

function deleteNamespaces(): void {
  for (const ns of [NS_COORD, NS_WORK]) ip(['netns', 'del', ns]); // deleting a namespace removes its veth end too
  ip(['link', 'del', VETH_COORD]); // in case setup stopped before the ends were moved
}

/** Null when namespaces can be made here (probed by making one), else why not. */
function netnsSkipReason(): string | null {
  if (process.platform !== 'linux') return 'network namespace test skipped: Linux only';
  if (process.getuid?.() !== 0) return 'network namespace test skipped: needs root (ip netns add)';
  const probe = `ms-probe-${tag}`;
  const made = ip(['netns', 'add', probe]);
  ip(['netns', 'del', probe]);
  if (!made.ok) return `network namespace test skipped: \`ip netns add\` failed here: ${made.output}`;
  return null;
}

function setUpNamespaces(): void {
  deleteNamespaces();
  const steps: string[][] = [
    ['netns', 'add', NS_COORD],
    ['netns', 'add', NS_WORK],
    ['link', 'add', VETH_COORD, 'type', 'veth', 'peer', 'name', VETH_WORK],
    ['link', 'set', VETH_COORD, 'netns', NS_COORD],
    ['link', 'set', VETH_WORK, 'netns', NS_WORK],
    ['-n', NS_COORD, 'addr', 'add', `${COORD_IP}/24`, 'dev', VETH_COORD],
    ['-n', NS_WORK, 'addr', 'add', `${WORK_IP}/24`, 'dev', VETH_WORK],
    ['-n', NS_COORD, 'link', 'set', 'lo', 'up'],
    ['-n', NS_WORK, 'link', 'set', 'lo', 'up'],
    ['-n', NS_COORD, 'link', 'set', VETH_COORD, 'up'],
    ['-n', NS_WORK, 'link', 'set', VETH_WORK, 'up'],
  ];
  for (const step of steps) {
    const r = ip(step);
    if (!r.ok) throw new Error(`ip ${step.join(' ')} failed: ${r.output}`);
  }
}

const skip = netnsSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip)('a sweep across network namespaces (coordinator and workers on different hosts, veth, real addresses)', () => {
  const children: ChildProcess[] = [];
  const onExit = () => {
    children.forEach((c) => c.kill('SIGKILL'));
    deleteNamespaces();
  };
  process.once('exit', onExit);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    deleteNamespaces();
    process.off('exit', onExit);
  });

  /** `memsweep …` inside a namespace (ip netns exec runs node itself: signals reach it directly). */
  function inNamespace(ns: string, args: string[], env: Record<string, string>, log: { text: string }): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (log.text += d));
    child.stderr!.on('data', (d) => (log.text += d));
    children.push(child);
    return child;
  }

  it('the coordinator at 10.200.N.1 serves a sweep submitted from, and run by two workers at, 10.200.N.2', async () => {
    setUpNamespaces();
    const dir = tempDir('memsweep-netns-');
    const sweepFile = writeSweep(dir, 'tiny.yaml', TINY_SWEEP);
    const databaseUrl = `file:${join(dir, 'netns.db')}`;
    const env = { MEMSWEEP_TOKEN: randomBytes(24).toString('hex'), MEMSWEEP_LOG_LEVEL: 'warn' };
    const address = `${COORD_IP}:50051`;
    const coordinatorLog = { text: '' };
    const coordinator = inNamespace(NS_COORD, ['coordinator', '--listen', address, '--database', databaseUrl, '--lease-ms', '5000'], env, coordinatorLog);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`coordinator did not start:\n${coordinatorLog.text}`)), 30_000);
      coordinator.stdout!.on('data', () => coordinatorLog.text.includes('listening') && (clearTimeout(timer), resolve()));
      coordinator.once('exit', (code) => (clearTimeout(timer), reject(new Error(`coordinator exited (${code}):\n${coordinatorLog.text}`))));
    });
    expect(coordinatorLog.text).toContain(`listening on ${address}`);

    // The client and the workers live in the other namespace: they reach the coordinator only over the veth pair.
    const submitLog = { text: '' };
    const submit = inNamespace(NS_WORK, ['submit', sweepFile, '--coordinator', address], env, submitLog);
    expect(await new Promise((r) => submit.once('exit', r)), submitLog.text).toBe(0);
    const sweepId = submitLog.text.trim().split('\n')[0];
    expect(sweepId).toMatch(/^[0-9a-f-]{36}$/);

    const workerLog = { text: '' };
    for (let i = 0; i < 2; i++) inNamespace(NS_WORK, ['worker', '--coordinator', address, '--threads', '1'], env, workerLog);

    const store = await openStore({ databaseUrl });
    try {
      const deadline = Date.now() + 120_000;
      let progress = await store.sweepProgress(sweepId);
      while (!progress.done) {
        if (Date.now() > deadline) throw new Error(`sweep not done in time: ${progress.trialsDone}/${progress.trialsTotal}\n${workerLog.text}`);
        await new Promise((r) => setTimeout(r, 300));
        progress = await store.sweepProgress(sweepId);
      }
      expect(progress).toMatchObject({ trainingDone: 4, trainingTotal: 4, shardsFailed: 0, trialsDone: 64, trialsTotal: 64 });
      expect(await store.trialResults(sweepId)).toHaveLength(64);
    } finally {
      await store.close();
    }
  });
});
