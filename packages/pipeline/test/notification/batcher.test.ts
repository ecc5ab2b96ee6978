import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/index.js';

function recording(size: number, maxSize?: number, timeoutMs?: number) {
  const batches: number[][] = [];
  const batcher = new Batcher<number, string>({
    size,
    timeoutMs,
    ...(maxSize ? { maxSize } : {}),
    process: async (items) => {
      batches.push([...items]);
      return items.map((i) => `done ${i}`);
    },
  });
  return { batches, batcher };
}

describe('Batcher', () => {
  it('with size 1, publishes a burst that arrived in one turn together, capped at maxSize', async () => {
    const { batches, batcher } = recording(1, 3);
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.add(i)));
    expect(results).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('with size 1, never holds an item waiting for another', async () => {
    const { batches, batcher } = recording(1, 100);
    await batcher.add(1);
    await batcher.add(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('waits for size items, or the timeout, and flush/drain process what waits', async () => {
    const { batches, batcher } = recording(3, 10, 30);
    const first = [batcher.add(1), batcher.add(2)];
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([]);
    await Promise.all(first);
    expect(batches).toEqual([[1, 2]]);
    const waiting = batcher.add(3);
    batcher.drain();
    await waiting;
    await batcher.add(4);
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });

  it('rejects every item of a batch whose processing rejects, instead of leaving them pending', async () => {
    const boom = new Error('processing failed');
    const batcher = new Batcher<number, string>({ size: 2, timeoutMs: undefined, process: () => Promise.reject(boom) });
    const settled = await Promise.race([
      Promise.allSettled([batcher.add(1), batcher.add(2)]),
      new Promise<'pending'>((r) => setTimeout(() => r('pending'), 500)),
    ]);
    expect(settled).toEqual([{ status: 'rejected', reason: boom }, { status: 'rejected', reason: boom }]);
  });
});
