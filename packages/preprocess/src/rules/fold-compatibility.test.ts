import { describe, expect, it } from 'vitest';
import { foldCompatibility } from './fold-compatibility.js';
import { clean } from './test-helpers.js';

describe('fold-compatibility', () => {
  it('folds Latin ligatures', () => {
    expect(clean(foldCompatibility, 'Deﬁnition of eﬀective ﬂow')).toBe('Definition of effective flow');
  });

  it('folds fullwidth letters and digits in Latin text', () => {
    expect(clean(foldCompatibility, 'ＡＢＣ１２３ is ａ test')).toBe('ABC123 is a test');
  });

  it('folds a fullwidth digit inside an English sentence', () => {
    expect(clean(foldCompatibility, 'Take ３ drops of water, then Ｔｅｓｔ ２.')).toBe(
      'Take 3 drops of water, then Test 2.',
    );
  });

  it('never folds fullwidth punctuation, so a pair of brackets is never half-folded', () => {
    expect(clean(foldCompatibility, 'see （cl-19） and ［＃］ here！')).toBe(
      'see （cl-19） and ［＃］ here！',
    );
    expect(clean(foldCompatibility, '- ［＃…］は、入力者による注を表す記号です。')).toBe(
      '- ［＃…］は、入力者による注を表す記号です。',
    );
  });

  it('keeps fullwidth letters and digits inside Chinese or Japanese text', () => {
    for (const text of [
      '你好！世界',
      '第３章',
      'Ｔシャツ',
      'ＸＨＴＭＬ１．１ にそった形式',
      '規格 EPUB３に',
      '１２３',
    ])
      expect(clean(foldCompatibility, text)).toBe(text);
  });

  it('keeps superscripts, subscripts, °, ×, −, Greek and curly quotes', () => {
    const text = '“m s⁻²” ‘H₂O’ 37 °C 3 × 10⁸ −5 α Ω ½';
    expect(clean(foldCompatibility, text)).toBe(text);
  });
});
