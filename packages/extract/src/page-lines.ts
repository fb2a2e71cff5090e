import type { DocumentItem } from './dom-items.js';
import { paragraphText } from './page-furniture.js';

/** Text that ends a sentence or a quotation: the line after it may start a paragraph. */
const SENTENCE_END = /[.!?…:;"”’)\]]$/u;
const STARTS_LOWER = /^\p{Ll}/u;

/**
 * Joins the lines of a fixed-layout page that its maker set one to a paragraph (each placed on the page
 * by itself): a line that ends mid-sentence and the line after it, when that one starts in lower case,
 * are one paragraph. A hyphen at a line's end stays, with a space after it, for preprocess to mend
 * ("exam- ple"). Anything else (headings, lists, a line after a full stop) stays as it is. Pure.
 */
export function joinedPageLines(items: readonly DocumentItem[]): DocumentItem[] {
  const out: DocumentItem[] = [];
  for (const item of items) {
    const next = paragraphText(item);
    const last = out[out.length - 1];
    const previous = paragraphText(last);
    if (
      next !== undefined &&
      previous !== undefined &&
      !SENTENCE_END.test(previous) &&
      STARTS_LOWER.test(next)
    ) {
      out[out.length - 1] = { kind: 'block', block: { type: 'paragraph', text: `${previous} ${next}` } };
      continue;
    }
    out.push(item);
  }
  return out;
}
