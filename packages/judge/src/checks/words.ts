// Words, on their own: the checks and the quiz parser all use them (no check module imports another's parser).

/** Lower-cased words (letters, marks and digits), punctuation dropped. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}
