import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

// The innermost "open bracket … close bracket" (no other open/close inside), at most 200 characters.
const OPEN = '[Oo]pen(?:ing)? brackets?';
const CLOSE = '[Cc]los(?:e|ing) brackets?';
const PAIR = new RegExp(
  `(?<![\\p{L}])${OPEN} ((?:(?!${OPEN}|${CLOSE}).){1,200}?) ${CLOSE}(?![\\p{L}])`,
  'gu',
);

/**
 * Spoken brackets become brackets: "open bracket F plus 460 close bracket" → "(F plus 460)"
 * (the operators rule then makes it "(F + 460)"). Nested pairs are resolved inside out; an
 * "open bracket" without its "close bracket" is left as it is.
 */
export const spokenBrackets: Rule = {
  name: 'spoken-brackets',
  summary: 'spoken brackets to brackets ("open bracket F plus 460 close bracket" → "(F + 460)")',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!/[Oo]pen/.test(text)) return text;
    let current = text;
    for (;;) {
      const next = replaceMatches(current, PAIR, (m) => `(${m[1] ?? ''})`, onEdit);
      if (next === current) return current;
      current = next;
    }
  },
};
