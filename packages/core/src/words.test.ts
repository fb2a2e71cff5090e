import { describe, expect, it } from 'vitest';
import { countWords } from './words.js';

describe('countWords', () => {
  it('counts the runs of letters, marks and digits that the Unicode regex finds', () => {
    const texts = [
      '',
      'H₂O is water',
      'Newton’s second law: F = ma, 9.8 m s⁻² (see 3.1.2).',
      'வேதியியல் மாற்றங்கள் – chemical changes',
      '力学の法則と運動 and 한국어 텍스트',
      'x² + y³ = z¹, ½ of ⅔; Ωmega µm ª º',
      '𝑥 + 𝑦 = 𝟐 😀 😀x a😀b',
      'lone \ud800 high, lone \udc00 low, pair \ud835\udc65 end',
      'e\u0301te\u0301 café',
      '  spaces\tand\nlines  ',
      '___---...',
      '@[`{/:09AZaz',
    ];
    for (const text of texts)
      expect(countWords(text), text).toBe(text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0);
  });

  it('counts a word that ends the text and ASCII bounds exactly', () => {
    expect(countWords('H₂O is water')).toBe(3);
    expect(countWords('a@b[c`d{e/f:g')).toBe(7);
    expect(countWords('0123456789')).toBe(1);
  });
});
