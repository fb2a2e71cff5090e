import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';

const draw = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    expect(draw(seededRandom(42), 5)).toEqual(draw(seededRandom(42), 5));
    expect(draw(seededRandom('a book'), 5)).toEqual(draw(seededRandom('a book'), 5));
    expect(draw(seededRandom(42), 5)).not.toEqual(draw(seededRandom(43), 5));
    expect(draw(seededRandom('a book'), 5)).not.toEqual(draw(seededRandom('a Book'), 5));
  });

  it('draws numbers in [0, 1) spread over the whole range', () => {
    const values = draw(seededRandom(7), 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const tenths = new Array(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)] += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(900);
  });

  it('is mulberry32: its first numbers for seed 1 are the published ones', () => {
    // mulberry32 seeded with 1 starts 0.6270739405881613, 0.002735721180215478.
    expect(draw(seededRandom(1), 2)).toEqual([0.6270739405881613, 0.002735721180215478]);
  });
});
