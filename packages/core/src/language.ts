/** A book's language as templates name it: in English, and in the language itself. */
export interface BookLanguage {
  /** The BCP 47 code the book gives (`ta`, `en-IN`), or '' when it gives none. */
  code: string;
  /** Its name in English ("Tamil"), or undefined when the code names no language we know. */
  english: string | undefined;
  /** Its name in itself ("தமிழ்"). */
  native: string | undefined;
  /** What `{{book_language}}` becomes: "Tamil (தமிழ்)", "English", or a phrase when unknown. */
  label: string;
}

/** What `{{book_language}}` says when the book's language is unknown. */
export const UNKNOWN_LANGUAGE_LABEL = 'the language of the topic text';

/**
 * The names ICU gives (in English, in the language itself) to the languages of India's state-board
 * books: naming one of them needs no ICU display-name data, whose first use costs 20–30 ms a process.
 * A test holds each pair to what the runtime's ICU says.
 */
export const KNOWN_LANGUAGE_NAMES: Readonly<Record<string, readonly [english: string, native: string]>> = {
  en: ['English', 'English'],
  ta: ['Tamil', 'தமிழ்'],
  hi: ['Hindi', 'हिन्दी'],
  te: ['Telugu', 'తెలుగు'],
  kn: ['Kannada', 'ಕನ್ನಡ'],
  ml: ['Malayalam', 'മലയാളം'],
  mr: ['Marathi', 'मराठी'],
  bn: ['Bangla', 'বাংলা'],
  gu: ['Gujarati', 'ગુજરાતી'],
  pa: ['Punjabi', 'ਪੰਜਾਬੀ'],
  or: ['Odia', 'ଓଡ଼ିଆ'],
  ur: ['Urdu', 'اردو'],
};

function nameOf(tag: string, inLocale: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([inLocale], { type: 'language', fallback: 'none' }).of(tag);
    return name && name.toLowerCase() !== tag.toLowerCase() ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Names a book's language from its code (the EPUB's dc:language): the language and script count, the
 * region does not ("ta-IN" is Tamil). Pure; uses the runtime's ICU data.
 * @example bookLanguage('ta').label // 'Tamil (தமிழ்)'
 */
export function bookLanguage(code: string): BookLanguage {
  const trimmed = code.trim();
  let tag: string | undefined;
  try {
    const locale = new Intl.Locale(trimmed);
    tag = locale.language === 'und' ? undefined : [locale.language, locale.script].filter(Boolean).join('-');
  } catch {
    tag = undefined;
  }
  const known =
    tag !== undefined && Object.hasOwn(KNOWN_LANGUAGE_NAMES, tag) ? KNOWN_LANGUAGE_NAMES[tag] : undefined;
  const english = known ? known[0] : tag ? nameOf(tag, 'en') : undefined;
  const native = known ? known[1] : tag && english ? (nameOf(tag, tag) ?? english) : undefined;
  const label = !english
    ? UNKNOWN_LANGUAGE_LABEL
    : native && native !== english
      ? `${english} (${native})`
      : english;
  return { code: trimmed, english, native, label };
}
