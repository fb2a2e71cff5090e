import { describe, expect, it } from 'vitest';
import { invisibleCharacters } from './invisible-characters.js';
import { clean } from './test-helpers.js';

describe('invisible-characters', () => {
  it('removes soft hyphens, zero-width spaces, word joiners and BOMs', () => {
    expect(clean(invisibleCharacters, '\ufefftrans\u00adport zero\u200bwidth word\u2060joiner')).toBe(
      'transport zerowidth wordjoiner',
    );
  });

  it('removes zero-width joiners between Latin letters', () => {
    expect(clean(invisibleCharacters, 'gra\u200dvity and\u200c')).toBe('gravity and');
  });

  it('keeps soft hyphens and zero-width spaces inside Tamil words', () => {
    const text = 'நீர்க்\u00adகரைசல் நீர்\u200bக்கரைசல்';
    expect(clean(invisibleCharacters, text)).toBe(text);
  });

  it('keeps zero-width spaces beside punctuation in Japanese text', () => {
    const text = '危険はない。\u200b「画工」\u00ad。';
    expect(clean(invisibleCharacters, text)).toBe(text);
  });

  it('keeps joiners inside Tamil, Devanagari and emoji', () => {
    const text = 'க்\u200dஷ क्\u200dष 👩\u200d🔬';
    expect(clean(invisibleCharacters, text)).toBe(text);
  });
});
