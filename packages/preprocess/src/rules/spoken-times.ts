import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { DECIMAL, SUPERSCRIPT_CLASS } from './numbers.js';

// A number, a spoken or written "times", and a power of ten: scientific notation.
const TIMES = new RegExp(
  `(?<![\\d.])(${DECIMAL}) ?(?:times|into|multiplied by|multiply|x|X|×) ?(10[${SUPERSCRIPT_CLASS}]+)(?![\\d])`,
  'gu',
);

/**
 * Scientific notation gets its × sign: "3 times 10⁸" → "3 × 10⁸", "6.023x10²³" → "6.023 × 10²³".
 * Only a power of ten on the right counts, so "three times a day" and "98 times as heavy" stay.
 */
export const spokenTimes: Rule = {
  name: 'spoken-times',
  summary: 'spoken "times" in scientific notation to × ("3 times 10⁸" → "3 × 10⁸")',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!text.includes('10')) return text;
    return replaceMatches(text, TIMES, (m) => `${m[1]} × ${m[2]}`, onEdit);
  },
};
