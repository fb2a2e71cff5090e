import { type Check, quote, tutorTurns } from './types.js';
import { wordsOf } from './words.js';

/** The script each supported book language is written in (primary subtags). */
const SCRIPT_OF: Readonly<Record<string, string>> = {
  en: 'Latin',
  fr: 'Latin',
  de: 'Latin',
  es: 'Latin',
  pt: 'Latin',
  id: 'Latin',
  sw: 'Latin',
  ta: 'Tamil',
  hi: 'Devanagari',
  mr: 'Devanagari',
  ne: 'Devanagari',
  te: 'Telugu',
  kn: 'Kannada',
  ml: 'Malayalam',
  bn: 'Bengali',
  gu: 'Gujarati',
  pa: 'Gurmukhi',
  or: 'Oriya',
  ur: 'Arabic',
  ar: 'Arabic',
  zh: 'Han',
  ja: 'Han',
  ru: 'Cyrillic',
  si: 'Sinhala',
};

const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  'Latin',
  'Tamil',
  'Devanagari',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Bengali',
  'Gujarati',
  'Gurmukhi',
  'Oriya',
  'Arabic',
  'Han',
  'Cyrillic',
  'Sinhala',
  'Greek',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')]);

/** English function words: a third or more of any English prose (contractions as the tutor writes them). */
const ENGLISH_WORDS = new Set(
  "the a an is are was were be been of to in on at for and or but it its this that these those with as by from not no you your we our they their he she his her i my me what which who how why when where so if then than can will would should do does did has have had there here very also just all more it's that's you're let's don't isn't i'm we're there's what's".split(
    ' ',
  ),
);

/**
 * Function words of the other Latin-script languages a model slips into (French, Spanish, Portuguese, German,
 * Italian, Indonesian), leaving out those that are English words too ("a", "me", "die", "son").
 */
const OTHER_LATIN_WORDS = new Set(
  'le la les des du une est et que qui pour dans pas avec sur ce cette sont au aux el los las es una y para por con del lo se muy pero como más também não um uma os com é der das und ist nicht ein eine mit für von zu auf dem sich il di che è sono della yang dan ini itu dengan untuk tidak adalah dari'.split(
    ' ',
  ),
);

/** Letters needed before a turn's script is judged (a formula or "OK" says nothing). */
export const MIN_LETTERS = 20;
/** Function words of another language needed before a Latin-script turn is called not English. */
export const MIN_OTHER_WORDS = 3;
/** Share of the letters that must be in the book's script. */
export const MIN_SCRIPT_SHARE = 0.5;

const LETTER = /\p{L}/u;
/** The script of each non-ASCII code point met so far, `null` for one that is not a letter. */
const scriptOfCodePoint = new Map<number, string | null>();
/** Code points remembered before the map starts afresh: a book's scripts use a few hundred. */
const REMEMBERED_CODE_POINTS = 65_536;

/** The script of a code point of 0x80 and above, or null when it is not a letter. */
function scriptOf(code: number): string | null {
  let script = scriptOfCodePoint.get(code);
  if (script === undefined) {
    const char = String.fromCodePoint(code);
    script = LETTER.test(char) ? (SCRIPTS.find(([, re]) => re.test(char))?.[0] ?? 'Other') : null;
    if (scriptOfCodePoint.size >= REMEMBERED_CODE_POINTS) scriptOfCodePoint.clear();
    scriptOfCodePoint.set(code, script);
  }
  return script;
}

/** Letters per script in `text` (Greek counted apart: α, β, Δ are physics, not a language). */
export function scriptCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let latin = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      // ASCII letters are Latin; no other ASCII character is a letter.
      if ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a) {
        // Counted at the end, but placed now: a tie between two scripts goes to the one met first.
        if (latin === 0 && !counts.has('Latin')) counts.set('Latin', 0);
        latin += 1;
      }
      continue;
    }
    const code = text.codePointAt(i) as number;
    if (code > 0xffff) i += 1;
    const script = scriptOf(code);
    if (script !== null) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (latin > 0) counts.set('Latin', (counts.get('Latin') as number) + latin);
  return counts;
}

/** What is wrong with one turn's language, or undefined when it is in the book's language (or too short to tell). */
export function languageProblem(text: string, language: string): string | undefined {
  const script = SCRIPT_OF[language];
  if (!script) return undefined;
  const counts = scriptCounts(text);
  counts.delete('Greek');
  const letters = [...counts.values()].reduce((a, b) => a + b, 0);
  if (letters < MIN_LETTERS) return undefined;
  const own = counts.get(script) ?? 0;
  if (own / letters < MIN_SCRIPT_SHARE) {
    const [main] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    return `written in ${main?.[0] ?? 'another'} script, the book is ${language} (${script})`;
  }
  if (language === 'en') {
    // Terse English ("Correct! Dendrites carry impulses…") has few function words, so ask for positive
    // evidence of another language: more of its function words than English ones.
    const words = wordsOf(text.replace(/[’]/g, "'"));
    const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
    const other = words.filter((w) => OTHER_LATIN_WORDS.has(w)).length;
    if (other >= MIN_OTHER_WORDS && other > english)
      return `not English (${other} function words of another language, ${english} English)`;
  }
  return undefined;
}

/** `language-mismatch`: a tutor turn is not in the book's language (script, and for English its function words). */
export const checkLanguage: Check = (conversation) => {
  for (const { turn, content } of tutorTurns(conversation.messages)) {
    const problem = languageProblem(content, conversation.language);
    if (problem)
      return [{ code: 'language-mismatch', detail: `turn ${turn} ${problem}: ${quote(content, 50)}` }];
  }
  return [];
};
