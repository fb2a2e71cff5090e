import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { touchesOtherScript } from './scripts.js';

// Soft hyphen, zero-width space, word joiner, BOM: not meaningful in extracted Latin text.
// Zero-width joiner / non-joiner shape Indic and other scripts (and emoji), so they go only between
// Latin, digits, spaces and punctuation. Either kind is kept when it sits in the text of another
// script (Tamil, Japanese, …): its nearest letter on either side is not Latin.
const LATIN_SIDE = '[\\p{sc=Latin}\\p{N}\\p{P}\\s]';
const INVISIBLE = new RegExp(
  `[\\u00ad\\u200b\\u2060\\ufeff]+|(?<=^|${LATIN_SIDE})(?:\\u200c|\\u200d)+(?=$|${LATIN_SIDE})`,
  'gu',
);
const ANY_INVISIBLE = /[\u00ad\u200b\u200c\u2060\ufeff]|\u200d/;

/** Removes soft hyphens and zero-width characters; those inside non-Latin scripts are kept. */
export const invisibleCharacters: Rule = {
  name: 'invisible-characters',
  summary: 'remove soft hyphens and zero-width characters (kept inside non-Latin scripts)',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_INVISIBLE.test(text)) return text;
    return replaceMatches(
      text,
      INVISIBLE,
      (m) => (touchesOtherScript(m.input, m.index, m.index + m[0].length) ? m[0] : ''),
      onEdit,
    );
  },
};
