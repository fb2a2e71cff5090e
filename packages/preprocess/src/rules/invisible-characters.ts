import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

// Soft hyphen, zero-width space, word joiner, BOM: never meaningful in extracted text. Zero-width
// joiner / non-joiner shape Indic and other scripts (and emoji), so they go only between Latin,
// digits, spaces and punctuation.
const LATIN_SIDE = '[\\p{sc=Latin}\\p{N}\\p{P}\\s]';
const INVISIBLE = new RegExp(
  `[\\u00ad\\u200b\\u2060\\ufeff]+|(?<=^|${LATIN_SIDE})(?:\\u200c|\\u200d)+(?=$|${LATIN_SIDE})`,
  'gu',
);
const ANY_INVISIBLE = /[\u00ad\u200b\u200c\u2060\ufeff]|\u200d/;

/** Removes soft hyphens and zero-width characters; joiners inside non-Latin scripts are kept. */
export const invisibleCharacters: Rule = {
  name: 'invisible-characters',
  summary: 'remove soft hyphens and zero-width characters (joiners kept inside non-Latin scripts)',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_INVISIBLE.test(text)) return text;
    return replaceMatches(text, INVISIBLE, () => '', onEdit);
  },
};
