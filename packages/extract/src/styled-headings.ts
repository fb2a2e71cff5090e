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
