import { touchesUrl } from './urls.js';

// A markup tag quoted in the text (a book about HTML or EPUB shows `<link rel="stylesheet">`).
const TAG = /<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/g;

let cachedText = '';
let cachedSpans: Array<readonly [number, number]> = [];

function tagSpans(text: string): ReadonlyArray<readonly [number, number]> {
  if (text === cachedText) return cachedSpans;
  const spans: Array<readonly [number, number]> = [];
  if (text.includes('<')) for (const m of text.matchAll(TAG)) spans.push([m.index, m.index + m[0].length]);
  cachedText = text;
  cachedSpans = spans;
  return spans;
}

/** True when the characters [start, end) of `text` touch a markup tag quoted in the text. */
export function touchesMarkup(text: string, start: number, end: number): boolean {
  for (const [from, to] of tagSpans(text)) if (start < to && end > from) return true;
  return false;
}

/**
 * True when the characters [start, end) of `text` touch something that must be kept as written:
 * a web address or a quoted markup tag (`epub:type="pagenumber"` is not "page number").
 */
export function touchesVerbatim(text: string, start: number, end: number): boolean {
  return touchesUrl(text, start, end) || touchesMarkup(text, start, end);
}
