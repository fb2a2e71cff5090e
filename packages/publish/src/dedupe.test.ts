import { seededRandom } from '@kalvimate/testkit/random';
import { describe, expect, it } from 'vitest';
import {
  CompactKeySet,
  conversationKey,
  Deduper,
  fiveWordShingles,
  minHashSignature,
  normalizedWords,
  WordBuffer,
} from './dedupe.js';

const conv = (q: string, r: string) => [
  { role: 'system' as const, content: 'sys' },
  { role: 'user' as const, content: q },
  { role: 'assistant' as const, content: r },
];

const answer =
  'Heat flows from a hotter body to a colder one until both reach the same temperature, which we call thermal equilibrium, and a thermometer uses this to measure how hot something is.';

describe('Deduper', () => {
  it('finds exact duplicates that differ only in case, spacing and punctuation', () => {
    const dedupe = new Deduper();
    expect(dedupe.check(conv('What is heat?', answer))).toBeUndefined();
    expect(dedupe.check(conv('what is  HEAT', `${answer}!!`))).toBe('exact');
  });

  it('finds near duplicates with one word changed', () => {
    const dedupe = new Deduper();
    expect(dedupe.check(conv('What is heat?', answer))).toBeUndefined();
    expect(dedupe.check(conv('What is heat?', answer.replace('colder', 'cooler')))).toBe('near');
  });

  it('keeps different conversations on the same topic', () => {
    const dedupe = new Deduper();
    expect(dedupe.check(conv('What is heat?', answer))).toBeUndefined();
    expect(
      dedupe.check(
        conv(
          'Why does a metal spoon feel cold?',
          'Metal conducts heat away from your hand quickly, so it feels colder than wood at the same temperature.',
        ),
      ),
    ).toBeUndefined();
    expect(dedupe.size).toBe(2);
  });

  it('ignores the system message', () => {
    const dedupe = new Deduper();
    dedupe.check(conv('q', 'r'));
    const other = conv('q', 'r');
    other[0] = { role: 'system', content: 'another system message' };
    expect(dedupe.check(other)).toBe('exact');
  });

  it('tells who said what: the same words with roles swapped are not a duplicate', () => {
    const dedupe = new Deduper();
    dedupe.check(conv('alpha', 'beta'));
    expect(dedupe.check(conv('beta', 'alpha'))).toBeUndefined();
  });
});

describe('CompactKeySet', () => {
  it('adds, finds and grows', () => {
    const set = new CompactKeySet(2);
    for (let i = 1; i <= 5000; i += 1) expect(set.add(i * 7919 + 2 ** 40)).toBe(true);
    expect(set.add(7919 + 2 ** 40)).toBe(false);
    expect(set.has(5000 * 7919 + 2 ** 40)).toBe(true);
    expect(set.has(3)).toBe(false);
    expect(set.size).toBe(5000);
  });

  it('tells apart keys that differ only in their high bits, up to 2^53 - 1, across growth', () => {
    const set = new CompactKeySet();
    const keys: number[] = [];
    for (let high = 0; high < 2 ** 21; high += 997) {
      for (const low of [1, 0xffffffff, 0x12345678]) keys.push(high * 2 ** 32 + low);
    }
    keys.push(2 ** 53 - 1);
    for (const key of keys) expect(set.add(key)).toBe(true);
    for (const key of keys) {
      expect(set.has(key)).toBe(true);
      expect(set.add(key)).toBe(false);
    }
    for (const key of keys)
      if (key > 2 ** 32) expect(set.has(key - 2 ** 32)).toBe(keys.includes(key - 2 ** 32));
    expect(set.has(2 ** 53 - 2)).toBe(false);
    expect(set.size).toBe(keys.length);
  });
});

describe('normalizedWords', () => {
  it('keeps Tamil letters and digits', () => {
    expect(normalizedWords('வெப்பம் (Heat), 9.8 m/s²!')).toEqual(['வெப்பம்', 'heat', '9', '8', 'm', 's2']);
  });

  it('gives the same words for ASCII text and for its Unicode look-alikes', () => {
    expect(normalizedWords("  Heat's  flow: 9.8 m/s -- FAST_now ")).toEqual([
      'heat',
      's',
      'flow',
      '9',
      '8',
      'm',
      's',
      'fast',
      'now',
    ]);
    // Fullwidth letters and the Kelvin sign fold to ASCII under NFKC and lower-casing.
    expect(normalizedWords('Ｈｅａｔ \u212A')).toEqual(['heat', 'k']);
    expect(normalizedWords('—!?')).toEqual([]);
  });
});

