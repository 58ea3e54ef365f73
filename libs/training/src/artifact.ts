/**
 * A trained model as bytes: a small self-describing binary format, exact on round trip. The caller content-addresses
 * it (sha256 of the bytes); the header is canonical JSON, so equal models with equal metadata give equal bytes.
 *
 * Layout (all integers little-endian):
 *   0   8 bytes  magic "MSWMODEL"
 *   8   u32      format version (1)
 *   12  u32      header length H in bytes
 *   16  H bytes  UTF-8 canonical JSON {activation, layers: [{inputs, outputs}], meta}
 *   …   0–3 zero bytes, so the payload starts at a multiple of 4
 *   …   float32 payload: for each layer its weights (row-major inputs × outputs), then its bias
 * The file ends exactly at the end of the payload.
 *
 * Version 2 holds a `NetworkSpec` network (convolutions, batch norm; `encodeNetwork` / `decodeNetwork`): same preamble and
 * alignment, header canonical JSON {network, meta}, payload per layer with parameters, in spec order: weights (conv
 * kernel [kh, kw, cin, cout] or dense [in, out], row-major), bias, then for batch-norm layers γ, β, running mean, running
 * variance. MLPs are still written as version 1 (so existing artifacts and their content hashes stay valid);
 * `decodeArtifact` reads both.
 */
import { canonicalJson, type DenseLayer } from '@memsweep/crossbar';
import type { Activation } from './mlp.js';
import { initNetworkParams, networkGeometry, type LayerParams, type NetworkParams, type NetworkSpec } from './network.js';

/** What an artifact holds. `meta` is free JSON (training config, data set info, backend, …). */
export interface ModelArtifact {
  layers: DenseLayer[];
  activation: Activation;
  meta: Record<string, unknown>;
}

/** Thrown by `decodeModel` for bytes that are not a complete, valid artifact. */
export class ModelArtifactError extends Error {
  override name = 'ModelArtifactError';
}

const MAGIC = new TextEncoder().encode('MSWMODEL');
/** Format version of MLP artifacts; `decodeModel` refuses any other. */
export const MODEL_FORMAT_VERSION = 1;
/** Format version of `NetworkSpec` artifacts. */
export const NETWORK_FORMAT_VERSION = 2;
const PREAMBLE_BYTES = MAGIC.length + 8;
const FLOAT_BYTES = 4;
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Header {
  activation: Activation;
  layers: { inputs: number; outputs: number }[];
  meta: Record<string, unknown>;
}

