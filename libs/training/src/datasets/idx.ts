/**
 * Readers for the data formats users bring (SPEC §8): IDX (the original MNIST / Fashion-MNIST files, optionally
 * gzipped) and the CIFAR-10 binary batches. Pure byte parsing plus thin file helpers; no network.
 *
 * IDX: a 4-byte magic 0x00 0x00 <type> <rank>, then `rank` big-endian u32 dimensions, then the data row-major,
 * big-endian. Type codes: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from './dataset.js';

/** Thrown for bytes that are not a valid IDX / CIFAR-10 file; the message says what is wrong. */
export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
}

/** A parsed IDX tensor. `data` is a Uint8Array for type 0x08 (the MNIST case), else the matching typed array. */
export interface IdxTensor {
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const IDX_TYPES: Record<number, { bytes: number; name: string }> = {
  0x08: { bytes: 1, name: 'u8' },
  0x09: { bytes: 1, name: 'i8' },
  0x0b: { bytes: 2, name: 'i16' },
  0x0c: { bytes: 4, name: 'i32' },
  0x0d: { bytes: 4, name: 'f32' },
  0x0e: { bytes: 8, name: 'f64' },
};

/** True when `bytes` start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Parses IDX bytes (gunzipping first when they are gzip). `source` names the file in error messages. */
export function parseIdx(input: Uint8Array, source = 'IDX data'): IdxTensor {
  const bytes = isGzip(input) ? new Uint8Array(gunzipSync(input)) : input;
  if (bytes.length < 4) throw new DatasetFormatError(`${source}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new DatasetFormatError(`${source}: not an IDX file (magic must start with two zero bytes)`);
  const type = IDX_TYPES[bytes[2]];
  if (!type) throw new DatasetFormatError(`${source}: unknown IDX type code 0x${bytes[2].toString(16)}`);
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new DatasetFormatError(`${source}: truncated IDX header (rank ${rank})`);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((p, d) => p * d, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length !== expected) {
    throw new DatasetFormatError(`${source}: ${bytes.length} bytes, but dims [${dims.join(', ')}] of ${type.name} need ${expected}`);
  }
  const at = headerBytes;
  switch (bytes[2]) {
    case 0x08:
      return { dims, data: bytes.slice(at, expected) };
    case 0x09:
      return { dims, data: new Int8Array(bytes.slice(at, expected).buffer) };
    case 0x0b:
      return { dims, data: Int16Array.from({ length: count }, (_, i) => view.getInt16(at + 2 * i, false)) };
    case 0x0c:
      return { dims, data: Int32Array.from({ length: count }, (_, i) => view.getInt32(at + 4 * i, false)) };
    case 0x0d:
      return { dims, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i, false)) };
    default:
      return { dims, data: Float64Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, false)) };
  }
}

/** Encodes a u8 IDX file (rank = dims.length), for tests and tools. */
export function encodeIdxU8(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/**
 * A data set from an IDX image file (u8, [n, rows, cols] or [n, features]) and an IDX label file (u8, [n]). Pixels are
 * scaled to [0, 1] (÷ 255). `classes` defaults to max label + 1 (10 for MNIST-style files).
 */
export function datasetFromIdx(images: IdxTensor, labels: IdxTensor, classes?: number, source = 'IDX'): Dataset {
  if (!(images.data instanceof Uint8Array) || images.dims.length < 2) throw new DatasetFormatError(`${source}: images must be u8 with rank ≥ 2, got rank ${images.dims.length}`);
  if (!(labels.data instanceof Uint8Array) || labels.dims.length !== 1) throw new DatasetFormatError(`${source}: labels must be u8 with rank 1`);
  const n = images.dims[0];
  if (labels.dims[0] !== n) throw new DatasetFormatError(`${source}: ${n} images but ${labels.dims[0]} labels`);
  const features = images.dims.slice(1).reduce((p, d) => p * d, 1);
  const x = new Float32Array(n * features);
  for (let k = 0; k < x.length; k++) x[k] = images.data[k] / 255;
  const y = labels.data.slice();
  const classCount = classes ?? y.reduce((m, v) => Math.max(m, v + 1), 0);
  return { x, y, n, features, classes: classCount };
}

/** Reads an image + label IDX pair from files (each may be gzipped). */
export function readIdxDataset(imagesPath: string, labelsPath: string, classes?: number): Dataset {
  return datasetFromIdx(parseIdx(readFileSync(imagesPath), imagesPath), parseIdx(readFileSync(labelsPath), labelsPath), classes, `${imagesPath} + ${labelsPath}`);
}

/** CIFAR-10 binary: each record is 1 label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32×32). */
export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;
/** Features per CIFAR-10 image, channel-major as stored: [3, 32, 32]. */
export const CIFAR10_FEATURES = 3 * 32 * 32;

/**
 * Parses CIFAR-10 binary batches (`data_batch_*.bin`, `test_batch.bin`). Inputs are kept in the file's channel-major
 * layout (c, h, w) and scaled to [0, 1]; `toChannelsLast` converts to the (h, w, c) layout tf's conv2d uses.
 */
export function parseCifar10(bytes: Uint8Array, source = 'CIFAR-10 data'): Dataset {
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DatasetFormatError(`${source}: ${bytes.length} bytes is not a whole number of ${CIFAR10_RECORD_BYTES}-byte CIFAR-10 records`);
  }
  const n = bytes.length / CIFAR10_RECORD_BYTES;
  const x = new Float32Array(n * CIFAR10_FEATURES);
  const y = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const at = s * CIFAR10_RECORD_BYTES;
    const label = bytes[at];
    if (label > 9) throw new DatasetFormatError(`${source}: record ${s} has label ${label}, CIFAR-10 labels are 0–9`);
    y[s] = label;
    for (let k = 0; k < CIFAR10_FEATURES; k++) x[s * CIFAR10_FEATURES + k] = bytes[at + 1 + k] / 255;
  }
  return { x, y, n, features: CIFAR10_FEATURES, classes: 10 };
}

/** Reads and concatenates CIFAR-10 binary batch files. */
export function readCifar10(paths: readonly string[]): Dataset {
  const parts = paths.map((p) => parseCifar10(readFileSync(p), p));
  const n = parts.reduce((s, d) => s + d.n, 0);
  const x = new Float32Array(n * CIFAR10_FEATURES);
  const y = new Uint8Array(n);
  let offset = 0;
  for (const d of parts) {
    x.set(d.x, offset * CIFAR10_FEATURES);
    y.set(d.y, offset);
    offset += d.n;
  }
  return { x, y, n, features: CIFAR10_FEATURES, classes: 10 };
}

/** Reorders per-sample (c, h, w) inputs to (h, w, c). */
export function toChannelsLast(data: Dataset, channels: number, height: number, width: number): Dataset {
  if (channels * height * width !== data.features) throw new RangeError(`toChannelsLast: ${channels}×${height}×${width} ≠ ${data.features} features`);
  const x = new Float32Array(data.x.length);
  const plane = height * width;
  for (let s = 0; s < data.n; s++) {
    const base = s * data.features;
    for (let c = 0; c < channels; c++) for (let p = 0; p < plane; p++) x[base + p * channels + c] = data.x[base + c * plane + p];
  }
  return { ...data, x };
}
