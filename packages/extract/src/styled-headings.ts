import { type ClassRule, rulesOf, withDocumentStyles } from './css-classes.js';
import type { DocumentItem } from './dom-items.js';
import { classifyHeading, type HeadingRole, type HeadingRules, numberValue } from './headings.js';

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
 * processor's way) a `<span>` whose class or style says bold or names a heading style, or whose class the
 * book's style sheets set in bold (`boldClasses`, see `boldClassesOf`).
 */
export function isBoldInline(
  tag: string,
  className: string | undefined,
  style: string | undefined,
  boldClasses?: ReadonlySet<string>,
): boolean {
  if (tag === 'b' || tag === 'strong') return true;
  if (tag !== 'span') return false;
  return (
    (className !== undefined &&
      (BOLD_CLASS.test(className) || HEADING_CLASS.test(className) || hasClassIn(className, boldClasses))) ||
    (style !== undefined && BOLD_STYLE.test(style))
  );
}

/** True when a `class` attribute names one of `classes`. */
export function hasClassIn(className: string | undefined, classes: ReadonlySet<string> | undefined): boolean {
  if (className === undefined || classes === undefined || classes.size === 0) return false;
  return className.split(/\s+/).some((name) => classes.has(name));
}

/**
 * The classes set in bold by the book's style sheets (`book`) and by the document's own `<style>`
 * elements (Google Docs writes its styles in the document): `book` itself when the document has none.
 */
export function documentBoldClasses(html: string, book: ReadonlySet<string>): ReadonlySet<string> {
  return withDocumentStyles(html, book, boldClassesOf);
}

/**
 * The classes a style sheet sets in bold (`.span2 { font-weight: bold }`): how a word processor's EPUB
 * export (LibreOffice's) marks its headings, as paragraphs of a numbered class with no heading element.
 * Only selectors of one class count (`classRules`). Pure.
 */
export function boldClassesOf(css: string | readonly ClassRule[]): Set<string> {
  const classes = new Set<string>();
  for (const rule of rulesOf(css)) {
    if (!BOLD_STYLE.test(rule.body)) continue;
    for (const { name } of rule.classes) classes.add(name);
  }
  return classes;
}

/** A section's number, as a regular expression's source: "1", "1.1", "2.3." (its dot after it included). */
export const SECTION_NUMBER = '\\d{1,3}(?:\\.\\d{1,3})*\\.?';

/** A class naming a heading's number or label: "chapter-number", "chapnum", "label", "ordinal". */
export const NUMBER_LABEL_CLASS = /num|label|ordinal/i;

/** True when an element's class says it holds a heading's number or label apart from its title. */
export function isNumberLabelClass(cls: string | undefined): boolean {
  return cls !== undefined && NUMBER_LABEL_CLASS.test(cls);
}

/** A font size in a rule: the number and its unit. */
const FONT_SIZE = /font-size\s*:\s*(\d+(?:\.\d+)?)\s*(pt|px|em|rem|%)/i;
/** Points per unit, a body font taken for 12 pt (1em): where a size stands among headings and text. */
const POINTS: Readonly<Record<string, number>> = { pt: 1, px: 0.75, em: 12, rem: 12, '%': 0.12 };
/** The least size, in points, of a bold class taken for headings: a sixth larger than body text. */
const HEADING_POINTS = 14;

/**
 * The classes a style sheet sets in bold and larger than body text (`.span0 { font-size: 18pt;
 * font-weight: bold }`), with their size in points: LibreOffice exports a word processor's headings as
 * paragraphs of such classes, without heading elements and without the numbers its outline gave them.
 * One-class selectors only (`classRules`). Added to `classes` (a book's style sheets, one after
 * another), each class at the largest size any of them gives it.
 */
export function largeBoldClassesOf(
  css: string | readonly ClassRule[],
  classes = new Map<string, number>(),
): Map<string, number> {
  for (const { classes: styled, body } of rulesOf(css)) {
    const size = FONT_SIZE.exec(body);
    if (!size || !BOLD_STYLE.test(body)) continue;
    const points = Number(size[1]) * (POINTS[(size[2] ?? '').toLowerCase()] ?? 0);
    if (points < HEADING_POINTS) continue;
    for (const { name } of styled) classes.set(name, Math.max(points, classes.get(name) ?? 0));
  }
  return classes;
}

