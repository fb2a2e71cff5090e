import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { DECIMAL, SUPERSCRIPT_CLASS } from './numbers.js';

// An operand on the left: a number or a one-letter variable (not the article "a"/"A"), maybe with
// an index digit and a superscript, or a closing bracket. On the right: a number, a variable, or
// an opening bracket.
const LEFT = `(?<=(?:^|[^\\p{L}\\p{N}.])(?:${DECIMAL}|[B-Zb-z]\\d*)[${SUPERSCRIPT_CLASS}]*|\\))`;
const RIGHT = `(?=\\d|[B-Zb-z]\\d*(?![\\p{L}\\p{N}])|\\()`;
const OPERATOR = new RegExp(`${LEFT} (plus|PLUS|Plus|minus|MINUS|Minus) ${RIGHT}`, 'gu');

/**
 * "plus" and "minus" between two operands become + and −: "F plus 460" → "F + 460",
 * "330 minus 30" → "330 − 30". Words around them ("surplus", "plus two electrons") stay.
 */
export const spokenOperators: Rule = {
  name: 'spoken-operators',
  summary: 'spoken plus/minus between numbers or variables to + and − ("F plus 460" → "F + 460")',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!/plus|minus/i.test(text)) return text;
    return replaceMatches(text, OPERATOR, (m) => (m[1]?.toLowerCase() === 'plus' ? ' + ' : ' − '), onEdit);
  },
};
