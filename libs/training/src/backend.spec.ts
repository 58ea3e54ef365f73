import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';

describe('initTensorflow', () => {
  it('starts one backend per thread and hands the same runtime to later calls', async () => {
    const first = await initTensorflow();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(first.backend);
    expect(first.tf.getBackend()).toBe(first.backend);
    const again = await initTensorflow('auto');
    expect(again.tf).toBe(first.tf);
    expect(again.backend).toBe(first.backend);
    expect((await initTensorflow(first.backend)).backend).toBe(first.backend);
  });

  it('on this machine (no tfjs-node) runs wasm, which is what ENV.md promises', async () => {
    const { backend } = await initTensorflow();
    // Where tfjs-node installs, 'tensorflow' wins; everywhere else wasm must load from node_modules offline.
    expect(['tensorflow', 'wasm']).toContain(backend);
  });

  it('refuses to switch an already running thread to another explicit backend', async () => {
    const { backend } = await initTensorflow();
    const other = backend === 'cpu' ? 'wasm' : 'cpu';
    await expect(initTensorflow(other)).rejects.toThrow(/already runs/);
  });
});
