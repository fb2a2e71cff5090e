import { describe, expect, it } from 'vitest';
import { isInsideLatinText, isInsideOtherScript, nearestLetter, touchesOtherScript } from './scripts.js';

describe('nearestLetter', () => {
  it('looks past digits, punctuation, spaces and fullwidth forms to the nearest letter', () => {
    expect(nearestLetter('え？\u3000それ', 2, -1)).toBe('other');
    expect(nearestLetter('え？\u3000それ', 3, 1)).toBe('other');
    expect(nearestLetter('Figure\u00a04-1. EPUB', 6, -1)).toBe('latin');
    expect(nearestLetter('ＡＢＣ１２３ is', 0, 1)).toBe('latin');
    expect(nearestLetter('ＡＢＣ１２３', 3, -1)).toBe('none');
  });

  it('counts marks that only other scripts use: Arabic punctuation and digits, 。「', () => {
    expect(nearestLetter('1، 2', 2, -1)).toBe('other');
    expect(nearestLetter('x ٣', 1, 1)).toBe('other');
    expect(nearestLetter('「 x', 1, -1)).toBe('other');
  });

  it('stops at a line break and reads a character outside the BMP whole', () => {
    expect(nearestLetter('日本\n 1', 3, -1)).toBe('none');
    expect(nearestLetter('𠀋 1', 3, -1)).toBe('other');
    expect(nearestLetter('1 𠀋', 1, 1)).toBe('other');
  });
});

describe('script context of a span', () => {
  it('tells Latin text, the text of another script and the boundary between them apart', () => {
    const text = 'English\u00a0தமிழ்\u00a0சொல்';
    expect(isInsideLatinText(text, 7, 8)).toBe(false);
    expect(isInsideOtherScript(text, 7, 8)).toBe(false);
    expect(touchesOtherScript(text, 7, 8)).toBe(true);
    expect(isInsideOtherScript(text, 13, 14)).toBe(true);
    expect(isInsideLatinText('a\u00a0b', 1, 2)).toBe(true);
  });
});
