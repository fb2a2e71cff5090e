import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { isInsideOtherScript, touchesOtherScript } from './scripts.js';

// NBSP, Ogham space, en/em/thin/hair spaces, narrow NBSP, medium math space, ideographic space, tab,
// vertical tab, form feed.
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]/g;
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * Turns no-break and other odd spaces (and tabs) into a plain space; line breaks are kept, and so
 * is every space in the text of another script (the no-break space before "(" or after "70" in
 * Arabic): one with no Latin letter as its nearest letter on either side. The ideographic space
 * belongs to Chinese and Japanese text and is kept wherever it touches it ("え？\u3000それ").
 */
export const oddSpaces: Rule = {
  name: 'odd-spaces',
  summary: 'turn no-break, thin, fullwidth and other odd spaces (and tabs) in Latin text into a plain space',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    ODD_SPACES.lastIndex = 0;
    if (!ODD_SPACES.test(text)) return text;
    return replaceMatches(
      text,
      ODD_SPACES,
      (m) => {
        const isOtherScriptSpace =
          m[0] === IDEOGRAPHIC_SPACE
            ? touchesOtherScript(m.input, m.index, m.index + 1)
            : isInsideOtherScript(m.input, m.index, m.index + 1);
        return isOtherScriptSpace ? m[0] : ' ';
      },
      onEdit,
    );
  },
};
