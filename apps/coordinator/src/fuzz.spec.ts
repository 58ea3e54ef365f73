import * as grpc from '@grpc/grpc-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepClient, createWorkerClient, unary, type SweepServiceClient, type WorkerServiceClient } from '@memsweep/protocol';
import { compileSweepYaml, ConfigError } from '@memsweep/sweep';
import { pino } from 'pino';
import { startCoordinator, type RunningCoordinator } from './coordinator.js';
import { invalidTypedRequest, mutateSweep, Rand, rawWorkerMessage, VALID_SWEEP, validTypedRequest } from './testing/fuzz-cases.test-helpers.js';

/**
 * Seeded fuzzing of every gRPC input against a real coordinator (loopback, real SQLite file): malformed sweep files
 * through SubmitSweep, undecodable and wrongly typed raw protobuf bytes and well-typed but invalid values through the
 * WorkerService. Every case must get a precise error, nothing may be written, and the coordinator must keep serving.
 */

const SWEEP_FILES = 1100;
const RAW_MESSAGES = 600;
const TYPED_MESSAGES = 600;
const TOKEN = 'fuzz-token-0123456789abcdef';
/** Each line of a worker-message INVALID_ARGUMENT names the field: `workerId: …`, `trials[0].correct: …`. */
const FIELD_LINE = /^[A-Za-z_]\w*(\[\d+\])*(\.[A-Za-z_]\w*(\[\d+\])*)*: \S/;
/**
 * Each line of a sweep file's error names where: a key path as written in the file (an unknown key may hold any
 * bytes), `yaml` (syntax, aliases, nesting) or `(top level)`.
 */
const SWEEP_LINE = /^(\(top level\)|yaml|[^\n]+?): \S/;

