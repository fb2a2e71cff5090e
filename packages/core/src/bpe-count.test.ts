import { describe, expect, it } from 'vitest';
import { mergeCount, mergeCountLong, mergeCountScan, utf8Into } from './bpe-count.js';
import { rankTableFromSource } from './tokens.js';

const table = rankTableFromSource('o200k_base');

/** The byte-pair count of `text` by one of the merges. */
function countWith(merge: typeof mergeCount, text: string): number {
  const bytes = new Uint8Array(text.length * 3);
  return merge(table, bytes, utf8Into(text, bytes));
}

describe('mergeCountLong', () => {
  it('joins what scanning joins, in the same order: the same count on texts of every kind', () => {
    const alphabet = [...'aabbc 1の猫をはアいஅுக்😀éـعxyz\n.', 'ab', 'an', 'the', 'ing'];
    let state = 5;
    const next = (n: number) => {
      state = (state * 48271) % 2147483647;
      return state % n;
    };
    for (let i = 0; i < 400; i += 1) {
      let text = '';
      for (let n = 1 + next(120); n > 0; n -= 1) text += alphabet[next(alphabet.length)];
      expect({ text, count: countWith(mergeCountLong, text) }).toEqual({
        text,
        count: countWith(mergeCountScan, text),
      });
    }
  });

  it('counts runs of one byte and of one pair, where every join ties', () => {
    for (const unit of ['a', 'ab', 'の', ' ']) {
      for (const times of [1, 2, 3, 7, 64, 129, 300]) {
        const text = unit.repeat(times);
        expect(countWith(mergeCountLong, text)).toBe(countWith(mergeCountScan, text));
      }
    }
  });

  it('is the merge mergeCount takes for a long piece, and scanning for a short one', () => {
    const long = '吾輩は猫である名前はまだ無いどこで生れたかとんと見当がつかぬ';
    expect(countWith(mergeCount, long)).toBe(countWith(mergeCountLong, long));
    expect(countWith(mergeCount, 'word')).toBe(countWith(mergeCountScan, 'word'));
  });
});
