/** Seeded random networks and data sets for the evaluation specs, and a straightforward float64 forward pass. */
import type { DenseLayerLike, EvaluationData, HiddenActivation } from './network.js';

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomNetwork(widths: readonly number[], random: () => number, scale = 1): DenseLayerLike[] {
  return widths.slice(1).map((outputs, l) => {
    const inputs = widths[l];
    const spread = (scale * 2) / Math.sqrt(inputs);
    return {
      inputs,
      outputs,
      weights: Float32Array.from({ length: inputs * outputs }, () => (random() - 0.5) * spread),
      bias: Float32Array.from({ length: outputs }, () => (random() - 0.5) * 0.2),
    };
  });
}

/** Rows of every kind: all zero, fully dense, and ~80 % zero (like MNIST digits). Labels are placeholders (0). */
export function randomInputs(n: number, features: number, classes: number, random: () => number): EvaluationData {
  const x = new Float32Array(n * features);
  for (let s = 0; s < n; s++) {
    const kind = s % 3;
    for (let f = 0; f < features; f++) {
      if (kind === 0) continue;
      if (kind === 1 || random() < 0.2) x[s * features + f] = random();
    }
  }
  return { x, y: new Uint8Array(n), n, features, classes };
}

/** Logits of every sample in float64: h = act(h·W + b) per hidden layer, the last layer linear. */
export function referenceLogits(data: EvaluationData, layers: readonly DenseLayerLike[], activation: HiddenActivation): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < data.n; s++) {
    let h = Array.from(data.x.subarray(s * data.features, (s + 1) * data.features));
    layers.forEach((layer, l) => {
      const z = Array.from(layer.bias, (b, j) => h.reduce((sum, v, i) => sum + v * layer.weights[i * layer.outputs + j], 0) + b);
      const hidden = l + 1 < layers.length;
      h = hidden ? z.map((v) => (activation === 'relu' ? Math.max(0, v) : 1 / (1 + Math.exp(-v)))) : z;
    });
    out.push(h);
  }
  return out;
}

/** argmax with ties to the lowest index, and the gap to the runner-up. */
export function argmaxWithMargin(z: readonly number[]): { index: number; margin: number } {
  let index = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[index]) index = c;
  const runnerUp = Math.max(...z.filter((_, c) => c !== index));
  return { index, margin: z[index] - runnerUp };
}