const rawCall = (client: grpc.Client, method: string, bytes: Buffer) =>
  new Promise<grpc.ServiceError | null>((resolve) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${TOKEN}`);
    client.makeUnaryRequest(`/memsweep.v1.WorkerService/${method}`, (b: Buffer) => b, (b: Buffer) => b, bytes, md, { deadline: Date.now() + 30_000 }, (err) => resolve(err));
  });

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await run(items[i], i);
    }
  }));
}

const tally = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const format = (counts: Record<string, number>) => Object.entries(counts).sort().map(([k, n]) => `${k} ${n}`).join(', ');

describe('fuzzing the coordinator\'s gRPC inputs (seeded)', () => {
  let coordinator: RunningCoordinator;
  let sweeps: SweepServiceClient;
  let workers: WorkerServiceClient;
  let raw: grpc.Client;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memsweep-fuzz-'));
    coordinator = await startCoordinator({ listen: '127.0.0.1:0', databaseUrl: `file:${join(dir, 'fuzz.db')}`, logger: pino({ level: 'silent' }), security: { token: TOKEN } });
    sweeps = createSweepClient(coordinator.address, { token: TOKEN });
    workers = createWorkerClient(coordinator.address, { token: TOKEN });
    raw = new grpc.Client(coordinator.address, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    sweeps?.close();
    workers?.close();
    raw?.close();
    await coordinator?.stop();
  });

  it(`rejects ≥ 1,000 malformed sweep files with INVALID_ARGUMENT naming the field, and writes nothing`, async () => {
    expect(() => compileSweepYaml(VALID_SWEEP)).not.toThrow();
    const rand = new Rand(20260505);
    const cases: Array<{ kind: string; yaml: string; expected: string }> = [];
    let accidentallyValid = 0;
    for (let i = 0; cases.length < SWEEP_FILES; i++) {
      const { kind, yaml } = mutateSweep(rand, i);
      // The sweep library is the oracle of what the server must answer, word for word; a mutation it accepts is
      // not malformed (deleting an optional key, say) and is skipped.
      let expected: string;
      try {
        if (yaml.length > 1_000_000) throw new ConfigError(['yaml: must be at most 1 MB']);
        compileSweepYaml(yaml);
        accidentallyValid++;
        continue;
      } catch (err) {
        expect(err, `${kind} #${i} threw a non-ConfigError`).toBeInstanceOf(ConfigError);
        expected = (err as Error).message;
      }
      cases.push({ kind, yaml, expected });
    }

    const byKind: Record<string, number> = {};
    const failures: string[] = [];
    const started = performance.now();
    await pool(cases, 16, async ({ kind, yaml, expected }, i) => {
      tally(byKind, kind);
      const err = await unary(sweeps, 'submitSweep', { yaml }, 30_000).then(() => undefined, (e: unknown) => e);
      if (!(err instanceof ConfigError)) return void failures.push(`${kind} #${i}: ${err === undefined ? 'accepted' : String(err)}`);
      // Very deep nesting ends in the YAML parser's own stack guard, which trips at a depth (and reports a column)
      // that depends on the stack left to the caller: the server may stop a little earlier or later than this test.
      // There any precise error will do (checked below); everywhere else the very same words.
      const same = kind === 'deep-nesting' || err.message === expected;
      if (!same) return void failures.push(`${kind} #${i}: "${err.message}" ≠ "${expected}"`);
      const unnamed = err.issues.filter((line) => !SWEEP_LINE.test(line));
      if (unnamed.length > 0) failures.push(`${kind} #${i}: names no field: ${unnamed[0]}`);
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${cases.length} malformed sweep files → ${cases.length - failures.length} INVALID_ARGUMENT naming the field (${format(byKind)}); ${accidentallyValid} valid mutations skipped; ${seconds.toFixed(1)} s`);
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(1000);

    expect((await unary(sweeps, 'listSweeps', {})).sweeps).toEqual([]); // nothing written for any of them
  });

  it('rejects ≥ 1,000 malformed worker messages (raw protobuf bytes and well-typed invalid values) and keeps serving', async () => {
    const rand = new Rand(5_05_2026);
    const outcomes: Record<string, number> = {};
    const failures: string[] = [];
    const started = performance.now();

    const rawCases = Array.from({ length: RAW_MESSAGES }, () => rawWorkerMessage(rand));
    await pool(rawCases, 16, async ({ method, kind, bytes }, i) => {
      const err = await rawCall(raw, method, bytes);
      if (err === null) return void failures.push(`raw ${kind} ${method} #${i} (${bytes.toString('hex')}): accepted`);
      if (err.code === grpc.status.INTERNAL && /^Error deserializing request/.test(err.details)) return void tally(outcomes, 'raw → INTERNAL (undecodable)');
      if (err.code === grpc.status.INVALID_ARGUMENT && err.details.split('\n').every((l) => FIELD_LINE.test(l))) return void tally(outcomes, 'raw → INVALID_ARGUMENT (field named)');
      failures.push(`raw ${kind} ${method} #${i} (${bytes.toString('hex')}): ${grpc.status[err.code]} ${err.details}`);
    });

    const typedCases = Array.from({ length: TYPED_MESSAGES }, () => invalidTypedRequest(rand));
    await pool(typedCases, 16, async ({ method, field, request }, i) => {
      const call = unary as (client: WorkerServiceClient, method: string, request: unknown, timeoutMs?: number) => Promise<unknown>;
      const err = await call(workers, method, request, 30_000).then(() => undefined, (e: unknown) => e);
      if (!(err instanceof ConfigError)) return void failures.push(`typed ${method}.${field} #${i}: ${err === undefined ? 'accepted' : String(err)}`);
      if (!err.issues.every((l) => FIELD_LINE.test(l)) || !err.issues.some((l) => l.startsWith(field))) return void failures.push(`typed ${method}.${field} #${i}: "${err.message}" does not name ${field}`);
      tally(outcomes, 'typed → INVALID_ARGUMENT (field named)');
    });
    const seconds = (performance.now() - started) / 1000;
    const total = RAW_MESSAGES + TYPED_MESSAGES;
    console.log(`fuzz: ${total} malformed worker messages (${RAW_MESSAGES} raw protobuf, ${TYPED_MESSAGES} well-typed invalid) → ${format(outcomes)}; ${failures.length} wrong; ${seconds.toFixed(1)} s`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(1000);

    // Still serving: valid calls succeed, and nothing reached the database.
    const registered = await unary(workers, 'register', validTypedRequest('register') as never);
    expect(registered.workerId).not.toBe('');
    expect((await unary(workers, 'leaseTasks', { workerId: registered.workerId, maxTasks: 1 })).tasks).toEqual([]);
    expect((await unary(sweeps, 'listSweeps', {})).sweeps).toEqual([]);
    const submitted = await unary(sweeps, 'submitSweep', { yaml: VALID_SWEEP });
    expect(submitted.created).toBe(true);
    expect((await unary(sweeps, 'listSweeps', {})).sweeps.map((s) => s.name)).toEqual(['fuzz-base']);
  });
});
