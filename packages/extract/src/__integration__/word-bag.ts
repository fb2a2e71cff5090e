/**
 * Words (runs of letters, marks, digits) as a multiset, lower case; Chinese and Japanese characters count
 * one by one, since those scripts do not separate words (and inline markup such as ruby splits the runs).
 */
export function wordBag(text: string): Map<string, number> {
  const words = new Map<string, number>();
  const pattern =
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\P{L}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}][\p{L}\p{M}\p{N}]*|\p{N}[\p{L}\p{M}\p{N}]*/gu;
  for (const w of text.normalize('NFC').toLowerCase().match(pattern) ?? [])
    words.set(w, (words.get(w) ?? 0) + 1);
  return words;
}

/** Share of the source's words (with multiplicity) found in the output. */
export function wordCoverage(source: Map<string, number>, output: Map<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [word, n] of source) {
    total += n;
    found += Math.min(n, output.get(word) ?? 0);
  }
  return total === 0 ? 1 : found / total;
}
