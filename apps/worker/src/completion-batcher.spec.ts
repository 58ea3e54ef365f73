import { describe, expect, it } from 'vitest';
import { CompletionBatcher } from './completion-batcher.js';

describe('CompletionBatcher', () => {
  it('sends the first item alone, coalesces the ones submitted meanwhile, and answers each in order', async () => {
    const calls: number[][] = [];
    const batcher = new CompletionBatcher<number, string>(async (items) => {
      calls.push(items);
      await new Promise((r) => setTimeout(r, 10));
      return items.map((i) => `ok ${i}`);
    }, 3);
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => batcher.submit(i)));
    expect(answers).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5', 'ok 6']);
    expect(calls).toEqual([[1], [2, 3, 4], [5, 6]]);
    await batcher.idle();
    expect(batcher.pending).toBe(0);
  });

  it('when a batch fails, retries each item alone: one bad item fails only itself', async () => {
    const batcher = new CompletionBatcher<number, string>(async (items) => {
      if (items.includes(13)) throw new Error('bad item 13');
      return items.map(String);
    });
    const first = batcher.submit(1); // goes alone
    const rest = [2, 13, 4].map((i) => batcher.submit(i).catch((e: Error) => e.message));
    expect(await first).toBe('1');
    expect(await Promise.all(rest)).toEqual(['2', 'bad item 13', '4']);
  });

  it('rejects a batch size below 1', () => {
    expect(() => new CompletionBatcher(async () => [], 0)).toThrow(/maxBatch/);
  });
});
