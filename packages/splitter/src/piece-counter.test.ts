import { countTextTokens, type EncodingName } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { PieceCounter } from './piece-counter.js';

// Generated texts mixing everything the split patterns treat differently.
const atoms = [
  'the',
  ' quick',
  'Brown',
  'FOX',
  "'s",
  "'LL",
  "don't",
  ' அலகு',
  'வெப்பம்',
  'ஆற்றல்',
  '12345',
  '3.14',
  ' ',
  '  ',
  '   ',
  '\n',
  '\r\n',
  '\n\n\n',
  '\t',
  ' \n ',
  '!!',
  '?!/',
  '//',
  '<|endoftext|>',
  '<|im_start|>',
  '😀',
  '👍🏽',
  'ǅemo',
  'Ωmega',
  'ｆｕｌｌ',
  '日本語のテキスト',
  'naïve',
  'e\u0301',
  '\ud800',
  '\udc00x',
  'Supercalifragilisticexpialidocious',
  'x'.repeat(80),
  ' '.repeat(70),
  '-'.repeat(100),
  '٣٤٥',
  'İstanbul',
];

function randomText(seed: number): string {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    return (state >>> 8) / 16777216;
  };
  const length = 1 + Math.floor(next() * 60);
  let text = '';
  for (let i = 0; i < length; i += 1) text += atoms[Math.floor(next() * atoms.length)];
  return text;
}

describe('PieceCounter', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
    it(`counts exactly as countTextTokens (${encoding}), with the cache cold, warm and starting over`, () => {
      const counter = new PieceCounter(encoding, { maxPieces: 50 });
      for (let round = 0; round < 2; round += 1) {
        for (let seed = 1; seed <= 400; seed += 1) {
          const text = randomText(seed);
          expect(counter.count(text), JSON.stringify(text)).toBe(countTextTokens(text, encoding));
        }
      }
      expect(counter.size).toBeLessThanOrEqual(50);
    });
  }

  it('counts empty text as 0 and each single atom exactly', () => {
    const counter = new PieceCounter('o200k_base');
    expect(counter.count('')).toBe(0);
    for (const atom of atoms) expect(counter.count(atom), JSON.stringify(atom)).toBe(countTextTokens(atom));
  });

  it('remembers pieces (a second pass over the same text adds none)', () => {
    const counter = new PieceCounter('o200k_base');
    const text = randomText(7);
    counter.count(text);
    const size = counter.size;
    expect(size).toBeGreaterThan(0);
    counter.count(text);
    expect(counter.size).toBe(size);
  });
});
