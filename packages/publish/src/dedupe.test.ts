import { describe, expect, it } from 'vitest';
import { CompactKeySet, conversationKey, Deduper, normalizedWords } from './dedupe.js';

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
      const words: string[] = [];
      expect(conversationKey(messages, words)).toBe(joinedKey(lines.join('\n')));
      expect(words).toEqual(
        messages
          .filter((m) => m.role !== 'system')
          .flatMap((m) => [m.role === 'user' ? '\u0001' : '\u0002', ...normalizedWords(m.content)]),
      );
    }
  });
});
