import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, ModelArtifactError, type ModelArtifact } from './artifact.js';

const model: ModelArtifact = {
  activation: 'sigmoid',
  layers: [
    { inputs: 3, outputs: 2, weights: Float32Array.of(0.1, -0.2, 1e-30, -0, Number.NaN, 3.4e38), bias: Float32Array.of(0.5, -1.5) },
    { inputs: 2, outputs: 1, weights: Float32Array.of(Math.PI, -Infinity), bias: Float32Array.of(0) },
  ],
  meta: { method: { name: 'drop-connect', rate: 0.5 }, seed: 7, dataset: 'mnist' },
};
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('encodeModel / decodeModel', () => {
  it('round-trips bit for bit (−0, NaN, ±∞ included)', () => {
    const decoded = decodeModel(encodeModel(model));
    expect(decoded.activation).toBe('sigmoid');
    expect(decoded.meta).toEqual(model.meta);
    expect(decoded.layers.map((l) => [l.inputs, l.outputs])).toEqual([[3, 2], [2, 1]]);
    decoded.layers.forEach((layer, l) => {
      expect(bits(layer.weights)).toEqual(bits(model.layers[l].weights));
      expect(bits(layer.bias)).toEqual(bits(model.layers[l].bias));
    });
  });

  it('gives the same bytes (and hash) whatever the key order of meta', () => {
    const reordered = { ...model, meta: { seed: 7, dataset: 'mnist', method: { rate: 0.5, name: 'drop-connect' } } };
    const hash = (m: ModelArtifact) => createHash('sha256').update(encodeModel(m)).digest('hex');
    expect(hash(reordered)).toBe(hash(model));
  });

  it('decodes from a view into a larger buffer (e.g. a database blob)', () => {
    const bytes = encodeModel(model);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    expect(bits(decodeModel(padded.subarray(3, 3 + bytes.length)).layers[0].weights)).toEqual(bits(model.layers[0].weights));
  });

  it('rejects truncated, padded, foreign and corrupt bytes with a clear error', () => {
    const bytes = encodeModel(model);
    const reject = (b: Uint8Array, message: RegExp) => {
      expect(() => decodeModel(b)).toThrow(ModelArtifactError);
      expect(() => decodeModel(b)).toThrow(message);
    };
    reject(bytes.subarray(0, 5), /shorter than the 16-byte preamble/);
    reject(bytes.subarray(0, bytes.length - 4), /truncated model artifact/);
    reject(bytes.subarray(0, 30), /truncated model artifact: header/);
    reject(Uint8Array.from([...bytes, 0]), /trailing bytes/);
    reject(new TextEncoder().encode('{"layers": [], "activation": "relu"}'), /magic/);
    const wrongVersion = bytes.slice();
    wrongVersion[8] = 99;
    reject(wrongVersion, /unsupported model artifact version 99/);
    const badJson = bytes.slice();
    badJson[16] = 0x7d; // '}' where '{' belongs
    reject(badJson, /header is not UTF-8 JSON/);
  });

  it('refuses to encode a layer whose arrays do not match its shape', () => {
    const broken = { ...model, layers: [{ ...model.layers[0], inputs: 4 }] };
    expect(() => encodeModel(broken)).toThrow(/layer 0 arrays do not match its 4 × 2 shape/);
  });
});
