import { describe, expect, it } from 'vitest';
import { foldCompatibility } from './fold-compatibility.js';
import { clean } from './test-helpers.js';

describe('fold-compatibility', () => {
  it('folds Latin ligatures', () => {
    expect(clean(foldCompatibility, 'Deﬁnition of eﬀective ﬂow')).toBe('Definition of effective flow');
  });

  it('folds fullwidth ASCII in Latin text', () => {
    expect(clean(foldCompatibility, 'ＡＢＣ１２３ is ａ test！')).toBe('ABC123 is a test!');
  });

  it('keeps fullwidth punctuation inside Chinese or Japanese text', () => {
    expect(clean(foldCompatibility, '你好！世界')).toBe('你好！世界');
  });

  it('keeps superscripts, subscripts, °, ×, −, Greek and curly quotes', () => {
    const text = '“m s⁻²” ‘H₂O’ 37 °C 3 × 10⁸ −5 α Ω ½';
    expect(clean(foldCompatibility, text)).toBe(text);
  });
});
