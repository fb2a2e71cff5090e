import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { PROTECTED_CHAR } from './scripts.js';

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};

// Latin ligatures, or a run of fullwidth ASCII that does not touch a CJK (protected) character:
// fullwidth punctuation belongs to Chinese and Japanese text and is kept there.
const FOLDABLE = new RegExp(
  `[\\ufb00-\\ufb06]|(?<!${PROTECTED_CHAR})[\\uff01-\\uff5e]+(?!${PROTECTED_CHAR})`,
  'gu',
);
const ANY_FOLDABLE = /[\ufb00-\ufb06\uff01-\uff5e]/;

function fold(run: string): string {
  const ligature = LIGATURES[run];
  if (ligature !== undefined) return ligature;
  let out = '';
  for (const ch of run) out += String.fromCharCode((ch.codePointAt(0) ?? 0) - 0xfee0);
  return out;
}

/**
 * Folds the listed compatibility characters only: Latin ligatures (ﬁ → fi) and fullwidth ASCII
 * (ＡＢＣ１ → ABC1). Superscripts, subscripts, °, ×, −, Greek and curly quotes are not in the list.
 */
export const foldCompatibility: Rule = {
  name: 'fold-compatibility',
  summary: 'fold Latin ligatures (ﬁ → fi) and fullwidth ASCII (Ａ１ → A1); nothing else',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_FOLDABLE.test(text)) return text;
    return replaceMatches(text, FOLDABLE, (m) => fold(m[0]), onEdit);
  },
};
