import { describe, expect, it } from 'vitest';
import { mapPool } from './pool.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapPool', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapPool([30, 5, 20, 1, 10, 2], 3, async (ms, index) => {
      running += 1;
      most = Math.max(most, running);
      await later(ms);
      running -= 1;
      return `${index}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(most).toBe(3);
  });

  it('throws the error of the earliest failed item, even when a later one failed first', async () => {
    const started: number[] = [];
    const run = mapPool([0, 1, 2, 3, 4, 5], 2, async (_, index) => {
      started.push(index);
      if (index === 0) {
        await later(20);
        throw new Error('first item');
      }
      if (index === 1) throw new Error('second item');
      await later(1);
      return index;
    });
    await expect(run).rejects.toThrow('first item');
    // After the second item failed, no new item started.
    expect(started).toEqual([0, 1]);
  });

  it('returns nothing for no items', async () => {
    expect(await mapPool([], 4, async () => 1)).toEqual([]);
  });
});
