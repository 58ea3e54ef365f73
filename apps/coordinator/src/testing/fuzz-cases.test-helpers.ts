import { parse, stringify } from 'yaml';

/** A small seeded generator (mulberry32): the fuzz cases are the same on every run, so a failure reproduces. */
export class Rand {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** A valid sweep file with every section, for the mutations to start from. */
export const VALID_SWEEP = `name: fuzz-base
description: a valid sweep the fuzzer mutates
seed: 2026
dataset: { name: mnist, trainSize: 100, testSize: 50, splitSeed: 1 }
network: { kind: mlp, hidden: [8], activation: relu }
training: { epochs: 1, batchSize: 32, learningRate: 0.002 }
methods: [baseline, drop-connect]
seeds: [1, 2]
grid:
  faultRate: [0, 0.1, 0.2]
  dropConnectRate: [0.2, 0.4]
  sigma: [0, 0.4]
  crossbarSize: 128
  width: 1
deployment:
  faultPreset: xiang2021
  model: { kind: weight-level }
trials: 4
shardSize: 2
maxAttempts: 3
`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** Every (container, key) pair in a parsed document, depth first. */
function slots(value: Json, out: Array<[Container, string | number]> = []): Array<[Container, string | number]> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value, k]);
      slots(v, out);
    }
  }
  return out;
}

const isLeaf = (v: Json) => v === null || typeof v !== 'object';
const WRONG_TYPES: Json[] = ['twelve', '', true, false, null, [], {}, { bogus: 1 }, [1, 'two'], -3, 0.5, 'null', '0x1g'];
const OUT_OF_RANGE = [-1, -0.001, -1e9, 1e12, 2 ** 53, 1e308, 0.5, 1.5, 4097, 100000, -0];
const NON_FINITE = ['.nan', '.inf', '-.inf'];

export type SweepMutation =
  | 'delete-key' | 'rename-key' | 'wrong-type' | 'out-of-range' | 'non-finite' | 'garbage-bytes' | 'garbage-splice'
  | 'truncate' | 'deep-nesting' | 'alias-bomb' | 'duplicate-key' | 'not-a-mapping' | 'oversize';

const MUTATIONS: readonly SweepMutation[] = [
  'delete-key', 'rename-key', 'wrong-type', 'wrong-type', 'out-of-range', 'out-of-range', 'non-finite', 'garbage-bytes',
  'garbage-splice', 'truncate', 'deep-nesting', 'alias-bomb', 'duplicate-key', 'not-a-mapping',
];

