/** Shared pieces of the spoken-mathematics rules. */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** A spoken whole number from zero to ninety-nine ("seven", "twenty three", "twenty-three"). */
export const NUMBER_WORD = `(?:(?:${TENS.join('|')})(?:[ -](?:${ONES.slice(1, 10).join('|')}))?|${[...ONES].reverse().join('|')})`;

/** The value of a spoken number matched by NUMBER_WORD, lower case. */
export function numberWordValue(words: string): number {
  const parts = words.toLowerCase().split(/[ -]/);
  let value = 0;
  for (const part of parts) {
    const one = ONES.indexOf(part);
    value += one >= 0 ? one : (TENS.indexOf(part) + 2) * 10;
  }
  return value;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Superscript digits (and ⁻) of a whole number: superscript(-2) === '⁻²'. */
export function superscript(value: number): string {
  let out = value < 0 ? '⁻' : '';
  for (const digit of String(Math.abs(value))) out += SUPERSCRIPT_DIGITS[Number(digit)] ?? '';
  return out;
}

/** A character class body of superscript digits and the superscript minus. */
export const SUPERSCRIPT_CLASS = '⁰¹²³⁴⁵⁶⁷⁸⁹⁻';

/** A plain decimal number: 10, 9.8, 0.0001. */
export const DECIMAL = '\\d+(?:\\.\\d+)?';
