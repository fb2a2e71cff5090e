import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { isInsideLatinText } from './scripts.js';

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};

// Latin ligatures, or a run of fullwidth letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９). Fullwidth
// punctuation, brackets and spaces are never folded: they are Chinese and Japanese punctuation, and
// folding one of a pair of brackets would leave "（cl-19)".
const FOLDABLE = /[\ufb00-\ufb06]|[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+/g;
const ANY_FOLDABLE = /[\ufb00-\ufb06\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/;

function fold(run: string): string {
  const ligature = LIGATURES[run];
  if (ligature !== undefined) return ligature;
  let out = '';
  for (const ch of run) out += String.fromCharCode((ch.codePointAt(0) ?? 0) - 0xfee0);
  return out;
}

/**
 * Folds the listed compatibility characters only: Latin ligatures (ﬁ → fi) and fullwidth letters
 * and digits inside Latin text (ＡＢＣ１ → ABC1 in an English sentence; "第３章" keeps its ３).
 * Superscripts, subscripts, °, ×, −, Greek, curly quotes and fullwidth punctuation are not in the
 * list.
 */
export const foldCompatibility: Rule = {
  name: 'fold-compatibility',
  summary:
    'fold Latin ligatures (ﬁ → fi) and fullwidth letters and digits in Latin text (Ａ１ → A1); nothing else',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!ANY_FOLDABLE.test(text)) return text;
    return replaceMatches(
      text,
      FOLDABLE,
      (m) => {
        const isFullwidth = LIGATURES[m[0]] === undefined;
        if (isFullwidth && !isInsideLatinText(m.input, m.index, m.index + m[0].length)) return m[0];
        return fold(m[0]);
      },
      onEdit,
    );
  },
};
