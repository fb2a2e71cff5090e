import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { DECIMAL } from './numbers.js';

// Two numbers with "by" between them, not part of a longer chain ("by 5 by 9", "1/2 by 3"), not
// glued to letters (except an ordinal ending: "1 by 12th") and not beside a + or − whose grouping
// the spoken form leaves open ("330 by 330 minus 30" may mean 330/(330 − 30)).
const OPERATOR = '(?:[+−-]|plus|minus|PLUS|MINUS)';
const FRACTION = new RegExp(
  `(?<![\\d./\\p{L}]|by |${OPERATOR} )(${DECIMAL}) by (${DECIMAL})(?!\\d|\\.\\d| ${OPERATOR}(?![\\p{L}])|(?!(?:st|nd|rd|th)(?![\\p{L}]))\\p{L})`,
  'gu',
);

/** "5 by 9" between two numbers becomes "5/9"; "by" anywhere else stays. */
export const spokenFractions: Rule = {
  name: 'spoken-fractions',
  summary: 'spoken fractions between numbers to a slash ("5 by 9" → "5/9")',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!text.includes(' by ')) return text;
    return replaceMatches(text, FRACTION, (m) => `${m[1]}/${m[2]}`, onEdit);
  },
};
