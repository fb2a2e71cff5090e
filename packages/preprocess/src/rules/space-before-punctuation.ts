import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { isInsideOtherScript } from './scripts.js';

// Spaces before , ; : ! ? . when the mark ends a phrase (a space, the end, or a closing quote or
// bracket follows). A mark glued to the next word (" .5", " .Agriculture") is left alone.
const SPACED = /(?<=[^\s|]) +([,;:!?.])(?=\s|$|[”’"')\]])/g;
const ANY_SPACED = / [,;:!?.]/;
// French sets a space before ; : ! ? (and », which no rule touches): only , and . lose theirs.
const SPACED_FRENCH = /(?<=[^\s|]) +([,.])(?=\s|$|[”’"')\]»])/g;
const ANY_SPACED_FRENCH = / [,.]/;

const SPACED_ELLIPSIS = '. . .';

/** True when the dot at `at` is one of three set apart by single spaces: ". . .". */
function inSpacedEllipsis(text: string, at: number): boolean {
  for (const start of [at, at - 2, at - 4])
    if (start >= 0 && text.startsWith(SPACED_ELLIPSIS, start)) return true;
  return false;
}

/**
 * Removes the space before , ; : ! ? and . — but never inside a ratio or formula ("3 : 1",
 * "Al2O3 . 2H2O") or a spaced ellipsis (". . ."), and never adds one.
 */
export const spaceBeforePunctuation: Rule = spaceBeforePunctuationFor(SPACED, ANY_SPACED);

/**
 * The rule for a book in French (`bookLanguage` "fr…"), whose typography sets a space before ; : ! ?:
 * only the space before , and . is removed.
 */
export const spaceBeforePunctuationFrench: Rule = spaceBeforePunctuationFor(SPACED_FRENCH, ANY_SPACED_FRENCH);

function spaceBeforePunctuationFor(spaced: RegExp, anySpaced: RegExp): Rule {
  return {
    name: 'space-before-punctuation',
    summary:
      'remove the space before , ; : ! ? . (ratios such as "3 : 1" and spaced ellipses ". . ." kept; in French, before , and . only)',
    usesBookContext: false,
    apply(text, _context, onEdit) {
      if (!anySpaced.test(text)) return text;
      return replaceMatches(
        text,
        spaced,
        (m) => {
          const mark = m[1] ?? '';
          const before = m.input.charAt(m.index - 1);
          const after = m.input.slice(m.index + m[0].length, m.index + m[0].length + 2);
          if ((mark === '.' || mark === ':') && /\d/.test(before) && /^\s\d/.test(after)) return m[0];
          // A spaced ellipsis (". . .", "wept . . .", "1, 2, 3, . . . , n") is the author's typography.
          if (mark === '.' && inSpacedEllipsis(m.input, m.index + m[0].length - 1)) return m[0];
          // Spacing around punctuation in another script's text is that script's typography.
          if (isInsideOtherScript(m.input, m.index, m.index + m[0].length)) return m[0];
          return mark;
        },
        onEdit,
      );
    },
  };
}
