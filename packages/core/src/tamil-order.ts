/*
 * Tamil writes three vowel signs before the consonant they follow in speech and in Unicode: ெ (e), ே (ē),
 * ை (ai); ொ and ோ wrap it (ெ/ே before, ா after), ௌ too (ெ before, ௗ after). Text taken from a PDF by
 * its glyphs keeps the order they are drawn in: "ெசயல்" for செயல், "ேவண்டும்" for வேண்டும், "ெகாண்ட" for
 * கொண்ட. A reader sees it right in a font that draws the sign where it stands, but the text is broken for
 * a model, a search, a count or a heading's keyword.
 */

/** ெ ே ை: the vowel signs drawn before their consonant. */
const PREFIX_SIGN = /[\u0BC6-\u0BC8]/;
/** True for the code unit of a prefix sign (`PREFIX_SIGN`), tested per character without a regex. */
const isPrefixSign = (code: number): boolean => code >= 0x0bc6 && code <= 0x0bc8;
/** True for the code unit of a Tamil consonant (க … ஹ). */
const isConsonant = (code: number): boolean => code >= 0x0b95 && code <= 0x0bb9;
/**
 * A prefix sign drawn before its consonant, and the length mark drawn after it when there is one:
 * group 1 the sign, group 2 the consonant, group 3 ா or ௗ. Global: reset `lastIndex` before `exec`.
 */
export const TAMIL_DRAWN_SYLLABLE = /([\u0BC6-\u0BC8])([\u0B95-\u0BB9])([\u0BBE\u0BD7])?/g;
/** A prefix sign and a length mark in Unicode's order, as one sign: ொ, ோ, ௌ (their NFC forms). */
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
 * not the order). Once put in Unicode's order, no sign stands so.
 */
export function inTamilDrawnOrder(text: string): boolean {
  if (!PREFIX_SIGN.test(text)) return false;
  let signs = 0;
  let orphans = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!isPrefixSign(text.charCodeAt(i))) continue;
    signs += 1;
    // charCodeAt past either end is NaN: no consonant there.
    if (!isConsonant(text.charCodeAt(i - 1)) && isConsonant(text.charCodeAt(i + 1))) orphans += 1;
  }
  return orphans > 0 && orphans >= signs * MIN_ORPHAN_SHARE;
}

/** One syllable of `TAMIL_DRAWN_SYLLABLE` in Unicode's order: the consonant, then its sign ("ெகா" → "கொ"). */
export function logicalTamilSyllable(sign: string, consonant: string, mark = ''): string {
  return consonant + (TWO_PART[sign + mark] ?? sign + mark);
}

/** `text` with its Tamil in Unicode's order where it is in drawn order (`inTamilDrawnOrder`); else as it is. */
export function tamilInLogicalOrder(text: string): string {
  if (!inTamilDrawnOrder(text)) return text;
  return text.replace(TAMIL_DRAWN_SYLLABLE, (_, sign: string, consonant: string, mark?: string) =>
    logicalTamilSyllable(sign, consonant, mark),
  );
}
