import { describe, expect, it } from 'vitest';
import { randomLayer } from '../analog/analog.test-helpers.js';
import { ANALOG_MAPPING } from '../analog/technology.js';
import { NO_CHIP_CORNER } from '../analog/variation.js';
import { NO_PARASITICS } from '../analog/parasitics.js';
import { denseForward } from '../deploy-network.js';
import { Rng } from '../rng/rng.js';
import { convKernelAsCrossbar, convOnCrossbar, convOutputSize, foldBatchNorm, im2colPatches, type ConvShape } from './conv-crossbar.js';
import { convDeploymentProblem, deployConvCrossbars } from './deploy-conv.js';

const chip = ['chip', 7, { spec: 'conv' }, 0];

/** Direct NHWC convolution, written independently of im2col: the reference the crossbar must match. */
function directConv(input: Float32Array, kernel: Float32Array, bias: Float32Array, s: ConvShape): Float32Array {
  const { inputHeight: h, inputWidth: w, inputChannels: cin, kernelSize: k, outputChannels: cout } = s;
  const { height: oh, width: ow } = convOutputSize(s);
  const pad = s.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
  const batch = input.length / (h * w * cin);
  const out = new Float32Array(batch * oh * ow * cout);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < cout; o++) {
          let acc = bias[o];
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++)
              for (let c = 0; c < cin; c++) {
                const y = oy + ky - pad;
                const x = ox + kx - pad;
                if (y < 0 || y >= h || x < 0 || x >= w) continue;
                acc += input[((b * h + y) * w + x) * cin + c] * kernel[((ky * k + kx) * cin + c) * cout + o];
              }
          out[((b * oh + oy) * ow + ox) * cout + o] = acc;
        }
  return out;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('conv layers on crossbars ([C] §II-B)', () => {
  const shape: ConvShape = { inputHeight: 6, inputWidth: 5, inputChannels: 2, kernelSize: 3, outputChannels: 4, padding: 'same' };
  const bank = randomLayer(3 * 3 * 2, 4, 'conv-bank');
  const input = new Float32Array(2 * 6 * 5 * 2);
  Rng.of('spec', 'conv-input').fillNormal(input);

  it('is one (k·k·cin) × cout crossbar read once per im2col patch: equals the direct convolution, same and valid', () => {
    for (const padding of ['same', 'valid'] as const) {
      const s = { ...shape, padding };
      const layer = convKernelAsCrossbar(bank.weights, bank.bias, s);
      expect([layer.inputs, layer.outputs]).toEqual([18, 4]);
      const out = convOnCrossbar(input, s, (patches) => denseForward(layer, patches));
      expect(maxAbsDiff(out, directConv(input, bank.weights, bank.bias, s))).toBeLessThan(1e-5);
      const { height, width } = convOutputSize(s);
      expect(im2colPatches(input, s).length).toBe(2 * height * width * 18);
    }
  });

  it('deployed with zero faults and σ = 0 equals the ideal conv: weight-level bit for bit, analog (no levels, ideal wires) to rounding', () => {
    const layer = convKernelAsCrossbar(bank.weights, bank.bias, shape);
    const ideal = directConv(input, bank.weights, bank.bias, shape);
    const weightLevel = deployConvCrossbars([layer], { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, crossbarSize: 8, model: { kind: 'weight-level', stuckOnValue: 'signed-max' } }, chip)[0];
    expect(weightLevel.weights).toEqual(layer.weights);
    expect(maxAbsDiff(convOnCrossbar(input, shape, (p) => denseForward(weightLevel, p)), ideal)).toBeLessThan(1e-5);
    const analogModel = {
      kind: 'analog' as const,
      preset: null,
      mapping: { ...ANALOG_MAPPING },
      parasitics: { ...NO_PARASITICS },
      chipCorner: { ...NO_CHIP_CORNER },
      columnNoise: 0,
    };
    const analog = deployConvCrossbars([layer], { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, crossbarSize: 8, model: analogModel }, chip)[0];
    expect(maxAbsDiff(convOnCrossbar(input, shape, (p) => denseForward(analog, p)), ideal)).toBeLessThan(1e-4);
  });

  it('draws stuck-at faults per kernel-bank cell at the configured rates (MC frequency vs the analytic probability)', () => {
    const big = randomLayer(5 * 5 * 16, 32, 'conv-big'); // 400 × 32 kernel bank + bias row = 12,832 cells
    const s: ConvShape = { inputHeight: 10, inputWidth: 10, inputChannels: 16, kernelSize: 5, outputChannels: 32, padding: 'valid' };
    const layer = convKernelAsCrossbar(big.weights, big.bias, s);
    const wMax = Math.max(...layer.weights.map(Math.abs), ...layer.bias.map(Math.abs));
    const [stuckOffRate, stuckOnRate] = [0.1, 0.05];
    let off = 0;
    let on = 0;
    let cells = 0;
    for (let trial = 0; trial < 4; trial++) {
      const [deployed] = deployConvCrossbars([layer], { stuckOffRate, stuckOnRate, sigma: 0, crossbarSize: 128, model: { kind: 'weight-level', stuckOnValue: 'signed-max' } }, ['chip', 7, { spec: 'rates' }, trial]);
      for (const v of [...deployed.weights, ...deployed.bias]) {
        if (v === 0) off++;
        else if (Math.abs(v) === Math.fround(wMax)) on++;
        cells++;
      }
    }
    for (const [count, p] of [[off, stuckOffRate], [on, stuckOnRate]] as const) {
      const sd = Math.sqrt(p * (1 - p) / cells);
      expect(Math.abs(count / cells - p)).toBeLessThan(4 * sd);
    }
  });

  it('uses the dense path\'s per-layer streams: a network of crossbars deploys exactly as deployNetwork does', () => {
    const layers = [convKernelAsCrossbar(bank.weights, bank.bias, shape), randomLayer(12, 3, 'head')];
    const deployment = { stuckOffRate: 0.2, stuckOnRate: 0.02, sigma: 0.3, crossbarSize: 8, model: { kind: 'weight-level' as const, stuckOnValue: 'signed-max' as const } };
    const viaConv = deployConvCrossbars(layers, deployment, chip);
    const again = deployConvCrossbars(layers, deployment, chip);
    expect(viaConv).toEqual(again);
    expect(viaConv[1].weights).not.toEqual(layers[1].weights);
  });

  it('folds batch norm into the columns: BN(xW + b) computed by one crossbar', () => {
    const layer = randomLayer(6, 3, 'bn');
    const bn = { gamma: Float32Array.of(1.5, -0.5, 2), beta: Float32Array.of(0.1, 0, -1), mean: Float32Array.of(0.3, -2, 1), variance: Float32Array.of(4, 0.25, 1), epsilon: 1e-3 };
    const x = new Float32Array(5 * 6);
    Rng.of('spec', 'bn-x').fillNormal(x);
    const z = denseForward(layer, x);
    const expected = z.map((v, i) => {
      const j = i % 3;
      return (bn.gamma[j] * (v - bn.mean[j])) / Math.sqrt(bn.variance[j] + bn.epsilon) + bn.beta[j];
    });
    expect(maxAbsDiff(denseForward(foldBatchNorm(layer, bn), x), expected)).toBeLessThan(1e-5);
    expect(() => foldBatchNorm(layer, { ...bn, gamma: Float32Array.of(1) })).toThrow(/gamma has 1 entries/);
  });

  it('refuses models that do not fold a kernel bank into fixed weights, saying why', () => {
    expect(convDeploymentProblem({ kind: 'weight-level', stuckOnValue: 'signed-max' })).toBeNull();
    const bitSliced = { kind: 'bit-sliced', preset: null } as unknown as Parameters<typeof convDeploymentProblem>[0];
    expect(convDeploymentProblem(bitSliced)).toMatch(/bit-sliced model is not implemented for convolutional networks/);
    expect(() => deployConvCrossbars([bank], { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, crossbarSize: 8, model: bitSliced }, chip)).toThrow(/bit-sliced/);
  });
});
