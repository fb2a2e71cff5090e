import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { PROTECTED_RUN, touchesOtherScript } from './scripts.js';

// Either a protected run (kept as written) or a run of other non-space characters (normalized).
const RUNS = new RegExp(
  `(${PROTECTED_RUN})|(?:(?!\\s)[\\p{sc=Latin}\\p{sc=Common}\\p{sc=Inherited}])+`,
  'gu',
);
const ASCII_ONLY = /^[\t\n\r -~]*$/;
const LATIN_LETTER = /\p{sc=Latin}/u;

// A run with no Latin letter in the text of another script (an Arabic tatweel with its vowel
// marks, punctuation between Japanese words) belongs to that text and is kept as written.
function isOtherScriptText(run: string, text: string, index: number): boolean {
  return !LATIN_LETTER.test(run) && touchesOtherScript(text, index, index + run.length);
}

/**
 * Unicode NFC (canonical composition), never NFKC: "m s⁻²" keeps its superscripts. Runs of
 * non-Latin scripts (Tamil, Greek, …) are left byte-identical, even when not in NFC.
 */
export const unicodeNfc: Rule = {
  name: 'unicode-nfc',
  summary: 'compose Latin text to Unicode NFC (never NFKC); non-Latin scripts untouched',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (ASCII_ONLY.test(text) || text.normalize('NFC') === text) return text;
    return replaceMatches(
      text,
      RUNS,
      (m) => (m[1] !== undefined || isOtherScriptText(m[0], m.input, m.index) ? m[0] : m[0].normalize('NFC')),
      onEdit,
    );
  },
};
