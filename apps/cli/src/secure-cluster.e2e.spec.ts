import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { CLI, runCli, tempDir, writeSweep } from './testing/cli-harness.test-helpers.js';

const HAVE_OPENSSL = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

/** One training run, 2 points × 2 trials: as small as a real sweep gets. */
const SMALL_SWEEP = `
name: secure
seed: 3
dataset: { name: mnist, trainSize: 200, testSize: 50, splitSeed: 1 }
network: { kind: mlp, hidden: [8], activation: relu }
training: { epochs: 1, batchSize: 50, learningRate: 0.01 }
methods: [baseline]
seeds: [1]
grid: { faultRate: [0, 0.2] }
trials: 2
shardSize: 2
`;

/**
 * The cluster commands over TLS with the worker token, end to end through the built CLI: `coordinator --tls-cert
 * --tls-key --token-file`, `submit --tls-ca --token-file`, and a `worker` that takes its settings from the environment
 * (MEMSWEEP_TLS_CA, MEMSWEEP_TOKEN) as the SLURM script and the Kubernetes manifests do.
 */
describe.skipIf(!HAVE_OPENSSL)('memsweep coordinator / submit / worker with TLS and a worker token', () => {
  const dir = tempDir('memsweep-secure-');
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('runs a sweep across processes, and refuses a submit without the token or without the CA', async () => {
    const cert = join(dir, 'coordinator.crt');
    const key = join(dir, 'coordinator.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const token = 'e2e-token-0123456789abcdef0123';
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const db = `file:${join(dir, 'secure.db')}`;

    const coordinator = spawn(process.execPath, [CLI, 'coordinator', '--listen', '127.0.0.1:0', '--database', db, '--tls-cert', cert, '--tls-key', key, '--token-file', tokenFile], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MEMSWEEP_LOG_LEVEL: 'warn' },
    });
    children.push(coordinator);
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      coordinator.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      coordinator.once('exit', (code) => reject(new Error(`coordinator exited ${code}`)));
    });
    expect(banner).toMatch(/listening on 127\.0\.0\.1:\d+ \(sqlite; TLS; worker token required\)/);
    const address = /listening on (\S+)/.exec(banner)![1];

    const sweepFile = writeSweep(dir, 'secure.yaml', SMALL_SWEEP);
    const noToken = await runCli(['submit', sweepFile, '--coordinator', address, '--tls-ca', cert], { env: { MEMSWEEP_TOKEN: '' } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('memsweep: missing worker token');
    const plaintext = await runCli(['submit', sweepFile, '--coordinator', address, '--token-file', tokenFile]);
    expect(plaintext.code).toBe(1);
    const submitted = await runCli(['submit', sweepFile, '--coordinator', address, '--tls-ca', cert, '--token-file', tokenFile]);
    expect(submitted.stderr).toContain('submitted: 2 points, 1 training runs');
    expect(submitted.code).toBe(0);

    const worker = spawn(process.execPath, [CLI, 'worker', '--coordinator', address, '--threads', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MEMSWEEP_LOG_LEVEL: 'warn', MEMSWEEP_TLS_CA: cert, MEMSWEEP_TOKEN: token },
    });
    children.push(worker);
    let workerErr = '';
    worker.stderr!.on('data', (d) => (workerErr += d));

    const store = await openStore({ databaseUrl: db });
    try {
      for (let i = 0; ; i++) {
        const sweep = await store.findSweep('secure');
        if (sweep && (await store.sweepProgress(sweep.id)).done) break;
        if (i > 300 || worker.exitCode !== null) throw new Error(`sweep did not finish; worker: ${workerErr}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect((await store.trialResults((await store.findSweep('secure'))!.id)).length).toBe(4);
    } finally {
      await store.close();
    }
    worker.kill('SIGTERM');
    coordinator.kill('SIGTERM');
    await Promise.all([worker, coordinator].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    expect(workerErr).not.toMatch(/UNAUTHENTICATED|missing worker token|invalid worker token/);
  });
});
