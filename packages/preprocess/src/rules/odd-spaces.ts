import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

// NBSP, Ogham space, en/em/thin/hair spaces, narrow NBSP, medium math space, ideographic space, tab,
// vertical tab, form feed.
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]/g;

/** Turns no-break and other odd spaces (and tabs) into a plain space; line breaks are kept. */
export const oddSpaces: Rule = {
  name: 'odd-spaces',
  summary: 'turn no-break, thin, fullwidth and other odd spaces (and tabs) into a plain space',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    return replaceMatches(text, ODD_SPACES, () => ' ', onEdit);
  },
};
