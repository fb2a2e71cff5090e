/**
 * Characters of scripts the cleaner must never change: every script but Latin (and the shared
 * Common / Inherited characters), so Tamil, Greek, Devanagari, CJK … pass through byte for byte.
 */
export const PROTECTED_CHAR = '[^\\p{sc=Latin}\\p{sc=Common}\\p{sc=Inherited}]';

/** A run of protected characters with the combining marks and joiners that follow them. */
export const PROTECTED_RUN = `(?:${PROTECTED_CHAR}[\\p{sc=Inherited}]*)+`;

const HAS_PROTECTED = new RegExp(PROTECTED_CHAR, 'u');

/** True when `text` holds any character of a protected (non-Latin) script. */
export function hasProtectedScript(text: string): boolean {
  return HAS_PROTECTED.test(text);
}

/** The script of the nearest letter on one side of a place in a text. */
export type Neighbour = 'latin' | 'other' | 'none';

const LATIN_LETTER = /\p{sc=Latin}/u;
// Letters of another script, and the characters that only other scripts use (Arabic digits and
// punctuation ، ؛ ؟, Japanese and Chinese punctuation 。「」, the danda, Arabic vowel marks); a
// Common letter such as the kana prolonged sound mark ー is counted with them.
const OTHER = /[^\p{scx=Latin}\p{scx=Common}\p{scx=Inherited}]|\p{L}/u;
// Module constants: a literal inside `classify` would be a new RegExp object at every character looked at.
const LETTER = /\p{L}/u;

function classify(ch: string): Neighbour | undefined {
  const code = ch.codePointAt(0) ?? 0;
  // Fullwidth ASCII (Ａ, １, （) is how Chinese and Japanese typesetting writes Latin: it says
  // nothing about whether the text around it is Latin, so it is looked past.
  if (code >= 0xff01 && code <= 0xff5e) return undefined;
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? 'latin' : undefined;
  if (LATIN_LETTER.test(ch) && LETTER.test(ch)) return 'latin';
  return OTHER.test(ch) ? 'other' : undefined;
}

/**
 * The script of the nearest letter before `index` (direction -1) or at and after `index`
 * (direction 1) on the same line, looking past digits, punctuation, spaces, marks and fullwidth
 * ASCII. Characters of non-Latin scripts that are not letters (Arabic digits, ، ؛ ؟) count as
 * that script.
 */
export function nearestLetter(text: string, index: number, direction: 1 | -1): Neighbour {
  let i = direction === 1 ? index : index - 1;
  while (i >= 0 && i < text.length) {
    let ch = text.charAt(i);
    if (ch === '\n') return 'none';
    const unit = text.charCodeAt(i);
    // A surrogate pair (CJK extension B and beyond) is one character.
    if (direction === -1 && unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      i -= 1;
      ch = text.slice(i, i + 2);
    } else if (direction === 1 && unit >= 0xd800 && unit <= 0xdbff) {
      ch = text.slice(i, i + 2);
      i += 1;
    }
    const kind = classify(ch);
    if (kind !== undefined) return kind;
    i += direction;
  }
  return 'none';
}

/**
 * True when the characters [start, end) of `text` sit in the text of another script: the nearest
 * letter on either side (same line) is not Latin. Such characters — spaces, punctuation,
 * brackets, invisible characters — belong to that script's text and are never changed.
 */
export function touchesOtherScript(text: string, start: number, end: number): boolean {
  return nearestLetter(text, start, -1) === 'other' || nearestLetter(text, end, 1) === 'other';
}

/**
 * True when the characters [start, end) of `text` sit inside the text of another script: no Latin
 * letter is the nearest on either side, and another script's is on at least one ("70\u00a0مليون",
 * "え？\u3000それ"). A space between an English word and a Tamil one is not inside either.
 */
export function isInsideOtherScript(text: string, start: number, end: number): boolean {
  const before = nearestLetter(text, start, -1);
  const after = nearestLetter(text, end, 1);
  return before !== 'latin' && after !== 'latin' && (before === 'other' || after === 'other');
}

/**
 * True when the characters [start, end) of `text` sit inside Latin text: a Latin letter is the
 * nearest letter on at least one side and no other script is on either side.
 */
export function isInsideLatinText(text: string, start: number, end: number): boolean {
  const before = nearestLetter(text, start, -1);
  const after = nearestLetter(text, end, 1);
  return before !== 'other' && after !== 'other' && (before === 'latin' || after === 'latin');
}
