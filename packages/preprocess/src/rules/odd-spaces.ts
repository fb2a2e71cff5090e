import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { isInsideOtherScript, touchesOtherScript } from './scripts.js';

// NBSP, Ogham space, en/em/thin/hair spaces, narrow NBSP, medium math space, ideographic space, tab,
// vertical tab, form feed.
// A run of them is one edit (the change report shows "v\u00a0\u00a0\u00a0(1.1)" once, not once per space).
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]+/g;
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * Turns no-break and other odd spaces (and tabs) into a plain space; line breaks are kept, and so
 * is every space in the text of another script (the no-break space before "(" or after "70" in
 * Arabic): one with no Latin letter as its nearest letter on either side. The ideographic space
 * belongs to Chinese and Japanese text and is kept wherever it touches it ("え？\u3000それ").
 */
export const oddSpaces: Rule = oddSpacesKeeping(
  () => false,
  'turn no-break, thin, fullwidth and other odd spaces (and tabs) in Latin text into a plain space',
);

// French sets a no-break space (U+00A0, or the narrow U+202F) before ; : ! ? » › and after « ‹, and
// between the digit groups of a number ("10 000"): there it is the book's typography, not an accident.
const NO_BREAK_SPACES = '\u00a0\u202f';
const FRENCH_BEFORE = ';:!?»›';
const FRENCH_AFTER = '«‹';
const DIGIT = /\d/;

function isFrenchNoBreakSpace(text: string, index: number): boolean {
  if (!NO_BREAK_SPACES.includes(text.charAt(index))) return false;
  const before = text.charAt(index - 1);
  const after = text.charAt(index + 1);
  return (
    FRENCH_BEFORE.includes(after) ||
    FRENCH_AFTER.includes(before) ||
    (DIGIT.test(before) && DIGIT.test(after))
  );
}

/**
 * The rule for a book in French (`bookLanguage` "fr…"): the same, but a no-break space French
 * typography sets (before ; : ! ? », after «, between a number's digit groups) stays as it is.
 */
export const oddSpacesFrench: Rule = oddSpacesKeeping(
  isFrenchNoBreakSpace,
  'turn no-break, thin, fullwidth and other odd spaces (and tabs) in Latin text into a plain space (in French, the no-break space before ; : ! ? », after « and in numbers kept)',
);

/** The odd-spaces rule, keeping besides the spaces of other scripts those `keeps(text, index)` says. */
function oddSpacesKeeping(keeps: (text: string, index: number) => boolean, summary: string): Rule {
  return {
    name: 'odd-spaces',
    summary,
    usesBookContext: false,
    apply(text, _context, onEdit) {
      ODD_SPACES.lastIndex = 0;
      if (!ODD_SPACES.test(text)) return text;
      return replaceMatches(
        text,
        ODD_SPACES,
        (m) => {
          const run = m[0];
          const end = m.index + run.length;
          // The nearest letters on either side are the run's, whichever of its spaces is looked at.
          const touchesOther = touchesOtherScript(m.input, m.index, end);
          const insideOther = touchesOther && isInsideOtherScript(m.input, m.index, end);
          let out = '';
          for (let i = 0; i < run.length; i += 1) {
            const space = run.charAt(i);
            const kept =
              (space === IDEOGRAPHIC_SPACE ? touchesOther : insideOther) || keeps(m.input, m.index + i);
            out += kept ? space : ' ';
          }
          return out;
        },
        onEdit,
      );
    },
  };
}
