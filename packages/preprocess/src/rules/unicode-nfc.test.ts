import { describe, expect, it } from 'vitest';
import { clean, editsOf } from './test-helpers.js';
import { unicodeNfc } from './unicode-nfc.js';

describe('unicode-nfc', () => {
  it('composes decomposed Latin letters', () => {
    expect(clean(unicodeNfc, 'cafe\u0301 Curie')).toBe('café Curie');
    expect(editsOf(unicodeNfc, 'cafe\u0301')).toHaveLength(1);
  });

  it('never applies compatibility folds: superscripts, subscripts, °, ×, − stay', () => {
    const text = 'g = 9.8 m s⁻², CH₃COOH, 37 °C, 3 × 10⁸, −5, ½, ﬁ';
    expect(clean(unicodeNfc, text)).toBe(text);
  });

  it('leaves the marks on an Arabic tatweel as written (NFC would reorder them)', () => {
    const text = 'عـ\u0651\u064eد';
    expect(text.normalize('NFC')).not.toBe(text);
    expect(clean(unicodeNfc, text)).toBe(text);
  });

  it('leaves Tamil byte-identical, even when it is not in NFC', () => {
    const decomposed = 'கொ'.normalize('NFD'); // TAMIL KA + E + AA, which NFC would compose
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    const text = `Aqueous - நீர்க்கரைசல் ${decomposed} e\u0301`;
    const out = clean(unicodeNfc, text);
    expect(out).toBe(`Aqueous - நீர்க்கரைசல் ${decomposed} é`);
  });

  it('leaves Greek letters and the ohm sign as written', () => {
    const text = 'α β γ Δ λ μ \u2126 \u03a9 ά'.normalize('NFD');
    expect(clean(unicodeNfc, text)).toBe(text);
  });

  it('returns the same string for ASCII text', () => {
    const text = 'The value is 9.8 m/s2.';
    expect(unicodeNfc.apply(text, undefined as never)).toBe(text);
  });
});
