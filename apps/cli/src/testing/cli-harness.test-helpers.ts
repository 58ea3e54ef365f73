import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (tests of the CLI run the real compiled command in a child process). */
export const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `memsweep ...args` to completion with a timeout. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`memsweep ${args.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function tempDir(prefix = 'memsweep-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeSweep(dir: string, name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** A sweep small enough for a test: 4 training runs, 16 points, 64 trials. */
export const TINY_SWEEP = `
name: tiny
seed: 7
dataset: { name: mnist, trainSize: 600, testSize: 200, splitSeed: 3 }
network: { kind: mlp, hidden: [16], activation: relu }
training: { epochs: 1, batchSize: 50, learningRate: 0.005 }
methods: [baseline, drop-connect]
seeds: [1, 2]
grid:
  faultRate: [0, 0.2]
  dropConnectRate: 0.3
  sigma: [0, 0.3]
  crossbarSize: 64
  width: 1
deployment: { faultPreset: xiang2021 }
trials: 4
shardSize: 2
`;
