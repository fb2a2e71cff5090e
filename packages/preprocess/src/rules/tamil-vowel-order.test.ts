import { inTamilDrawnOrder } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { tamilVowelOrder } from './tamil-vowel-order.js';
import { clean, editsOf } from './test-helpers.js';

/** Tamil in the order a PDF draws it: each ெ, ே, ை before its consonant (ொ, ோ, ௌ split around it). */
const drawn = (text: string) => text.normalize('NFD').replace(/([\u0B95-\u0BB9])([\u0BC6-\u0BC8])/g, '$2$1');

// செயல்பாடு, வேண்டும், கொண்ட, பெரிய, மகளை, கௌரவம், போது, இணை: every kind of prefix sign, at a word's
// start and inside it, and the two-part ொ, ோ, ௌ.
const SENTENCE = 'மேலும் பெரிய செயல்பாடு வேண்டும் போது கொண்ட மகளை கௌரவம் இணை.';

describe('tamil-vowel-order', () => {
  it('puts the vowel signs of Tamil taken from a PDF after their consonants', () => {
    const broken = drawn(SENTENCE);
    expect(broken).not.toBe(SENTENCE);
    expect(broken.startsWith('\u0BC7ம')).toBe(true);
    expect(clean(tamilVowelOrder, broken)).toBe(SENTENCE);
    // A title of one word, and text around Latin and digits.
    expect(clean(tamilVowelOrder, drawn('செயல்பாடு 3'))).toBe('செயல்பாடு 3');
    expect(clean(tamilVowelOrder, drawn('pH மதிப்பை அளவிடு (Activity 2)'))).toBe(
      'pH மதிப்பை அளவிடு (Activity 2)',
    );
  });

  it('reports each sign it moves', () => {
    expect(editsOf(tamilVowelOrder, drawn('கொண்ட')).map((e) => [e.before, e.after])).toEqual([
      ['\u0BC6க\u0BBE', 'கொ'],
    ]);
  });

  it('leaves Tamil in Unicode order as it is, a stray sign among many too', () => {
    expect(clean(tamilVowelOrder, SENTENCE)).toBe(SENTENCE);
    const typo = `${SENTENCE} \u0BC6க`;
    expect(inTamilDrawnOrder(typo)).toBe(false);
    expect(clean(tamilVowelOrder, typo)).toBe(typo);
    for (const other of ['Gravity pulls.', 'நீர்', 'க்ஷ', '水は\u0BC6'])
      expect(clean(tamilVowelOrder, other)).toBe(other);
  });
});
