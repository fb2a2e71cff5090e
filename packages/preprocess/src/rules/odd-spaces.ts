import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { PROTECTED_CHAR } from './scripts.js';

// NBSP, Ogham space, en/em/thin/hair spaces, narrow NBSP, medium math space, ideographic space, tab,
// vertical tab, form feed.
// Between two characters of another script (Tamil, …) a space is part of that text and kept.
const ODD_SPACES = new RegExp(
  `(?<!${PROTECTED_CHAR})[\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\t\\v\\f]|[\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\t\\v\\f](?!${PROTECTED_CHAR})`,
  'gu',
);
const ANY_ODD = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]/;

/**
 * Turns no-break and other odd spaces (and tabs) into a plain space; line breaks are kept, and so
 * is a space between two characters of a non-Latin script.
 */
export const oddSpaces: Rule = {
  name: 'odd-spaces',
  summary: 'turn no-break, thin, fullwidth and other odd spaces (and tabs) into a plain space',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_ODD.test(text)) return text;
    return replaceMatches(text, ODD_SPACES, () => ' ', onEdit);
  },
};