/** Heading levels of large bold classes (`largeBoldClassesOf`): the largest size level 1, and so on. */
export function headingLevelsOf(sizes: ReadonlyMap<string, number>): Map<string, number> {
  const ranked = [...new Set(sizes.values())].sort((a, b) => b - a);
  return new Map([...sizes].map(([name, points]) => [name, Math.min(ranked.indexOf(points) + 1, 6)]));
}

/** A line that opens with a section's number and then a word: "1.2 Change of State", "2.1.3 நிழல்கள்". */
const PLAIN_SECTION = /^\d{1,2}(?:\.\d{1,2}){1,2}\s+\p{L}/u;

/** Longest plain paragraph (neither bold nor of a heading class) taken for a heading. */
export const PLAIN_HEADING_MAX_CHARS = 80;
/** A dot leader (a printed contents line) or closing punctuation (a sentence). */
const LEADER_OR_SENTENCE = /\.{3,}|…|[.?!,;:]$/u;
/** A page number after a title, as a printed contents page sets it: "Heat 14". */
const TRAILING_NUMBER = /\s\d{1,4}$/u;
/** A designation alone, a word and its number: "UNIT 1", "அலகு 3", "Chapter-2", "CHAPTER IV". */
const DESIGNATION_ALONE = /^[\p{L}\p{M}]+(?:\s*[-–—:.]?\s*\d{1,3}|\s+[IVXLC]{1,7}\.?)$/u;

/**
 * True when a plain paragraph's text may be a heading: short, and neither a printed contents line (a dot
 * leader, or a page number after a title: "Heat 14", though "UNIT 1" alone may be) nor a sentence.
 */
export function mayBePlainHeading(text: string): boolean {
  if (text.length > PLAIN_HEADING_MAX_CHARS || LEADER_OR_SENTENCE.test(text)) return false;
  return !TRAILING_NUMBER.test(text) || DESIGNATION_ALONE.test(text);
}

/**
 * The section a plain line may head: a section's number and a title, short and no sentence ("1.2 Change
 * of State", not "1.2 Define matter." or a contents line), whether or not it is the one that comes next
 * (`isNextSection` says that). Undefined for any other line.
 */
export function plainSectionLine(
  text: string,
  rules: HeadingRules,
): Extract<HeadingRole, { role: 'topic' }> | undefined {
  if (!PLAIN_SECTION.test(text) || !mayBePlainHeading(text)) return undefined;
  const role = classifyHeading(text, rules);
  return role.role === 'topic' ? role : undefined;
}

/**
 * A designation that opens a line: a word and a chapter's number ("Unit 2 Light", "CHAPTER IV"), not a
 * section's ("Activity 1.2"); group 1 the word, group 2 the number.
 */
const DESIGNATION_LEAD = /^([\p{L}\p{M}]+)\s*[-–—:.]?\s*(\d{1,3}(?![\d.]\d|\d)|[IVXLC]{1,7}\b)/u;

/** A line read for a heading: its text, and whether it comes right after the line before it (no text between). */
export interface HeadingLine {
  text: string;
  follows: boolean;
}

/**
 * The indexes of the lines (`lines`, in reading order) that list a book's chapters rather than open them:
 * two or more in a row, nothing between, each opening with the same designation word and a greater number
 * than the one before ("Unit 1 Matter Around Us", "Unit 2 Light and Shadows"), as a contents page without
 * page numbers sets them (a book written as plain text or in a word processor). A chapter's own heading
 * has its text after it; the first unit's right after the list ("UNIT 1 MATTER AROUND US" after "Unit 3
 * Our Environment") starts the numbers again. Pure.
 */
