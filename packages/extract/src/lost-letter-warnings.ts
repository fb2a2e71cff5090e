import { formatCount, inLegacyFont, type LostLetters, scriptsWithLostLetters } from '@kalvimate/core';

/** `part` of `whole` as a percentage to one decimal: "0.2 %". */
const bookShare = (part: number, whole: number) => `${Math.round((part / Math.max(whole, 1)) * 1000) / 10} %`;

/**
 * What extract says of letters a conversion lost (`LostLetters`, counted over the book's text): a line per
 * script whose words fell apart, one when the text reads as an 8-bit font taken for Latin letters, and one
 * when characters could not be read at all. None for a book without such signs. Pure.
 */
export function lostLetterWarnings(lost: LostLetters): string[] {
  const warnings = scriptsWithLostLetters(lost).map(
    ({ script, words, loneConsonants }) =>
      `the ${script} text (${formatCount(words)} words, ${bookShare(words, lost.words)} of the book's) has lost letters in a conversion: ${formatCount(loneConsonants)} of its ${formatCount(words)} words are a consonant alone, what a PDF converter leaves of words whose joined letters it could not read; prompts made from it would teach broken words. No converter can put them back: get the book as an EPUB, or its source files, from its publisher`,
  );
  if (inLegacyFont(lost)) {
    warnings.push(
      `${formatCount(lost.legacyFontWords)} of the text's ${formatCount(lost.words)} words read as an 8-bit font of an Indian script taken for Latin letters (Tamil's Bamini, TAM, TAB or TSCII, Hindi's Kruti Dev: "jkpo;" is Bamini's தமிழ், "gS" Kruti Dev's है); prompts made from it would teach gibberish. Convert the text to Unicode with a font converter for its encoding, or get the book in Unicode from its publisher`,
    );
  }
  if (lost.unreadable > 0) {
    warnings.push(
      `${formatCount(lost.unreadable)} character(s) of the text are U+FFFD (�), characters a conversion could not read; they reach the prompts as they are`,
    );
  }
  return warnings;
}