/** One malformed (or, rarely, accidentally valid: the caller checks) sweep file. */
export function mutateSweep(rand: Rand, index: number): { kind: SweepMutation; yaml: string } {
  // A few files over the 1 MB request limit; the rest from the structural and byte-level mutations.
  const kind: SweepMutation = index % 250 === 249 ? 'oversize' : rand.pick(MUTATIONS);
  const doc = parse(VALID_SWEEP) as Json;
  const all = slots(doc);
  const leaves = all.filter(([c, k]) => isLeaf((c as Record<string | number, Json>)[k]));
  const objectKeys = all.filter(([c]) => !Array.isArray(c)) as Array<[Record<string, Json>, string]>;
  switch (kind) {
    case 'delete-key': {
      const [c, k] = rand.pick(objectKeys);
      delete c[k];
      return { kind, yaml: stringify(doc) };
    }
    case 'rename-key': {
      const [c, k] = rand.pick(objectKeys);
      const renamed = rand.pick([`${k}s`, k.slice(0, -1), k.toUpperCase(), `${k}_`, `x${k}`, k.replace(/[aeiou]/, '')]);
      c[renamed === k ? `${k}x` : renamed] = c[k];
      delete c[k];
      return { kind, yaml: stringify(doc) };
    }
    case 'wrong-type': {
      const [c, k] = rand.pick(leaves);
      const original = (c as Record<string | number, Json>)[k];
      let replacement = rand.pick(WRONG_TYPES);
      if (typeof replacement === typeof original && !(replacement !== null && typeof replacement === 'object')) replacement = { bogus: original };
      (c as Record<string | number, Json>)[k] = replacement;
      return { kind, yaml: stringify(doc) };
    }
    case 'out-of-range': {
      const numeric = leaves.filter(([c, k]) => typeof (c as Record<string | number, Json>)[k] === 'number');
      const [c, k] = rand.pick(numeric);
      (c as Record<string | number, Json>)[k] = rand.pick(OUT_OF_RANGE);
      return { kind, yaml: stringify(doc) };
    }
    case 'non-finite': {
      // YAML's own spellings of NaN and ±infinity, which JSON cannot express: substituted into the text.
      const numbers = [...VALID_SWEEP.matchAll(/(?<=[\s[,:])\d+(\.\d+)?(?=[\s,\]}])/g)];
      const m = rand.pick(numbers);
      return { kind, yaml: VALID_SWEEP.slice(0, m.index) + rand.pick(NON_FINITE) + VALID_SWEEP.slice(m.index! + m[0].length) };
    }
    case 'garbage-bytes':
      return { kind, yaml: rand.bytes(rand.int(1, 2000)).toString(rand.pick(['latin1', 'utf8'] as const)) };
    case 'garbage-splice': {
      const at = rand.int(0, VALID_SWEEP.length);
      return { kind, yaml: VALID_SWEEP.slice(0, at) + rand.bytes(rand.int(1, 40)).toString('latin1') + VALID_SWEEP.slice(at) };
    }
    case 'truncate':
      return { kind, yaml: VALID_SWEEP.slice(0, rand.int(1, VALID_SWEEP.length - 20)) };
    case 'deep-nesting': {
      // Either well within the parser's stack (a schema error) or beyond it (the parser's own guard trips).
      const depth = rand.next() < 0.5 ? rand.int(20, 200) : rand.int(1000, 1500);
      const open = rand.pick(['[', '{a: ', '{ "k": [']);
      const close = open === '[' ? ']' : open === '{a: ' ? '}' : ']}';
      const nest = open.repeat(depth) + '0' + close.repeat(depth);
      const where = rand.pick(['top', 'grid', 'network']);
      if (where === 'top') return { kind, yaml: nest };
      if (where === 'grid') return { kind, yaml: VALID_SWEEP.replace('faultRate: [0, 0.1, 0.2]', `faultRate: ${nest}`) };
      return { kind, yaml: VALID_SWEEP.replace('hidden: [8]', `hidden: ${nest}`) };
    }
    case 'alias-bomb': {
      // "Billion laughs": each level refers to the previous one `fan` times.
      const fan = rand.int(3, 10);
      const levels = rand.int(3, 9);
      const lines = [`l0: &l0 [${Array(fan).fill('"lol"').join(', ')}]`];
      for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(fan).fill(`*l${i - 1}`).join(', ')}]`);
      const bomb = lines.join('\n');
      return { kind, yaml: rand.next() < 0.5 ? `${bomb}\n` : `${VALID_SWEEP}x-bomb:\n  ${bomb.replace(/\n/g, '\n  ')}\n` };
    }
    case 'duplicate-key': {
      const line = rand.pick(VALID_SWEEP.split('\n').filter((l) => /^\w+:/.test(l)));
      return { kind, yaml: `${VALID_SWEEP}${line}\n` };
    }
    case 'not-a-mapping':
      return { kind, yaml: rand.pick(['42', '- a\n- b\n', '"just a string"', 'null', '~', '[1, 2, 3]', 'true', '---\n...\n', '# only a comment\n', '!!binary aGVsbG8=']) };
    case 'oversize':
      return { kind, yaml: `${VALID_SWEEP}description: ${'x'.repeat(1_000_001)}\n` };
  }
}

// ---- Worker RPC messages ----------------------------------------------------------------------------------------

/** The WorkerService methods and, per field, its number and wire type (0 varint, 1 fixed64, 2 length-delimited). */
export const WORKER_METHODS: Record<string, Array<{ field: number; wire: 0 | 1 | 2 }>> = {
  Register: [{ field: 1, wire: 2 }, { field: 2, wire: 0 }, { field: 3, wire: 2 }, { field: 4, wire: 2 }],
  LeaseTasks: [{ field: 1, wire: 2 }, { field: 2, wire: 0 }],
  Heartbeat: [{ field: 1, wire: 2 }, { field: 2, wire: 2 }],
  CompleteTraining: [1, 2, 3, 4, 5, 6].map((field) => ({ field, wire: 2 as const })).concat([{ field: 7, wire: 1 }]),
  CompleteEvaluation: [{ field: 1, wire: 2 }, { field: 2, wire: 2 }, { field: 3, wire: 2 }, { field: 4, wire: 1 }],
  CompleteEvaluations: [{ field: 1, wire: 2 }, { field: 2, wire: 2 }, { field: 3, wire: 0 }],
  FailTask: [{ field: 1, wire: 2 }, { field: 2, wire: 2 }, { field: 3, wire: 2 }, { field: 4, wire: 0 }],
  ReleaseTasks: [{ field: 1, wire: 2 }, { field: 2, wire: 2 }],
  GetArtifact: [{ field: 1, wire: 2 }],
};

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function encodeField(field: number, wire: number, rand: Rand): number[] {
  const tag = varint((field << 3) | wire);
  switch (wire) {
    case 0:
      return [...tag, ...varint(rand.pick([0, 1, 2 ** 31, 2 ** 32 - 1, rand.int(0, 2 ** 32 - 1)]))];
    case 1:
      return [...tag, ...rand.bytes(8)];
    case 5:
      return [...tag, ...rand.bytes(4)];
    default: {
      const body = rand.bytes(rand.int(0, 30));
      return [...tag, ...varint(body.length), ...body];
    }
  }
}

export type RawMutation = 'random-bytes' | 'wrong-wire-type' | 'truncated' | 'bad-length' | 'invalid-utf8' | 'unknown-wire-type' | 'huge-field-number';

/**
 * Raw protobuf bytes for one WorkerService method. Every case ends with a correctly encoded field that breaks a
 * required value (proto3: the last occurrence of a scalar wins) unless its bytes are undecodable anyway, so no case
 * can pass validation by luck.
 */
export function rawWorkerMessage(rand: Rand): { method: string; kind: RawMutation; bytes: Buffer } {
  const method = rand.pick(Object.keys(WORKER_METHODS));
  const fields = WORKER_METHODS[method];
  const kind = rand.pick<RawMutation>(['random-bytes', 'wrong-wire-type', 'wrong-wire-type', 'truncated', 'bad-length', 'invalid-utf8', 'unknown-wire-type', 'huge-field-number']);
  let body: number[] = [];
  switch (kind) {
    case 'random-bytes':
      body = [...rand.bytes(rand.int(1, 64))];
      break;
    case 'wrong-wire-type': {
      // A known field number with a wire type its declared type does not use.
      const f = rand.pick(fields);
      const wrong = rand.pick([0, 1, 2, 5].filter((w) => w !== f.wire));
      body = encodeField(f.field, wrong, rand);
      break;
    }
    case 'truncated': {
      const full = fields.flatMap((f) => encodeField(f.field, f.wire, rand));
      body = full.slice(0, rand.int(1, Math.max(1, full.length - 1)));
      break;
    }
    case 'bad-length': {
      // A length prefix larger than what follows.
      const f = rand.pick(fields.filter((x) => x.wire === 2).concat([{ field: 1, wire: 2 }]));
      body = [...varint((f.field << 3) | 2), ...varint(rand.int(40, 2 ** 28)), ...rand.bytes(rand.int(0, 20))];
      break;
    }
    case 'invalid-utf8': {
      const body8 = [0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc];
      const f = rand.pick(fields.filter((x) => x.wire === 2));
      body = [...varint((f.field << 3) | 2), ...varint(body8.length), ...body8];
      break;
    }
    case 'unknown-wire-type':
      // Wire types 6 and 7 do not exist; 3 and 4 are the deprecated groups.
      body = [...varint((rand.pick(fields).field << 3) | rand.pick([3, 4, 6, 7])), ...rand.bytes(rand.int(0, 8))];
      break;
    case 'huge-field-number':
      body = [...varint(((2 ** 29 - rand.int(1, 100)) * 8) | 0), ...rand.bytes(rand.int(0, 8))];
      break;
  }
  return { method, kind, bytes: Buffer.from([...body, ...breakRequired(method)]) };
}

/** A correctly encoded field that makes the request invalid: an empty required id, 0 threads, a short hash. */
function breakRequired(method: string): number[] {
  switch (method) {
    case 'Register':
      return [0x10, 0x00]; // threads = 0
    case 'GetArtifact':
      return [0x0a, 0x01, 0x7a]; // hash = "z"
    default:
      return [0x0a, 0x00]; // worker_id = ""
  }
}

// ---- Well-typed but invalid values --------------------------------------------------------------------------------

const HASH = 'a'.repeat(64);
const VALID_REQUESTS: Record<string, Record<string, unknown>> = {
  register: { hostname: 'host', threads: 2, version: '0.1.0', workerId: '' },
  leaseTasks: { workerId: 'fuzz-worker', maxTasks: 2 },
  heartbeat: { workerId: 'fuzz-worker', taskIds: ['t1'] },
  completeTraining: { workerId: 'fuzz-worker', taskId: 't1', artifactHash: HASH, artifact: Buffer.from('model'), backend: 'cpu', metaJson: '{}', seconds: 1 },
  completeEvaluation: { workerId: 'fuzz-worker', taskId: 't1', trials: [{ trial: 0, correct: 3, total: 4 }], seconds: 1 },
  completeEvaluations: { workerId: 'fuzz-worker', results: [{ taskId: 't1', trials: [{ trial: 0, correct: 3, total: 4 }], seconds: 1 }], leaseMaxTasks: 2 },
  failTask: { workerId: 'fuzz-worker', taskId: 't1', error: 'boom', retryable: true },
  releaseTasks: { workerId: 'fuzz-worker', taskIds: ['t1'] },
  getArtifact: { hash: HASH },
};

const long = (n: number) => 'x'.repeat(n);
const BAD_VALUES: Record<string, (rand: Rand) => unknown> = {
  workerId: (r) => r.pick(['', long(r.int(201, 2000))]),
  taskId: (r) => r.pick(['', long(r.int(201, 2000))]),
  maxTasks: (r) => r.pick([0, 1025, 2 ** 32 - 1, r.int(1025, 2 ** 31)]),
  leaseMaxTasks: (r) => r.pick([1025, 2 ** 32 - 1, r.int(1025, 2 ** 31)]),
  results: (r) =>
    r.pick([
      Array.from({ length: 1025 }, (_, i) => ({ taskId: `t${i}`, trials: [{ trial: 0, correct: 1, total: 2 }], seconds: 0 })),
      [{ taskId: '', trials: [{ trial: 0, correct: 1, total: 2 }], seconds: 0 }],
      [{ taskId: 't1', trials: [], seconds: 0 }],
      [{ taskId: 't1', trials: [{ trial: 0, correct: 3, total: 2 }], seconds: 0 }],
      [{ taskId: 't1', trials: [{ trial: 0, correct: 1, total: 2 }], seconds: -1 }],
    ]),
  threads: (r) => r.pick([0, 1025, 2 ** 32 - 1]),
  hostname: (r) => long(r.int(256, 5000)),
  version: (r) => long(r.int(101, 1000)),
  taskIds: (r) => r.pick([[''], ['ok', long(201)], Array.from({ length: 10_001 }, (_, i) => `t${i}`)]),
  artifactHash: (r) => r.pick(['', 'A'.repeat(64), 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), ' '.repeat(64)]),
  hash: (r) => r.pick(['', 'A'.repeat(64), 'z'.repeat(64), 'a'.repeat(63), '../'.repeat(21) + 'a']),
  artifact: () => Buffer.alloc(0),
  backend: (r) => r.pick(['', long(51)]),
  metaJson: (r) => r.pick(['', 'not json', '[]', 'null', '42', '"text"', '{', long(1_000_001)]),
  seconds: (r) => r.pick([-1, -1e-9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e8]),
  trials: (r) =>
    r.pick([
      [],
      [{ trial: 0, correct: 5, total: 4 }],
      [{ trial: 0, correct: 0, total: 0 }],
      [{ trial: 2 ** 32 - 1, correct: 1, total: 2 }],
      [{ trial: 0, correct: 1, total: 2 }, { trial: 1, correct: 3, total: 2 }],
    ]),
  error: (r) => long(r.int(10_001, 20_000)),
};

/** A request of the right shape with one field set to a value the schema refuses; `field` is what the error must name. */
export function invalidTypedRequest(rand: Rand): { method: string; field: string; request: Record<string, unknown> } {
  const method = rand.pick(Object.keys(VALID_REQUESTS));
  const request = { ...VALID_REQUESTS[method] };
  const field = rand.pick(Object.keys(request).filter((k) => k in BAD_VALUES));
  // Register takes an empty workerId (first contact); only an over-long one is wrong there.
  request[field] = method === 'register' && field === 'workerId' ? long(rand.int(201, 2000)) : BAD_VALUES[field](rand);
  return { method, field, request };
}

/** The valid request of a method, to prove the coordinator still serves. */
export function validTypedRequest(method: string): Record<string, unknown> {
  return { ...VALID_REQUESTS[method] };
}
