import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { PROTECTED_CHAR } from './scripts.js';

// Soft hyphen, zero-width space, word joiner, BOM: not meaningful in extracted Latin text; next to
// a character of another script (Tamil, …) they are part of that text and kept, byte for byte.
// Zero-width joiner / non-joiner shape Indic and other scripts (and emoji), so they go only between
// Latin, digits, spaces and punctuation.
const LATIN_SIDE = '[\\p{sc=Latin}\\p{N}\\p{P}\\s]';
const INVISIBLE = new RegExp(
  `(?<!${PROTECTED_CHAR})[\\u00ad\\u200b\\u2060\\ufeff]+(?!${PROTECTED_CHAR})|(?<=^|${LATIN_SIDE})(?:\\u200c|\\u200d)+(?=$|${LATIN_SIDE})`,
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
