import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { isInsideOtherScript } from './scripts.js';

// Spaces before , ; : ! ? . when the mark ends a phrase (a space, the end, or a closing quote or
// bracket follows). A mark glued to the next word (" .5", " .Agriculture") is left alone.
const SPACED = /(?<=[^\s|]) +([,;:!?.])(?=\s|$|[”’"')\]])/g;
const ANY_SPACED = / [,;:!?.]/;

/**
 * Removes the space before , ; : ! ? and . — but never inside a ratio or formula ("3 : 1",
 * "Al2O3 . 2H2O") and never adds one.
 */
export const spaceBeforePunctuation: Rule = {
  name: 'space-before-punctuation',
  summary: 'remove the space before , ; : ! ? . (ratios such as "3 : 1" kept)',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_SPACED.test(text)) return text;
    return replaceMatches(
      text,
      SPACED,
      (m) => {
        const mark = m[1] ?? '';
        const before = m.input.charAt(m.index - 1);
        const after = m.input.slice(m.index + m[0].length, m.index + m[0].length + 2);
        if ((mark === '.' || mark === ':') && /\d/.test(before) && /^\s\d/.test(after)) return m[0];
        // Spacing around punctuation in another script's text is that script's typography.
        if (isInsideOtherScript(m.input, m.index, m.index + m[0].length)) return m[0];
        return mark;
      },
      onEdit,
    );
  },
};