/** The key of one joined text, as the deduper computed it before it read conversations in pieces. */
function joinedKey(text: string): number {
  let high = 0x9747b28c;
  let low = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    high = Math.imul(high ^ c, 0x01000193);
    low = Math.imul(low ^ c, 0x01000193);
  }
  return ((high >>> 0) & 0x1fffff) * 0x100000000 + (low >>> 0) || 1;
}

describe('conversationKey', () => {
  it("is the key of the conversation's role:words lines joined, and collects the words behind role markers", () => {
    const conversations = [
      conv('What is heat?', answer),
      conv('', ''),
      conv('வெப்பம் என்றால் என்ன?', 'Ｈｅａｔ is energy — 9.8 m/s²'),
      [{ role: 'user' as const, content: 'one' }],
      [...conv('a b', 'c'), { role: 'user' as const, content: 'again, and again' }],
    ];
    for (const messages of conversations) {
      const lines = messages
        .filter((m) => m.role !== 'system')
        .map((m) => `${m.role}:${normalizedWords(m.content).join(' ')}`);
      const words = new WordBuffer();
      expect(conversationKey(messages, words)).toBe(joinedKey(lines.join('\n')));
      expect(words.words()).toEqual(
        messages
          .filter((m) => m.role !== 'system')
          .flatMap((m) => [m.role === 'user' ? '\u0001' : '\u0002', ...normalizedWords(m.content)]),
      );
    }
  });
});

/** Whole numbers below `n` from a seeded generator, so that a failure names a string that can be found again. */
function seededInts(seed: number): (n: number) => number {
  const next = seededRandom(seed);
  return (n) => Math.floor(next() * n);
}

// ASCII, inert punctuation, and characters whose case or compatibility form depends on Unicode's
// rules or on their neighbours: a final sigma, combining marks (alone and after a letter or an
// arrow they compose with), ligatures, the Kelvin sign, fractions, Hangul jamo, surrogates.
const PIECES = [
  'a',
  'Z',
  '9',
  ' ',
  '.',
  "'",
  '-',
  'Σ',
  'ς',
  'é',
  'e\u0301',
  '\u0301',
  '≠',
  '=',
  '\u0338',
  '←',
  '½',
  'ﬁ',
  '\u212A',
  'İ',
  '’',
  '—',
  '×',
  '°',
  '²',
  '🔋',
  '\ud83d',
  '\udd0b',
  'வெ',
  '்',
  '漢',
  'Ｈ',
  '\u1100',
  '\u1161',
  '\u00a0',
  '\u2028',
  'ß',
  'ǅ',
  '\u0345',
  '\u2126',
  '€',
  '¼',
  '\u3000',
  '…',
  '™',
  '\u200d',
  '\ufe0f',
];

describe('WordBuffer', () => {
  it('finds the words normalizedWords finds, in ASCII, inert punctuation and any mix of Unicode', () => {
    const next = seededInts(12345);
    const buffer = new WordBuffer();
    for (let t = 0; t < 20_000; t += 1) {
      let text = '';
      for (let n = next(12); n > 0; n -= 1) text += PIECES[next(PIECES.length)];
      buffer.clear();
      buffer.pushText(text);
      const words = buffer.words();
      if (words.join('\u0000') !== normalizedWords(text).join('\u0000')) {
        expect({ text, words }).toEqual({ text, words: normalizedWords(text) });
      }
    }
  });

  it('grows past its first size and keeps the words before', () => {
    const buffer = new WordBuffer();
    const long = 'w'.repeat(300_000);
    buffer.pushText('one two');
    buffer.pushText(`${long} three`);
    for (let i = 0; i < 3000; i += 1) buffer.pushText('x y');
    const words = buffer.words();
    expect(words.slice(0, 4)).toEqual(['one', 'two', long, 'three']);
    expect(words.length).toBe(4 + 6000);
    expect(buffer.words(6003)).toEqual(['y']);
  });
});

/**
 * The band keys as the deduper first computed them, from the words as strings: each shingle FNV-1a'd
 * word by word, each of the 32 hash functions applied to each shingle in turn.
 */
