import { createHash } from 'node:crypto';
import { philox4x32 } from './philox.js';

/** A Philox key: two unsigned 32-bit words. */
export type RngKey = readonly [number, number];

/** One part of a key path: a name, a number, or a canonical-JSON-able object (e.g. a deployment config). */
export type KeyPart = string | number | boolean | null | { readonly [k: string]: unknown } | readonly unknown[];

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** Canonical JSON: object keys sorted, so logically equal configs give equal keys whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Derives a Philox key from a path of parts, e.g. `deriveKey('chip', sweepSeed, deployment, trial, layer, 'faults')`.
 * The key is the first 64 bits of SHA-256 over the canonical JSON of the path: stable across machines and versions.
 */
export function deriveKey(...parts: KeyPart[]): RngKey {
  const digest = createHash('sha256').update(canonicalJson(parts)).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
}

/**
 * A stream of random numbers over one key. Position i of the stream is block ⌊i/4⌋ word i mod 4, so the stream can
 * start anywhere (`skipTo`) and two streams with the same key agree draw for draw.
 */
export class Rng {
  private readonly key: RngKey;
  private readonly counter = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  private word = 4;
  private spareNormal: number | null = null;

  constructor(key: RngKey) {
    this.key = [key[0] >>> 0, key[1] >>> 0];
  }

  /** Shorthand for `new Rng(deriveKey(...parts))`. */
  static of(...parts: KeyPart[]): Rng {
    return new Rng(deriveKey(...parts));
  }

  /** Moves the stream to 32-bit word `index` (any non-negative integer below 2^53). */
  skipTo(index: number): void {
    const blockIndex = Math.floor(index / 4);
    this.counter[0] = blockIndex % TWO_POW_32;
    this.counter[1] = Math.floor(blockIndex / TWO_POW_32);
    this.word = 4;
    this.spareNormal = null;
    this.refill();
    this.word = index % 4;
  }

  private refill(): void {
    philox4x32(this.counter, this.key, this.block);
    this.counter[0] = (this.counter[0] + 1) >>> 0;
    if (this.counter[0] === 0) this.counter[1] = (this.counter[1] + 1) >>> 0;
    this.word = 0;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    if (this.word === 4) this.refill();
    return this.block[this.word++];
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling), for n ≤ 2^32. */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal draw by the Box–Muller transform (exact; every draw uses fresh bits, no table tricks). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(angle);
    return r * Math.cos(angle);
  }

  /**
   * Where a bulk consumer of normals (a native column engine) may take over: the key, the next Philox block and the
   * spare normal — or null unless the stream sits at a block boundary, as it does when only `normal()` draws from it
   * (each pair of normals uses one block: u₁ from words 0–1, u₂ from words 2–3, cos first, sin spare).
   */
  normalCursor(): { key: RngKey; block: number; spare: number | null } | null {
    if (this.word !== 4) return null;
    return { key: this.key, block: this.counter[0] + this.counter[1] * TWO_POW_32, spare: this.spareNormal };
  }

  /** Continues after a bulk consumer drew normals from `normalCursor()`: the next block and the spare it left. */
  resumeNormals(block: number, spare: number | null): void {
    if (!(Number.isInteger(block) && block >= 0 && block < 2 ** 53)) throw new RangeError(`resumeNormals: block must be an integer in [0, 2^53), got ${block}`);
    this.counter[0] = block % TWO_POW_32;
    this.counter[1] = Math.floor(block / TWO_POW_32);
    this.word = 4;
    this.spareNormal = spare;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Fills `out` with uniform draws in [0, 1). */
  fillUniform(out: Float32Array | Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
  }

  /** Fills `out` with standard normal draws. */
  fillNormal(out: Float32Array | Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[] | Uint32Array | Int32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }
}
