import { describe, expect, it } from 'vitest';
import { philox4x32 } from './philox.js';
import { Rng, deriveKey } from './rng.js';

describe('philox4x32-10', () => {
  // Known-answer vectors of the Random123 distribution (kat_vectors, philox4x32 10 rounds).
  const cases: Array<[number[], number[], number[]]> = [
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ];
  it.each(cases)('matches the Random123 known answer for counter %j key %j', (counter, key, expected) => {
    const out = new Uint32Array(4);
    philox4x32(counter, key, out);
    expect(Array.from(out)).toEqual(expected);
  });
});

describe('Rng', () => {
  it('hands its normal stream over at block boundaries: normalCursor + resumeNormals continue draw for draw', () => {
    for (const taken of [0, 1, 2, 5]) {
      const reference = new Rng([7, 9]);
      const handed = new Rng([7, 9]);
      for (let i = 0; i < taken; i++) expect(handed.normal()).toBe(reference.normal());
      const cursor = handed.normalCursor();
      expect(cursor).toEqual({ key: [7, 9], block: Math.ceil(taken / 2), spare: taken % 2 ? expect.any(Number) : null });
      // a bulk consumer draws 3 normals from the cursor (here: a copy of the stream), then hands the stream back
      const consumer = new Rng([7, 9]);
      for (let i = 0; i < taken + 3; i++) consumer.normal();
      const after = consumer.normalCursor();
      if (!cursor || !after) throw new Error('streams of normals sit at block boundaries');
      handed.resumeNormals(after.block, after.spare);
      for (let i = 0; i < 3; i++) reference.normal();
      for (let i = 0; i < 4; i++) expect(handed.normal()).toBe(reference.normal());
    }
    const misaligned = new Rng([1, 2]);
    misaligned.nextUint32();
    expect(misaligned.normalCursor()).toBeNull();
    expect(() => misaligned.resumeNormals(-1, null)).toThrow(RangeError);
  });

  it('is a pure function of key and position', () => {
    const a = Rng.of('test', 1);
    const b = Rng.of('test', 1);
    const draws = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(draws);
    const c = Rng.of('test', 1);
    c.skipTo(7);
    expect(c.nextUint32()).toBe(draws[7]);
  });

  it('gives different streams for different keys and key order does not matter inside objects', () => {
    expect(deriveKey('a', 1)).not.toEqual(deriveKey('a', 2));
    expect(deriveKey({ x: 1, y: 2 })).toEqual(deriveKey({ y: 2, x: 1 }));
  });

  it('draws integers in range', () => {
    const rng = Rng.of('int');
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
    }
  });
});