/** Encodes a model; throws a `RangeError` if a layer's arrays do not match its shape. */
export function encodeModel(model: ModelArtifact): Uint8Array {
  model.layers.forEach((layer, l) => {
    if (layer.weights.length !== layer.inputs * layer.outputs || layer.bias.length !== layer.outputs) {
      throw new RangeError(`encodeModel: layer ${l} arrays do not match its ${layer.inputs} × ${layer.outputs} shape`);
    }
  });
  const header: Header = { activation: model.activation, layers: model.layers.map(({ inputs, outputs }) => ({ inputs, outputs })), meta: model.meta };
  const headerBytes = new TextEncoder().encode(canonicalJson(header));
  const payloadStart = alignTo4(PREAMBLE_BYTES + headerBytes.length);
  const floats = payloadFloats(header.layers);
  const bytes = new Uint8Array(payloadStart + floats * FLOAT_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(MAGIC.length, MODEL_FORMAT_VERSION, true);
  view.setUint32(MAGIC.length + 4, headerBytes.length, true);
  bytes.set(headerBytes, PREAMBLE_BYTES);
  let offset = payloadStart;
  for (const layer of model.layers) {
    offset = writeFloats(bytes, offset, layer.weights);
    offset = writeFloats(bytes, offset, layer.bias);
  }
  return bytes;
}

/** Decodes an artifact; throws `ModelArtifactError` saying what is wrong with truncated, foreign or corrupt bytes. */
export function decodeModel(bytes: Uint8Array): ModelArtifact {
  if (bytes.length < PREAMBLE_BYTES) throw new ModelArtifactError(`not a model artifact: ${bytes.length} bytes is shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new ModelArtifactError('not a model artifact: missing the "MSWMODEL" magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version === NETWORK_FORMAT_VERSION) throw new ModelArtifactError('this is a network artifact (version 2): read it with decodeNetwork or decodeArtifact');
  if (version !== MODEL_FORMAT_VERSION) throw new ModelArtifactError(`unsupported model artifact version ${version} (this build reads versions ${MODEL_FORMAT_VERSION} and ${NETWORK_FORMAT_VERSION})`);
  const headerLength = view.getUint32(MAGIC.length + 4, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw new ModelArtifactError(`truncated model artifact: header of ${headerLength} bytes runs past the end (${bytes.length} bytes)`);
  const header = parseHeader(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));
  const payloadStart = alignTo4(PREAMBLE_BYTES + headerLength);
  const expectedLength = payloadStart + payloadFloats(header.layers) * FLOAT_BYTES;
  if (bytes.length !== expectedLength) {
    const problem = bytes.length < expectedLength ? 'truncated model artifact' : 'model artifact has trailing bytes';
    throw new ModelArtifactError(`${problem}: ${bytes.length} bytes, the header describes ${expectedLength}`);
  }
  let offset = payloadStart;
  const layers = header.layers.map(({ inputs, outputs }) => {
    const weights = readFloats(bytes, offset, inputs * outputs);
    offset += weights.byteLength;
    const bias = readFloats(bytes, offset, outputs);
    offset += bias.byteLength;
    return { inputs, outputs, weights, bias };
  });
  return { layers, activation: header.activation, meta: header.meta };
}

function parseHeader(headerBytes: Uint8Array): Header {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new ModelArtifactError(`corrupt model artifact: header is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const header = parsed as Partial<Header> | null;
  if (header === null || typeof header !== 'object') throw new ModelArtifactError('corrupt model artifact: header is not a JSON object');
  if (header.activation !== 'sigmoid' && header.activation !== 'relu') throw new ModelArtifactError(`corrupt model artifact: unknown activation ${JSON.stringify(header.activation)}`);
  if (header.meta === null || typeof header.meta !== 'object' || Array.isArray(header.meta)) throw new ModelArtifactError('corrupt model artifact: meta is not a JSON object');
  if (!Array.isArray(header.layers)) throw new ModelArtifactError('corrupt model artifact: layers is not an array');
  header.layers.forEach((layer, l) => {
    const ok = layer !== null && typeof layer === 'object' && isCount(layer.inputs) && isCount(layer.outputs);
    if (!ok) throw new ModelArtifactError(`corrupt model artifact: layer ${l} shape is not two non-negative integers`);
  });
  return header as Header;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function payloadFloats(layers: readonly { inputs: number; outputs: number }[]): number {
  return layers.reduce((sum, { inputs, outputs }) => sum + inputs * outputs + outputs, 0);
}

function alignTo4(byteOffset: number): number {
  return Math.ceil(byteOffset / 4) * 4;
}

/** Writes little-endian float32s bit for bit (NaN payloads included); returns the offset after them. */
function writeFloats(bytes: Uint8Array, offset: number, values: Float32Array): number {
  if (HOST_IS_LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const raw = new Uint32Array(values.buffer, values.byteOffset, values.length);
    raw.forEach((word, i) => view.setUint32(offset + i * FLOAT_BYTES, word, true));
  }
  return offset + values.byteLength;
}

/** Reads `count` little-endian float32s into a fresh array (bit for bit). */
function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (HOST_IS_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + count * FLOAT_BYTES));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const raw = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) raw[i] = view.getUint32(offset + i * FLOAT_BYTES, true);
  }
  return out;
}

/** A trained `NetworkSpec` network as an artifact. */
export interface NetworkArtifact {
  network: NetworkSpec;
  params: NetworkParams;
  meta: Record<string, unknown>;
}

/** The arrays of one layer in payload order. */
function layerArrays(p: LayerParams): Float32Array[] {
  const bn = p.batchNorm;
  return [p.weights, p.bias, ...(bn ? [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance] : [])];
}

