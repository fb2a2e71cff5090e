import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { PROTECTED_RUN } from './scripts.js';

// Either a protected run (kept as written) or a run of other non-space characters (normalized).
const RUNS = new RegExp(
  `(${PROTECTED_RUN})|(?:(?!\\s)[\\p{sc=Latin}\\p{sc=Common}\\p{sc=Inherited}])+`,
  'gu',
);
const ASCII_ONLY = /^[\t\n\r -~]*$/;

/**
 * Unicode NFC (canonical composition), never NFKC: "m s⁻²" keeps its superscripts. Runs of
 * non-Latin scripts (Tamil, Greek, …) are left byte-identical, even when not in NFC.
 */
export const unicodeNfc: Rule = {
  name: 'unicode-nfc',
  summary: 'compose Latin text to Unicode NFC (never NFKC); non-Latin scripts untouched',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (ASCII_ONLY.test(text) || text.normalize('NFC') === text) return text;
    return replaceMatches(text, RUNS, (m) => (m[1] === undefined ? m[0].normalize('NFC') : m[0]), onEdit);
  },
};
