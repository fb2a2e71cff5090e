/**
 * Headings set as paragraphs. A book converted from PDF, or exported from a layout program that did not
 * map its styles to heading elements, has no `<h1>`–`<h6>`: its headings are paragraphs all in bold, or
 * paragraphs of a heading style ("Chapter-Title", "Head-A", "H1", "unit_title"). Extract reads them as
 * headings in such a document, when their text is a structural title (see `extract-epub.ts`).
 */

/** A heading element anywhere in the markup: where there is one, no paragraph is taken for a heading. */
export const HEADING_ELEMENT = /<(?:[\w-]+:)?h[1-6][\s/>]/i;

/** A class name of a heading style: "Chapter-Title", "Head-A", "SubHead", "H1", "unit_title", "section-head". */
const HEADING_CLASS = /head|title|chapter|unit|section|(?:^|[\s_-])h[1-6](?:$|[\s_-])/i;

/** True when a `class` attribute names a heading style. */
export function isHeadingClass(className: string | undefined): boolean {
  return className !== undefined && HEADING_CLASS.test(className);
}

/** A class name that says bold ("bold", "Bold-Text", "fw-bold"). */
const BOLD_CLASS = /bold/i;
/** An inline style that sets bold: `font-weight: bold`, `bolder`, or 600 to 900. */
const BOLD_STYLE = /font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b/i;

/**
 * True when an inline element sets its text in bold, or as a heading: `<b>`, `<strong>`, or (a word
 * processor's way) a `<span>` whose class or style says bold or names a heading style.
 */
export function isBoldInline(tag: string, className: string | undefined, style: string | undefined): boolean {
  if (tag === 'b' || tag === 'strong') return true;
  if (tag !== 'span') return false;
  return (
    (className !== undefined && (BOLD_CLASS.test(className) || HEADING_CLASS.test(className))) ||
    (style !== undefined && BOLD_STYLE.test(style))
  );
}

/** Longest plain paragraph (neither bold nor of a heading class) taken for a heading. */
export const PLAIN_HEADING_MAX_CHARS = 80;
/**
 * A line of a printed table of contents, or a sentence: a dot leader, a page number after the title, or
 * closing punctuation. A plain paragraph like that is never a heading.
 */
const NOT_A_PLAIN_HEADING = /\.{3,}|…|\s\d{1,4}$|[.?!,;:]$/u;

/** True when a plain paragraph's text may be a heading: short, and neither a contents line nor a sentence. */
export function mayBePlainHeading(text: string): boolean {
  return text.length <= PLAIN_HEADING_MAX_CHARS && !NOT_A_PLAIN_HEADING.test(text);
}
