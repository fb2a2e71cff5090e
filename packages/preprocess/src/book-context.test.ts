import { describe, expect, it } from 'vitest';
import { BookDictionary, buildBookContext } from './book-context.js';

describe('buildBookContext', () => {
  const context = buildBookContext([
    'Gravity pulls; gravity  acts.',
    'Non-metals and the non-metal, Gravity pulls',
  ]);

  it('counts words case-insensitively', () => {
    expect(context.words('gravity')).toBe(3);
    expect(context.words('ravity')).toBe(0);
  });

  it('counts adjacent pairs separated by exactly one space', () => {
    expect(context.pairs('gravity', 'pulls')).toBe(2);
    expect(context.pairs('gravity', 'acts')).toBe(0);
    expect(context.pairs('pulls', 'gravity')).toBe(0);
  });

  it('counts hyphenated pairs', () => {
    expect(context.hyphenated('non', 'metals')).toBe(1);
    expect(context.hyphenated('non', 'metal')).toBe(1);
  });

  it('computes a derived value once', () => {
    const key = Symbol('test');
    let calls = 0;
    const compute = () => {
      calls += 1;
      return calls;
    };
    expect(context.derived(key, compute)).toBe(1);
    expect(context.derived(key, compute)).toBe(1);
  });

  it('visits with forEachWord the words allWords yields, in its order, leaving out words counted away', () => {
    const dictionary = new BookDictionary();
    dictionary.add('Gravity pulls the apple; the apple falls');
    dictionary.add('levity');
    dictionary.remove('levity');
    const context = dictionary.context();
    const visited: Array<[string, number]> = [];
    context.forEachWord((word, count) => visited.push([word, count]));
    expect(visited).toEqual([...context.allWords()]);
    expect(visited).toEqual([
      ['gravity', 1],
      ['pulls', 1],
      ['the', 2],
      ['apple', 2],
      ['falls', 1],
    ]);
  });

  it('gives the same counts when kept up to date as when rebuilt', () => {
    const dictionary = new BookDictionary();
    dictionary.add('G ravity acts; trans- port');
    dictionary.add('gravity pulls');
    dictionary.remove('G ravity acts; trans- port');
    dictionary.add('Gravity acts; transport');
    const kept = dictionary.context();
    const rebuilt = buildBookContext(['Gravity acts; transport', 'gravity pulls']);
    expect([...kept.allWords()].sort()).toEqual([...rebuilt.allWords()].sort());
    expect([...kept.allPairs()].sort()).toEqual([...rebuilt.allPairs()].sort());
    expect(kept.words('ravity')).toBe(0);
    expect(kept.pairs('g', 'ravity')).toBe(0);
  });

  it('counts pairs of a vocabulary larger than 32,768 words, beyond the compact keys', () => {
    // Distinct words "wa", "wb", … in base 26; the last ones get ids past 2^15.
    const word = (n: number) =>
      `w${n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)))}`;
    const words = Array.from({ length: 33_000 }, (_, n) => word(n));
    const context = buildBookContext([
      words.join(' '),
      `${word(32_999)} ${word(0)}`,
      `${word(40)}-${word(32_990)}`,
    ]);
    expect(context.words(word(32_999))).toBe(2);
    expect(context.pairs(word(32_998), word(32_999))).toBe(1);
    expect(context.pairs(word(32_999), word(0))).toBe(1);
    expect(context.pairs(word(0), word(32_999))).toBe(0);
    expect(context.hyphenated(word(40), word(32_990))).toBe(1);
    const pairs = [...context.allPairs()];
    expect(pairs).toHaveLength(33_000);
    expect(pairs).toContainEqual([word(32_999), word(0), 1]);
    const visited: Array<[string, string, number]> = [];
    context.forEachPair((first, second, together, firstCount, secondCount) => {
      visited.push([first, second, together]);
      expect([firstCount, secondCount]).toEqual([context.words(first), context.words(second)]);
    });
    expect(visited).toEqual(pairs);
  });
});
