/** One letter, mark or digit (a code point), tested where `lastIndex` points. */
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/uy;

/** A-Z, a-z or 0-9 (a UTF-16 code). */
function isAsciiWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

/**
 * Counts words (runs of letters, marks or digits) in a text: what `text.match(/[\p{L}\p{M}\p{N}]+/gu)`
 * finds, counted without making a string of every word (a textbook has some 140,000). ASCII is tested
 * by its codes, any other character by the Unicode classes. Extract's summary and the run report
 * count with it, so that the two give a book the same number of words.
 * @example countWords('H₂O is water') // 3
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    let isWordCharacter: boolean;
    if (code < 0x80) {
      isWordCharacter = isAsciiWordCode(code);
    } else {
      WORD_CHARACTER.lastIndex = i;
      isWordCharacter = WORD_CHARACTER.test(text);
      // A character outside the BMP is two code units: the test took both.
      if (WORD_CHARACTER.lastIndex > i + 1) i = WORD_CHARACTER.lastIndex - 1;
    }
    if (isWordCharacter && !inWord) words += 1;
    inWord = isWordCharacter;
  }
  return words;
}
