import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

/*
 * Tamil writes three vowel signs before the consonant they follow in speech and in Unicode: ெ (e), ே (ē),
 * ை (ai); ொ and ோ wrap it (ெ/ே before, ா after), ௌ too (ெ before, ௗ after). Text taken from a PDF by
 * its glyphs keeps the order they are drawn in: "ெசயல்" for செயல், "ேவண்டும்" for வேண்டும், "ெகாண்ட" for
 * கொண்ட. A reader sees it right in a font that draws the sign where it stands, but the text is broken for
 * a model, a search or a count.
 */

/** ெ ே ை: the vowel signs drawn before their consonant. */
const PREFIX_SIGN = /[\u0BC6-\u0BC8]/;
/** A Tamil consonant (க … ஹ). */
const CONSONANT = /[\u0B95-\u0BB9]/;
/**
 * A prefix sign drawn before its consonant, and the length mark drawn after it when there is one:
 * group 1 the sign, group 2 the consonant, group 3 ா or ௗ.
 */
const DRAWN_ORDER = /([\u0BC6-\u0BC8])([\u0B95-\u0BB9])([\u0BBE\u0BD7])?/g;
/** A prefix sign and a length mark in logical order, as one sign: ொ, ோ, ௌ (their NFC forms). */
const TWO_PART: Readonly<Record<string, string>> = {
  '\u0BC6\u0BBE': '\u0BCA',
  '\u0BC7\u0BBE': '\u0BCB',
  '\u0BC6\u0BD7': '\u0BCC',
};
/**
 * Least share of a text's prefix signs that stand where no consonant precedes them (at a word's start,
 * after another sign or a vowel) for the text to be in drawn order. In text in Unicode's order no sign
 * stands so; in drawn order, every word that starts with such a syllable (பெரிய, வேண்டும், கொண்ட) has one.
 */
const MIN_ORPHAN_SHARE = 0.25;

/**
 * True when `text` holds Tamil in drawn order: of its prefix signs, a quarter at least stand with no
 * consonant before them and one after (none does in Unicode's order; a stray sign among many is a typo,
 * not the order). Once moved, no sign stands so: the rule, applied again, changes nothing.
 */
export function inDrawnOrder(text: string): boolean {
  let signs = 0;
  let orphans = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!PREFIX_SIGN.test(text[i] as string)) continue;
    signs += 1;
    const after = text[i + 1];
    if ((i === 0 || !CONSONANT.test(text[i - 1] as string)) && after !== undefined && CONSONANT.test(after))
      orphans += 1;
  }
  return orphans > 0 && orphans >= signs * MIN_ORPHAN_SHARE;
}

/**
 * Puts the vowel signs of Tamil taken from a PDF in drawn order back after their consonant ("ெசயல்" →
 * "செயல்", "ெகாண்ட" → "கொண்ட"), in a text whose signs show that order (`inDrawnOrder`); text in Unicode's
 * order is never touched.
 */
export const tamilVowelOrder: Rule = {
  name: 'tamil-vowel-order',
  summary: 'put Tamil vowel signs a PDF left before their consonant ("ெசயல்" → "செயல்") after it',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!PREFIX_SIGN.test(text) || !inDrawnOrder(text)) return text;
    return replaceMatches(
      text,
      DRAWN_ORDER,
      (m) => {
        const [, sign = '', consonant = '', mark = ''] = m;
        return consonant + (TWO_PART[sign + mark] ?? sign + mark);
      },
      onEdit,
    );
  },
};
