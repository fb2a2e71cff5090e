// A web address: with a scheme or "www.", or a dotted host followed by a path. Runs to the next space.
const URL = /(?:https?:\/\/|www\.)\S+|(?<![\w.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\/\S*/g;

let cachedText = '';
let cachedSpans: Array<readonly [number, number]> = [];

/** The [start, end) spans of web addresses in `text`. */
export function urlSpans(text: string): ReadonlyArray<readonly [number, number]> {
  if (text === cachedText) return cachedSpans;
  const spans: Array<readonly [number, number]> = [];
  if (text.includes('/') || text.includes('www.')) {
    for (const m of text.matchAll(URL)) spans.push([m.index, m.index + m[0].length]);
  }
  cachedText = text;
  cachedSpans = spans;
  return spans;
}

/** True when the characters [start, end) of `text` touch a web address (never edited). */
export function touchesUrl(text: string, start: number, end: number): boolean {
  for (const [from, to] of urlSpans(text)) if (start < to && end > from) return true;
  return false;
}