export function contentsRunIndexes(lines: readonly HeadingLine[]): Set<number> {
  const listed = new Set<number>();
  let start = 0;
  let word: string | undefined;
  let number = 0;
  const close = (end: number) => {
    if (word !== undefined && end - start >= 2) for (let i = start; i < end; i += 1) listed.add(i);
  };
  for (const [i, line] of lines.entries()) {
    const lead = DESIGNATION_LEAD.exec(line.text);
    const leadWord = lead?.[1]?.toLowerCase();
    const leadNumber = (lead && numberValue(lead[2] as string)) ?? 0;
    const previous = number;
    number = leadNumber;
    if (leadWord !== undefined && line.follows && leadWord === word && leadNumber > previous) continue;
    close(i);
    start = i;
    word = leadWord;
  }
  close(lines.length);
  return listed;
}

/**
 * The headings of a contents list (`contentsRunIndexes`: lines in a row with nothing but anchors between,
 * each a designation word and a number) made paragraphs again: in a document whose paragraphs were read as
 * headings, a contents page without page numbers had opened an empty chapter per line. Pure.
 */
export function withoutContentsRuns(items: readonly DocumentItem[]): readonly DocumentItem[] {
  const lines: HeadingLine[] = [];
  const at: number[] = [];
  let follows = false;
  for (const [i, item] of items.entries()) {
    if (item.kind === 'heading') {
      lines.push({ text: item.text, follows });
      at.push(i);
      follows = true;
    } else if (item.kind !== 'anchor') follows = false;
  }
  const listed = contentsRunIndexes(lines);
  if (listed.size === 0) return items;
  const demoted = new Set([...listed].map((i) => at[i] as number));
  return items.map((item, i) =>
    item.kind === 'heading' && demoted.has(i)
      ? { kind: 'block', block: { type: 'paragraph', text: item.text } }
      : item,
  );
}

/** Longest line taken for the title of a designation set alone ("UNIT 1", then "Laws of Motion"). */
const TITLE_LINE_MAX_CHARS = 60;
const DIGIT = /\d/;

/** A question's or an exclamation's mark that ends a title set in a heading style: "Is Matter Pure?". */
const TITLE_MARK = /[?!]$/u;

/**
 * Joins a heading that is a designation alone to the plain line right after it, when that line reads as
 * a title (short, no number, neither a contents line nor a sentence): "UNIT 1" and "Laws of Motion" make
 * the heading "UNIT 1 Laws of Motion", as a textbook converted from PDF sets a unit's opening. A line in a
 * heading style may end as a question does ("CHAPTER 2", then "Is Matter Pure?" in the title's class).
 * Across a page's pictures between the two: the anchors among them come before the joined heading, the
 * pictures after it. Pure.
 */
export function withDesignationTitles(items: readonly DocumentItem[]): DocumentItem[] {
  const out: DocumentItem[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as DocumentItem;
    if (item.kind !== 'heading' || !DESIGNATION_ALONE.test(item.text)) {
      out.push(item);
      continue;
    }
    // A page's pictures (and its page-break anchor) may stand between: the designation at one page's
    // foot, the title on the next page under its picture. Anchors alone do not (a TOC's link to the title
    // after a designation set apart labels the chapter).
    let at = i + 1;
    while (isPictureOrAnchor(items[at])) at += 1;
    const between = items.slice(i + 1, at);
    if (between.length > 0 && between.every((b) => b.kind === 'anchor')) at = i + 1;
    const next = items[at];
    if (
      next?.kind === 'block' &&
      next.block.type === 'paragraph' &&
      !next.block.heading &&
      next.block.text.length <= TITLE_LINE_MAX_CHARS &&
      !DIGIT.test(next.block.text) &&
      mayBePlainHeading(next.styled ? next.block.text.replace(TITLE_MARK, '') : next.block.text)
    ) {
      // The anchors between come first, the pictures after the joined heading.
      const skipped = items.slice(i + 1, at);
      out.push(
        ...skipped.filter((b) => b.kind === 'anchor'),
        { ...item, text: `${item.text} ${next.block.text}` },
        ...skipped.filter((b) => b.kind !== 'anchor'),
      );
      i = at;
    } else out.push(item);
  }
  return out;
}

/** A figure block or an anchor: what a page may hold between a unit's designation and its title. */
function isPictureOrAnchor(item: DocumentItem | undefined): boolean {
  return item?.kind === 'anchor' || (item?.kind === 'block' && item.block.type === 'figure');
}
