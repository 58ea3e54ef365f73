import { describe, expect, it } from 'vitest';
import { adamStep, ADAM_DEFAULTS, createAdamSlot, disposeAdamSlot } from './adam.js';
import { initTensorflow } from './backend.js';

describe("adamStep's proximal L1 step", () => {
  it('zeroes every weight within α·λ/(√v̂ + ε) of zero and shrinks the others by exactly that much', async () => {
    const { tf } = await initTensorflow();
    const w = [0.5, -0.5, 0.004, -0.004, 0.2, 0];
    const g = [0.1, -0.1, 1e-4, -1e-4, 2, 0.3];
    const settings = { learningRate: 0.01, ...ADAM_DEFAULTS };
    const lambda = 0.5;
    const plain = createAdamSlot(tf, tf.tensor1d(w));
    const prox = createAdamSlot(tf, tf.tensor1d(w));
    const gradient = tf.tensor1d(g);
    adamStep(tf, plain, gradient, 1, settings);
    adamStep(tf, prox, gradient, 1, settings, undefined, lambda);
    const stepped = plain.param.dataSync();
    const got = prox.param.dataSync();
    // Step 1: v̂ = g², so the threshold per entry is α·λ/(|g| + ε).
    const expected = stepped.map((s, i) => {
      const tau = (settings.learningRate * lambda) / (Math.abs(g[i]) + settings.epsilon);
      return Math.sign(s) * Math.max(Math.abs(s) - tau, 0);
    });
    for (let i = 0; i < w.length; i++) expect(got[i]).toBeCloseTo(expected[i], 6);
    expect(Array.from(got).filter((x) => x === 0).length).toBeGreaterThanOrEqual(3); // the two tiny weights and the zero one
    expect(got[0]).toBeGreaterThan(0);
    expect(got[1]).toBeLessThan(0);
    expect(Math.abs(got[4])).toBeGreaterThan(0); // large gradient → small threshold
    for (const slot of [plain, prox]) disposeAdamSlot(slot);
    gradient.dispose();
  });
});
