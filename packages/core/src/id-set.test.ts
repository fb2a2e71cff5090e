import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set.js';

describe('IdSet', () => {
  it('finds every id added, refuses a second add, and misses ids never added, across growth', () => {
    const set = new IdSet(16);
    for (let i = 0; i < 5000; i += 1) expect(set.add(IdSet.key(`req-${i}`))).toBe(true);
    expect(set.size).toBe(5000);
    for (let i = 0; i < 5000; i += 1) {
      expect(set.has(IdSet.key(`req-${i}`))).toBe(true);
      expect(set.add(IdSet.key(`req-${i}`))).toBe(false);
    }
    for (let i = 5000; i < 6000; i += 1) expect(set.has(IdSet.key(`req-${i}`))).toBe(false);
    expect(set.has(IdSet.key('வெப்பம்'))).toBe(false);
    expect(set.size).toBe(5000);
  });

  it('keys ids by their text exactly', () => {
    expect(IdSet.key('a')).toEqual(IdSet.key('a'));
    expect(IdSet.key('a')).not.toEqual(IdSet.key('A'));
    expect(IdSet.key('a')[0]).not.toBe(0);
  });
});
