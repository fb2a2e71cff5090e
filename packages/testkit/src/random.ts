import { createHash } from 'node:crypto';

/**
 * A small deterministic generator (mulberry32) of numbers in [0, 1): the same seed gives the same
 * sequence on every machine, so a test that draws its inputs from it reproduces a failure. A string seed
 * is hashed into the starting state.
 * @example const next = seededRandom(42); const pick = items[Math.floor(next() * items.length)];
 */
export function seededRandom(seed: number | string): () => number {
  let state = typeof seed === 'number' ? seed | 0 : createHash('sha256').update(seed).digest().readInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
