import { describe, expect, it } from 'vitest';
import { bookLanguage, KNOWN_LANGUAGE_NAMES, UNKNOWN_LANGUAGE_LABEL } from './language.js';

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

  it("names the state boards' languages as the runtime's ICU does, without asking it", () => {
    const icu = (tag: string, locale: string) =>
      new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(tag);
    for (const [tag, [english, native]] of Object.entries(KNOWN_LANGUAGE_NAMES)) {
      expect([english, native], tag).toEqual([icu(tag, 'en'), icu(tag, tag)]);
      expect(bookLanguage(`${tag}-IN`), tag).toMatchObject({ english, native });
    }
    // Languages outside the table are still named, by ICU.
    expect(bookLanguage('ja')).toMatchObject({ english: 'Japanese', native: '日本語' });
  });

  it('falls back to a phrase for a missing, undetermined or unknown code', () => {
    for (const code of ['', 'und', 'not a tag!', 'qqq'])
      expect(bookLanguage(code).label).toBe(UNKNOWN_LANGUAGE_LABEL);
  });
});