/** Encodes a network (format version 2); throws a `RangeError` if the params do not match the spec's shapes. */
export function encodeNetwork(artifact: NetworkArtifact): Uint8Array {
  const { network, params, meta } = artifact;
  const template = initNetworkParams(network, 0); // shapes only
  if (params.layers.length !== template.layers.length) throw new RangeError(`encodeNetwork: ${params.layers.length} layer entries for ${template.layers.length} spec layers`);
  const arrays: Float32Array[] = [];
  template.layers.forEach((expected, l) => {
    const got = params.layers[l];
    if (!expected || !got) {
      if (expected || got) throw new RangeError(`encodeNetwork: layer ${l} parameters present/absent against the spec`);
      return;
    }
    const want = layerArrays(expected);
    const have = layerArrays(got);
    if (want.length !== have.length || want.some((a, k) => a.length !== have[k].length)) throw new RangeError(`encodeNetwork: layer ${l} arrays do not match the spec's shapes`);
    arrays.push(...have);
  });
  const headerBytes = new TextEncoder().encode(canonicalJson({ network, meta }));
  const payloadStart = alignTo4(PREAMBLE_BYTES + headerBytes.length);
  const floats = arrays.reduce((sum, a) => sum + a.length, 0);
  const bytes = new Uint8Array(payloadStart + floats * FLOAT_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(MAGIC.length, NETWORK_FORMAT_VERSION, true);
  view.setUint32(MAGIC.length + 4, headerBytes.length, true);
  bytes.set(headerBytes, PREAMBLE_BYTES);
  let offset = payloadStart;
  for (const a of arrays) offset = writeFloats(bytes, offset, a);
  return bytes;
}

/** Decodes a version-2 network artifact; throws `ModelArtifactError` on anything else or corrupt bytes. */
export function decodeNetwork(bytes: Uint8Array): NetworkArtifact {
  if (bytes.length < PREAMBLE_BYTES || !MAGIC.every((b, i) => bytes[i] === b)) throw new ModelArtifactError('not a model artifact: missing the "MSWMODEL" magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version !== NETWORK_FORMAT_VERSION) throw new ModelArtifactError(`not a network artifact: version ${version} (networks are version ${NETWORK_FORMAT_VERSION})`);
  const headerLength = view.getUint32(MAGIC.length + 4, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw new ModelArtifactError(`truncated model artifact: header of ${headerLength} bytes runs past the end (${bytes.length} bytes)`);
  let header: { network?: NetworkSpec; meta?: Record<string, unknown> };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)));
  } catch (error) {
    throw new ModelArtifactError(`corrupt model artifact: header is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const network = header?.network;
  const meta = header?.meta;
  if (!network || network.kind !== 'network') throw new ModelArtifactError('corrupt network artifact: header has no network spec');
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new ModelArtifactError('corrupt model artifact: meta is not a JSON object');
  let template: NetworkParams;
  try {
    networkGeometry(network);
    template = initNetworkParams(network, 0);
  } catch (error) {
    throw new ModelArtifactError(`corrupt network artifact: ${error instanceof Error ? error.message : String(error)}`);
  }
  const payloadStart = alignTo4(PREAMBLE_BYTES + headerLength);
  const floats = template.layers.reduce((sum, p) => sum + (p ? layerArrays(p).reduce((s, a) => s + a.length, 0) : 0), 0);
  const expectedLength = payloadStart + floats * FLOAT_BYTES;
  if (bytes.length !== expectedLength) {
    const problem = bytes.length < expectedLength ? 'truncated model artifact' : 'model artifact has trailing bytes';
    throw new ModelArtifactError(`${problem}: ${bytes.length} bytes, the header describes ${expectedLength}`);
  }
  let offset = payloadStart;
  const next = (length: number) => {
    const a = readFloats(bytes, offset, length);
    offset += a.byteLength;
    return a;
  };
  const params: NetworkParams = {
    layers: template.layers.map((p) => {
      if (!p) return null;
      const layer: LayerParams = { weights: next(p.weights.length), bias: next(p.bias.length) };
      if (p.batchNorm) {
        const n = p.bias.length;
        layer.batchNorm = { gamma: next(n), beta: next(n), movingMean: next(n), movingVariance: next(n) };
      }
      return layer;
    }),
  };
  return { network, params, meta };
}

/** Reads either kind of artifact: version 1 (MLP) or version 2 (network). */
export function decodeArtifact(bytes: Uint8Array): ({ kind: 'mlp' } & ModelArtifact) | ({ kind: 'network' } & NetworkArtifact) {
  return isNetworkArtifact(bytes) ? { kind: 'network', ...decodeNetwork(bytes) } : { kind: 'mlp', ...decodeModel(bytes) };
}

/** Whether the bytes declare format version 2 (a `NetworkSpec` network); the bytes are not otherwise checked. */
export function isNetworkArtifact(bytes: Uint8Array): boolean {
  return bytes.length >= PREAMBLE_BYTES && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true) === NETWORK_FORMAT_VERSION;
}