function referenceBandKeys(words: readonly string[]): number[] {
  const fnv = (text: string, seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const seedsA: number[] = [];
  const seedsB: number[] = [];
  let state = 0x2545f491;
  for (let i = 0; i < 32; i += 1) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x632be5ab;
    seedsA.push(state | 1);
    state = Math.imul(state ^ (state >>> 13), 0x297a2d39) + 0x1b873593;
    seedsB.push(state);
  }
  const signature = new Array<number>(32).fill(0x7fffffff);
  const size = Math.min(5, Math.max(1, words.length));
  for (let i = 0; i + size <= words.length; i += 1) {
    let shingle = 0x811c9dc5;
    for (let j = i; j < i + size; j += 1)
      shingle = fnv(words[j] ?? '', Math.imul(shingle, 0x01000193) ^ 0x20);
    for (let k = 0; k < 32; k += 1) {
      const h = (Math.imul(shingle, seedsA[k] ?? 0) + (seedsB[k] ?? 0)) & 0x7fffffff;
      if (h < (signature[k] ?? 0)) signature[k] = h;
    }
  }
  const keys: number[] = [];
  for (let b = 0; b < 4; b += 1) {
    let high = 0x811c9dc5 ^ b;
    let low = 0x01000193 + b;
    for (let r = 0; r < 8; r += 1) {
      const v = signature[b * 8 + r] ?? 0;
      high = Math.imul(high ^ v, 0x01000193);
      low = Math.imul(low ^ (v >>> 7), 0x5bd1e995) ^ (low >>> 13);
    }
    keys.push(((high ^ b) & 0x1fffff) * 0x100000000 + (low >>> 0) || 1);
  }
  return keys;
}

describe('Deduper.bandKeysOf', () => {
  it('gives the keys of the word-by-word MinHash, for short, empty, long and non-Latin conversations', () => {
    const next = seededInts(777);
    const dedupe = new Deduper();
    const texts = [
      '',
      'one',
      'a b c d',
      answer,
      `${answer} ${answer}`,
      'வெப்பம் என்றால் என்ன? Heat’s flow — 9.8 m/s²',
    ];
    for (let t = 0; t < 200; t += 1) {
      let text = '';
      for (let n = next(300); n > 0; n -= 1)
        text += `${PIECES[next(PIECES.length)]}${next(3) === 0 ? ' ' : ''}`;
      texts.push(text);
    }
    for (const [i, q] of texts.entries()) {
      const messages = conv(q, texts[(i * 7) % texts.length] ?? '');
      const words = new WordBuffer();
      conversationKey(messages, words);
      expect(dedupe.bandKeysOf(words)).toEqual(referenceBandKeys(words.words()));
    }
  });
});

describe('minHashSignature', () => {
  it('gives each seed pair the least (shingle × a + b) mod 2^31, for any number of functions and shingles', () => {
    const random = seededRandom('minhash');
    const int32 = () => Math.floor(random() * 2 ** 32) | 0;
    for (const functions of [1, 3, 4, 5, 8, 9, 32]) {
      for (const count of [0, 1, 7, 300]) {
        const shingles = Int32Array.from({ length: count + 5 }, int32);
        const a = Int32Array.from({ length: functions }, () => int32() | 1);
        const b = Int32Array.from({ length: functions }, int32);
        const signature = new Int32Array(functions);
        minHashSignature(shingles, count, a, b, signature);
        const expected = Array.from({ length: functions }, (_, k) => {
          let min = 0x7fffffff;
          // Only the first `count` shingles count: the buffer holds more.
          for (let i = 0; i < count; i += 1)
            min = Math.min(
              (Math.imul(shingles[i] as number, a[k] as number) + (b[k] as number)) & 0x7fffffff,
              min,
            );
          return min;
        });
        expect([...signature], `${functions} functions, ${count} shingles`).toEqual(expected);
      }
    }
  });
});

describe('fiveWordShingles', () => {
  it('gives every run of five words the hash of its words alone, for random words and counts', () => {
    const random = seededRandom('shingles');
    // The hash of one shingle, written out as the deduper defined it: FNV-1a over the words' codes, each
    // word behind a step that multiplies by the prime and mixes in a space.
    const reference = (words: string[]) => {
      let hash = 0x811c9dc5;
      for (const word of words) {
        hash = Math.imul(hash, 0x01000193) ^ 0x20;
        for (let i = 0; i < word.length; i += 1) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
      }
      return hash;
    };
    for (const count of [5, 6, 9, 10, 11, 57]) {
      const buffer = new WordBuffer();
      const words = Array.from({ length: count }, () =>
        Array.from({ length: 1 + Math.floor(random() * 9) }, () =>
          String.fromCharCode(0x61 + Math.floor(random() * 26), 0x3b1 + Math.floor(random() * 20)),
        ).join(''),
      );
      for (const word of words) buffer.pushWord(word);
      const out = new Int32Array(count);
      fiveWordShingles(buffer.codes, buffer.ends, buffer.count, out);
      const expected = Array.from({ length: count - 4 }, (_, i) => reference(words.slice(i, i + 5)));
      expect([...out.subarray(0, count - 4)], `${count} words`).toEqual(expected);
    }
  });
});
