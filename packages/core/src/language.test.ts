import { describe, expect, it } from 'vitest';
import { bookLanguage, UNKNOWN_LANGUAGE_LABEL } from './language.js';

describe('bookLanguage', () => {
  it('names a language in English and in itself', () => {
    expect(bookLanguage('ta')).toMatchObject({ english: 'Tamil', native: 'தமிழ்', label: 'Tamil (தமிழ்)' });
    expect(bookLanguage('ja').label).toBe('Japanese (日本語)');
  });

  it('says English once for an English book, whatever the region', () => {
    expect(bookLanguage('en').label).toBe('English');
    expect(bookLanguage('en-US').label).toBe('English');
    expect(bookLanguage('ta-IN').label).toBe('Tamil (தமிழ்)');
  });

  it('keeps the script, which changes the language a reader sees', () => {
    expect(bookLanguage('zh-Hans').english).toBe('Simplified Chinese');
  });

  it('falls back to a phrase for a missing, undetermined or unknown code', () => {
    for (const code of ['', 'und', 'not a tag!', 'qqq'])
      expect(bookLanguage(code).label).toBe(UNKNOWN_LANGUAGE_LABEL);
  });
});
