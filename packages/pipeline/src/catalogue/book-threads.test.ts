import { describe, expect, it } from 'vitest';
import { largestFirst } from './book-threads.js';

describe('largestFirst', () => {
  it('orders books by size, largest first', () => {
    expect(largestFirst([10, 300, 20, 5])).toEqual([1, 2, 0, 3]);
  });

  it('keeps the catalogue order among books of the same size (and unreadable ones, at 0)', () => {
    expect(largestFirst([0, 7, 0, 7, 0])).toEqual([1, 3, 0, 2, 4]);
    expect(largestFirst([])).toEqual([]);
  });
});
