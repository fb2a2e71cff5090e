import type { Block, TopicKind } from '@kalvimate/core';
import renderDom from 'dom-serializer';
import { type AnyNode, type CDATA, type Element, isTag } from 'domhandler';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { type DocumentRole, divisionRole, sectionKindOfTypes } from './doc-roles.js';
import { formulaOfImage } from './formula-image.js';
import { hasKeptSpace, indentsKept, keepsSpace, keptSpaceText, plainSpaces } from './kept-space.js';
import { hasOwnMarker, itemMarkers } from './list-markers.js';
import { checkNesting, tooDeep } from './markup-depth.js';
import { mathTreeToLatex } from './math.js';
import { mathTreeToText } from './math-text.js';
import { mathTreeOfElement } from './mathml-dom.js';
import { localName, parseMathml } from './mathml-tree.js';
import { isNoteLink } from './note-links.js';
import { designationOf } from './outline-plan.js';
import { furnitureAtPageBreaks, type PageBreakAt } from './page-furniture.js';
import { renderScript } from './script-marks.js';
import {
  HEADING_ELEMENT,
  hasClassIn,
  isBoldInline,
  isHeadingClass,
  isNumberLabelClass,
  SECTION_NUMBER,
} from './styled-headings.js';

/**
 * A heading, a content block or an anchor (an element whose id the table of contents points at), in
 * reading order: what segmentation works on.
 */
export type DocumentItem =
  | {
      kind: 'heading';
      level: number;
      text: string;
      /**
       * The element the heading heads, when it is not the document itself: the nearest section of its own
       * around it (`isSectioning`: a `<section>`, a text box) with content after the heading. Its `end`
       * item follows its content.
       */
      section?: number;
      /** The kind the type of that element gives its text (`epub:type="practices"`: exercises). */
      sectionKind?: TopicKind;
    }
  | {
      kind: 'block';
      block: Block;
      /** A paragraph styled as a heading whose text makes none (a title in a heading style). */
      styled?: true;
    }
  | { kind: 'anchor'; id: string }
  /** The element that `section` names closed: what follows is no longer under its heading. */
  | { kind: 'end'; section: number }
  /**
   * In a document of several divisions (`DocumentItemsOptions.divisions`), or at Project Gutenberg's own
   * header and licence (`boilerplateOf`), where the text of one begins: its role, or undefined where the
   * document's own text resumes after the last division closed.
   */
  | { kind: 'division'; role: DocumentRole | undefined };

export interface DocumentItemsOptions {
  /**
   * Report the document's divisions as `division` items: elements typed `frontmatter`, `bodymatter` or
   * `backmatter` (a whole book in one document: The Waste Land's title page, poem and notes).
   */
  divisions?: boolean;
  /** Element ids to report as `anchor` items where they occur (the targets of the TOC's links). */
  anchors?: ReadonlySet<string>;
  /** Deepest element nesting accepted; deeper markup is refused (`EPUB_TOO_DEEP`) instead of crashing. */
  maxDepth?: number;
  /**
   * For documents without heading elements (see `styled-headings.ts`): the level of the heading that a
   * paragraph makes, from its text and whether it is styled as one (all in bold, or of a heading class);
   * undefined keeps it a paragraph.
   */
  styledHeadingLevel?: (text: string, styled: boolean) => number | undefined;
  /** Classes the book's style sheets set in bold (`boldClassesOf`): a paragraph of one is styled as a heading. */
  boldClasses?: ReadonlySet<string>;
  /**
   * Classes set in bold and large, with a heading level (`headingLevelsOf`): a short paragraph all in one
   * is a heading of that level whatever its words, as LibreOffice exports a word processor's headings.
   * Read with `styledHeadingLevel` only.
   */
  headingClasses?: ReadonlyMap<string, number>;
  /**
   * Read paragraphs as headings by `styledHeadingLevel` though the document has heading elements: they
   * lead only (a title page's `<h1>` over a whole book whose chapters are paragraphs in bold).
   */
  styledBesideHeadings?: boolean;
  /**
   * Classes whose style keeps white space (`keptSpaceClassesOf`): a block of one is preformatted, and a
   * paragraph whose lines open with spaces one keeps is too (a word processor's code, converted by Calibre).
   */
  keptSpaceClasses?: ReadonlySet<string>;
  /**
   * Called for each page-break marker (`epub:type="pagebreak"`, `role="doc-pagebreak"`) whose printed
   * page number was left out of the text; the marker's id stays an anchor.
   */
  onPageNumber?: () => void;
  /**
   * Called for each paragraph left out as a page's running head at a page-break marker: a short line with
   * the page's own number, or the same line at the head of three pages (`furnitureAtPageBreaks`).
   */
  onRunningHead?: () => void;
}

/** Real books nest a few dozen elements deep (MathML included); hundreds means a hostile document. */
export const DEFAULT_MAX_DEPTH = 400;

const HEADING = /^h([1-6])$/;
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'dt',
  'dd',
  'body',
  'center',
  'address',
  'details',
  'summary',
  'figcaption',
  'caption',
  'tr',
  'td',
  'th',
  'hgroup',
]);
/**
 * Never text: scripts and styles, ruby readings (`<rt>`, `<rp>`, which would read every word twice), and
 * what a video or an audio element shows a reading system that cannot play it ("Your reading system does
 * not support video").
 */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'rt',
  'rp',
  'video',
  'audio',
]);
const ASCII_SPACE = /[ \t\n\r\f\v]+/g;
/** White space that `ASCII_SPACE` would change: anything but a single space. */
const NEEDS_COLLAPSE = /[\t\n\r\f\v]| [ \t\n\r\f\v]/;
/** Stands for a `<br/>` while white space is collapsed; becomes a newline in paragraphs. */
const LINE_BREAK = '\u2028';
const NOTE_TYPES =
  /(?:^|\s)(?:doc-)?(?:footnotes?|endnotes?|rearnotes?|notes?|sidebar|tip|warning|caution|notice|important|help|pullquote|example)(?:\s|$)/;

/**
 * Collapses runs of ASCII white space once (NBSP and other odd spaces are preprocess's to fold) and
 * puts the text in NFC, after entities are decoded: Tamil vowel signs, for one, can be written composed
 * or decomposed. NFC text passes through byte for byte. Line breaks from `<br/>` become spaces.
 */
export function collapseSpace(text: string): string {
  return collapseLines(text).replaceAll('\n', ' ');
}

/** Runs of ASCII white space as one space. */
function collapseAscii(text: string): string {
  // Most text nodes have no white space to collapse: replacing every single space with itself would
  // copy each of them.
  return NEEDS_COLLAPSE.test(text) ? text.replace(ASCII_SPACE, ' ') : text;
}

/** A line break with the one (collapsed) space on each side of it. */
const AROUND_BREAK = / ?\u2028 ?/g;
/** Two line breaks or more in a row (`<br/><br/>`), with the spaces around them: a blank line. */
const BLANK_LINE = /(?: ?\u2028 ?){2,}/;

/** Collapsed text's lines: each `<br/>` a newline, one for a run of them; trimmed, in NFC. */
function finishLines(spaced: string): string {
  const lines = spaced.includes(LINE_BREAK)
    ? spaced.replace(AROUND_BREAK, '\n').replace(/\n{2,}/g, '\n')
    : spaced;
  return lines.trim().normalize('NFC');
}

/**
 * As `collapseSpace`, but a `<br/>` stays a newline (verse, addresses). White space an element's style
 * keeps (`kept-space.ts`) is collapsed as any other.
 */
function collapseLines(raw: string): string {
  return finishLines(collapseAscii(hasKeptSpace(raw) ? plainSpaces(raw) : raw));
}

/**
 * Preformatted text as written: every line break (a `<br/>` one too) and indent kept, the line break that
 * opens a `<pre>` dropped as HTML drops it, and blank lines around the text and spaces ending its lines
 * trimmed.
 */
function preformattedText(raw: string): string {
  const lines = plainSpaces(raw)
    .replaceAll(LINE_BREAK, '\n')
    .replace(/\r\n?/g, '\n')
    .replace(/^\n/, '')
    .split('\n')
    .map((line) => line.trimEnd());
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === '') first += 1;
  while (last > first && lines[last - 1] === '') last -= 1;
  return lines.slice(first, last).join('\n').normalize('NFC');
}

/**
 * The paragraphs of a run of inline text: a paragraph for each part that a blank line (`<br/><br/>`, as
 * old HTML exports set paragraphs apart) leaves; or one preformatted block, blank lines and all, when a
 * line after a `<br/>` opens with white space its style keeps (code a word processor set as a paragraph:
 * its indents in `white-space: pre-wrap` spans).
 */
function paragraphsOf(raw: string): Block[] {
  const text = collapseAscii(raw);
  const kept = hasKeptSpace(text);
  if (kept) {
    const lines = text.replace(AROUND_BREAK, '\n').replace(/^ /, '');
    if (indentsKept(lines)) {
      const code = preformattedText(lines);
      return code === '' ? [] : [{ type: 'preformatted', text: code }];
    }
  }
  const blocks: Block[] = [];
  for (const part of text.includes(LINE_BREAK) ? text.split(BLANK_LINE) : [text]) {
    const paragraph = finishLines(kept ? collapseAscii(plainSpaces(part)) : part);
    if (paragraph !== '') blocks.push({ type: 'paragraph', text: paragraph });
  }
  return blocks;
}

/** Elements whose headers head them alone, not the book's outline (HTML's sectioning roots below the body). */
const SECTIONING_ROOTS = new Set(['blockquote', 'figure', 'td', 'th', 'details', 'fieldset']);

function withinSectioningRoot(el: Element): boolean {
  for (let up = el.parent; up && isTag(up); up = up.parent)
    if (SECTIONING_ROOTS.has(tagOf(up) ?? '')) return true;
  return false;
}

/** How `inline` reads an element: as running text, as a heading, or as a list item's lines. */
type InlineMode = 'text' | 'heading' | 'lines';

/**
 * A list item's text at nesting `depth`: its lines kept (a `<br/>`, and a paragraph or verse of its own
 * inside the item: a dictionary's definition and the poem quoted in it), each collapsed, and the lines
 * after the first indented as the item's own nested list is.
 */
function itemText(raw: string, depth: number): string {
  const text = collapseLines(raw);
  return text.includes('\n') ? text.replaceAll('\n', `\n${'  '.repeat(depth + 1)}`) : text;
}

/** Local names of the tag names seen: a book uses a few dozen, and the walk asks for one at every node. */
const localTags = new Map<string, string>();

function tagOf(node: AnyNode): string | undefined {
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return undefined;
  const qualified = (node as Element).tagName;
  let local = localTags.get(qualified);
  if (local === undefined) {
    local = localName(qualified);
    // Bounded: a hostile book could invent a name per element.
    if (localTags.size < 4096) localTags.set(qualified, local);
  }
  return local;
}

const ROW_TAGS = new Set(['tr']);
const CELL_TAGS = new Set(['td', 'th']);
const CAPTION_TAGS = new Set(['caption']);
const ITEM_TAGS = new Set(['li', 'dt', 'dd']);

const ROW_GROUP_TAGS = new Set(['thead', 'tbody', 'tfoot']);

/** A table's own cells, row by row (not those of a table inside one). */
function ownCells(table: Element): Element[] {
  const rows = table.children.flatMap((c) => {
    const tag = tagOf(c);
    return tag === 'tr'
      ? [c as Element]
      : ROW_GROUP_TAGS.has(tag ?? '')
        ? childrenTagged(c as Element, ROW_TAGS)
        : [];
  });
  return rows.flatMap((tr) => childrenTagged(tr, CELL_TAGS));
}

/**
 * True when a table lays text out rather than holding data: it has one cell alone (a box around a
 * passage, or a whole chapter, as old HTML exports set a page), or a cell of it holds a heading or a table
 * of its own (`holdsHeadings`, from `analyse`). Its cells are then read as the document's flow, their
 * headings as headings; as a table, the chapter had been one cell of text, its heading and paragraphs run
 * together.
 */
function isLayoutTable(table: Element, holdsHeadings: ReadonlySet<Element>): boolean {
  return holdsHeadings.has(table) || ownCells(table).length === 1;
}

/** Puts the text of every CDATA section under `root` in the section's place (one walk, no recursion). */
function unwrapCdata(root: AnyNode): void {
  const stack: AnyNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('children' in node)) continue;
    const parent = node as Element;
    if (parent.children.some((c) => c.type === 'cdata')) {
      parent.children = parent.children.flatMap((c) => (c.type === 'cdata' ? (c as CDATA).children : [c]));
      parent.children.forEach((child, i) => {
        child.parent = parent;
        child.prev = parent.children[i - 1] ?? null;
        child.next = parent.children[i + 1] ?? null;
      });
    }
    for (const child of parent.children) stack.push(child);
  }
}

const DEFINITION_TAGS = new Set(['dt', 'dd']);
/** Elements whose text is preformatted: `<pre>`, and HTML's obsolete `<listing>` and `<xmp>`. */
const PRE_TAGS = new Set(['pre', 'listing', 'xmp']);
/** Lists inside a list's item, which `listLines` sets on lines of their own. */
const NESTED_LISTS = new Set(['ul', 'ol']);
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

/**
 * A definition list's entries, each term with its definitions: "Force: A push or pull." (terms of one
 * definition joined by commas, its definitions by spaces), as a glossary reads; `text` renders an element.
 * Terms and definitions inside a `<div>` of the list (HTML allows one per entry) count as the list's.
 */
function definitions(dl: Element, text: (item: Element) => string): string[] {
  const items = dl.children.flatMap((c) => {
    const tag = tagOf(c);
    if (tag === 'div') return childrenTagged(c as Element, DEFINITION_TAGS);
    return tag !== undefined && DEFINITION_TAGS.has(tag) ? [c as Element] : [];
  });
  // A definition, even an empty one (a form's field a script fills), ends its entry's terms.
  const entries: Array<{ terms: string[]; details: string[]; defined: boolean }> = [];
  for (const item of items) {
    const value = text(item);
    const last = entries.at(-1);
    if (tagOf(item) === 'dd') {
      const entry = last ?? { terms: [], details: [], defined: true };
      if (!last) entries.push(entry);
      entry.defined = true;
      if (value !== '') entry.details.push(value);
    } else if (value === '') continue;
    else if (last && !last.defined) last.terms.push(value);
    else entries.push({ terms: [value], details: [], defined: false });
  }
  return entries.map(({ terms, details }) => {
    const term = terms.join(', ');
    const detail = details.join(' ');
    if (term === '' || detail === '') return term || detail;
    // "底本：「…」" takes no space after a full-width colon, and a Chinese or Japanese term takes a
    // full-width colon ("2011年1月：…"); "Note: …" a space after its own colon.
    if (term.endsWith('：')) return `${term}${detail}`;
    if (CJK_END.test(term)) return `${term}：${detail}`;
    return term.endsWith(':') ? `${term} ${detail}` : `${term}: ${detail}`;
  });
}

/** The element children of `el` with one of the tags (a walk, no selector to parse on every call). */
function childrenTagged(el: Element, tags: ReadonlySet<string>): Element[] {
  return el.children.filter((c): c is Element => tags.has(tagOf(c) ?? ''));
}

/**
 * The first `<body>` in document order, as `$('body')[0]` finds it, but stopping there: the selector
 * walked the whole document (some 100 ms on a book of 25 MB of markup).
 */
function firstBody(root: AnyNode): Element | undefined {
  const stack: AnyNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isTag(node) && node.name === 'body') return node;
    if (!('children' in node)) continue;
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as AnyNode);
  }
  return undefined;
}

/**
 * The descendant elements of `el` with one of the tags (all of them without `tags`), in document order
 * (as `$(el).find(...)`).
 */
function descendantsTagged(el: Element, tags?: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...el.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('children' in node)) continue;
    const tag = tagOf(node);
    if (tag !== undefined && (!tags || tags.has(tag))) out.push(node as Element);
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as AnyNode);
  }
  return out;
}

function structuralTypes(el: Element): string {
  return `${el.attribs['epub:type'] ?? ''} ${el.attribs.role ?? ''}`.trim();
}

/** Longest paragraph that a large bold class makes a heading. */
const CLASS_HEADING_MAX_CHARS = 120;
/** A sentence's or a list item's end: such a paragraph is text, whatever its class. */
const SENTENCE_END = /[.?!,;:]$/u;

/**
 * The heading level of a paragraph in a document without heading elements: by its words and style
 * (`styledHeadingLevel`), else by the large bold class it is set in (`classHeadingLevel`). Its text is
 * read once for both.
 */
function paragraphHeadingLevel(
  el: Element,
  byText: NonNullable<DocumentItemsOptions['styledHeadingLevel']> | undefined,
  styled: boolean,
  levels: ReadonlyMap<string, number> | undefined,
): number | undefined {
  const text = collapseSpace(textContent(el));
  return byText?.(text, styled) ?? classHeadingLevel(el, text, levels);
}

/**
 * The heading level of a short paragraph set in one large bold class (`DocumentItemsOptions.headingClasses`):
 * the paragraph's own class, or that of the one element its text is in (`<p><span class="span0">`).
 */
function classHeadingLevel(
  el: Element,
  text: string,
  levels: ReadonlyMap<string, number> | undefined,
): number | undefined {
  if (!levels || levels.size === 0) return undefined;
  if (text === '' || text.length > CLASS_HEADING_MAX_CHARS || SENTENCE_END.test(text)) return undefined;
  const levelOf = (cls: string | undefined) => {
    for (const name of cls?.split(/\s+/) ?? []) {
      const level = levels.get(name);
      if (level !== undefined) return level;
    }
    return undefined;
  };
  const own = levelOf(el.attribs.class);
  if (own !== undefined) return own;
  const inner = el.children.filter(
    (c) => c.type !== 'text' || (c as unknown as { data: string }).data.trim() !== '',
  );
  const only = inner.length === 1 && isTag(inner[0] as AnyNode) ? (inner[0] as Element) : undefined;
  return only ? levelOf(only.attribs.class) : undefined;
}

/** A numbered section's title: "1.1 Basics", "2.3. Forces". */
const NUMBERED_TITLE = /^\d{1,3}(?:\.\d{1,3})+\.?\s+\p{L}/u;

/**
 * True when an image's alt text, alone in a heading, reads as a heading: a designation ("Chapter 1:
 * Motion", "Unit 2", "IV. Heat") or a numbered section ("1.1 Basics"). A picture's description ("QR code
 * for the unit") does not.
 */
function isHeadingAlt(alt: string): boolean {
  return designationOf(alt) !== undefined || NUMBERED_TITLE.test(alt);
}

/** Elements that may be a division of a document (a link typed `bodymatter` only points at one). */
const DIVISION_TAGS = new Set(['section', 'div', 'article', 'main']);

/** The role of a division element: a section typed `frontmatter`, `bodymatter` or `backmatter`. */
function divisionOf(el: Element, tag: string): DocumentRole | undefined {
  const types = el.attribs['epub:type'];
  return types === undefined || !DIVISION_TAGS.has(tag) ? undefined : divisionRole(types.split(/\s+/));
}

/**
 * Project Gutenberg's own text around a book (its EPUBs' `<section id="pg-header">`, `id="pg-footer"`, and an
 * old book's "small print"): the header is front matter, the licence after the book back matter.
 */
const GUTENBERG_BOILERPLATE: ReadonlyMap<string, DocumentRole> = new Map([
  ['pg-header', 'front'],
  ['pg-smallprint', 'front'],
  ['pg-footer', 'back'],
]);

/** Elements that hold Project Gutenberg's header or licence (a plain-text book's are `<pre>`). */
const BOILERPLATE_TAGS = new Set([...DIVISION_TAGS, 'header', 'footer', 'pre']);

/** The role of Project Gutenberg's header or licence element (see `GUTENBERG_BOILERPLATE`), if `el` is one. */
function boilerplateOf(el: Element, tag: string): DocumentRole | undefined {
  const id = el.attribs.id;
  return id === undefined || !BOILERPLATE_TAGS.has(tag) ? undefined : GUTENBERG_BOILERPLATE.get(id);
}

/** A class naming notes, as books without `epub:type` mark them (Pressbooks' `<div class="footnotes">`). */
const NOTE_CLASS = /(?:^|\s)(?:footnotes?|endnotes?)(?:\s|$)/i;

/** HTMLBook's section types: `sect1` … `sect5`, the sections of a chapter (group 1: the depth). */
const HTMLBOOK_SECTION = /^sect([1-5])$/;

/**
 * The level a heading's HTMLBook section gives it: O'Reilly's books set a `sect1`'s title in an `<h1>`,
 * as the chapter's, and a `sect2`'s in an `<h2>`; the section's depth says it is one level below the
 * chapter (`sect1` is 2). Undefined outside such a section.
 */
function sectionDepthLevel(el: Element): number | undefined {
  for (let up = el.parent; up && isTag(up); up = up.parent) {
    const type = (up as Element).attribs['data-type'];
    if (type === undefined || type === '') continue;
    const sect = HTMLBOOK_SECTION.exec(type);
    return sect ? Number(sect[1]) + 1 : undefined;
  }
  return undefined;
}

/** A box's `data-type`, as OpenStax and O'Reilly's HTMLBook mark a note (`<div data-type="note">`). */
const NOTE_DATA_TYPE = /^(?:note|sidebar|tip|warning|caution|important)$/i;

/**
 * DocBook XSL's admonitions, a `<div>` of this one class with its own title (`<h3 class="title">Note —
 * Customizing output</h3>`), as a2x, dbtoepub and Publican write them.
 */
const ADMONITION_CLASS = /^\s*(?:note|tip|warning|caution|important)\s*$/i;

/** A footnote, an aside, a sidebar or an admonition: kept whole as one note block inside its section. */
function isNote(el: Element, tag: string): boolean {
  if (tag === 'aside' || NOTE_TYPES.test(structuralTypes(el))) return true;
  const dataType = el.attribs['data-type'];
  if (dataType !== undefined && NOTE_DATA_TYPE.test(dataType)) return true;
  const cls = el.attribs.class;
  return cls !== undefined && (NOTE_CLASS.test(cls) || (tag === 'div' && ADMONITION_CLASS.test(cls)));
}

function isDisplayMath(el: Element): boolean {
  return el.attribs.display === 'block' || el.attribs.mode === 'display';
}

/**
 * True when all the text of `el` is inside bold children (`isBoldInline`), or inside children whose own
 * text is all bold (`<span class="big"><span class="bold">…</span></span>`, as Calibre converts a Kindle
 * book): what a converted PDF or a word processor makes of a heading. Empty elements beside them (a
 * page's `<a id>`) and line breaks do not count.
 */
function boldOnly(el: Element, boldClasses: ReadonlySet<string> | undefined, outer = true): boolean {
  let bold = false;
  // A section's number may stand before the bold title, once ("1.1 <b>Basics</b>", as Calibre sets a
  // numbered heading).
  let leading = outer;
  for (const child of el.children) {
    const tag = tagOf(child);
    const attribs = tag === undefined ? undefined : (child as Element).attribs;
    if (
      tag !== undefined &&
      (isBoldInline(tag, attribs?.class, attribs?.style, boldClasses) ||
        boldOnly(child as Element, boldClasses, false))
    ) {
      bold = true;
      leading = false;
    } else if (child.type === 'text' || tag !== undefined) {
      const text = textContent(child);
      if (text.trim() === '') continue;
      if (!leading || tag !== undefined || !SECTION_NUMBER_TEXT.test(text)) return false;
      leading = false;
    }
  }
  return bold;
}

/** A section's number alone, with the space after it: "1 ", "1.1 ", "2.3. ". */
const SECTION_NUMBER_TEXT = new RegExp(`^\\s*${SECTION_NUMBER}\\s+$`);

/** A paragraph, or a `<div>` of text: what may stand for a heading where a document has none. */
function isTextParagraph(el: Element, tag: string, hasBlocks: ReadonlySet<Element>): boolean {
  return tag === 'p' || (tag === 'div' && !hasBlocks.has(el));
}

/** A paragraph styled as a heading: all in bold, or of a heading class or a class set in bold. */
function styledAsHeading(el: Element, boldClasses: ReadonlySet<string> | undefined): boolean {
  const cls = el.attribs.class;
  return isHeadingClass(cls) || hasClassIn(cls, boldClasses) || boldOnly(el, boldClasses);
}

const PAGE_BREAK = /(?:^|\s)(?:doc-)?pagebreak(?:\s|$)/;

/** A page label as printed: "12", "xiv", "A-3". */
const PAGE_LABEL = /^[\p{N}ivxlcdm][\p{N}ivxlcdm.\-–]{0,11}$/iu;

/** The class of a printed page's number set in the text, as Project Gutenberg's books have it. */
const PAGE_NUMBER_CLASS = /(?:^|\s)(?:pagenum|pageno|page-?num(?:ber)?|pagebreak|page-break)(?:\s|$)/i;
/** A page number so set: "12", "[12]", "[Pg 12]", "Page 12", "p. xiv". */
const BRACKETED_PAGE_LABEL = /^\[?\s*(?:pg\.?|page|p\.)?\s*[\p{N}ivxlcdm][\p{N}ivxlcdm.\-–]{0,11}\s*\]?$/iu;

/**
 * The class of a line's number set beside a poem's or a listing's line: the IDPF samples' `lnum`, Project
 * Gutenberg's `linenum`, Pygments' `lineno`/`linenos`.
 */
const LINE_NUMBER_CLASS = /(?:^|\s)(?:lnum|linenum|line-?num(?:ber)?|lineno|linenos|line-no)(?:\s|$)/i;
/** A line's number so set: "60", "[120]". */
const LINE_LABEL = /^\[?\d{1,5}\]?$/;

/** True for a line's number set beside its line (`LINE_NUMBER_CLASS`), which would run into its text. */
function isLineNumber(el: Element): boolean {
  const cls = el.attribs.class;
  return cls !== undefined && LINE_NUMBER_CLASS.test(cls) && LINE_LABEL.test(collapseSpace(textContent(el)));
}

/** The type or role of a note's link back to where it is referenced (EPUB's `backlink`, DPUB-ARIA's). */
const BACKLINK = /(?:^|\s)(?:doc-)?backlink(?:\s|$)/;
/** A link's text that is only a return arrow ("↩", "↩︎", "↑"): how converters write a note's way back. */
const RETURN_ARROW = /^\s*[\u21a9\u21b5\u2191\u2934\u2b8c\u2b90\u23ce][\ufe0e\ufe0f]?\s*$/;

/** A link's text that is only a permalink's sign: "¶", "§", "›", "#", "🔗", "⚓". */
const PERMALINK_SIGN = /^\s*(?:[\u00b6\u00a7\u203a#\u2693]|\u{1f517})[\ufe0e\ufe0f]?\s*$/u;

/**
 * A link whose text is the book's navigation, not its text, left out: a note's link back to its reference,
 * typed so (`epub:type="backlink"`, `role="doc-backlink"`) or a link within the book whose text is a return
 * arrow (pandoc's and Calibre's "↩"); a section's permalink, a link to a place in its own document whose
 * text is only a sign (Sphinx's "¶" after each heading, the W3C specifications' "›" and "§" before it); or
 * a link to a note whose text is only the note's mark (`isNoteLink`). The link's text is read once.
 */
function isLeftOutLink(el: Element): boolean {
  const { attribs } = el;
  const type = attribs['epub:type'];
  const role = attribs.role;
  if ((type !== undefined && BACKLINK.test(type)) || (role !== undefined && BACKLINK.test(role))) return true;
  const href = attribs.href;
  if (href === undefined || !href.includes('#')) return false;
  const text = textContent(el);
  return (
    RETURN_ARROW.test(text) ||
    (href.startsWith('#') && PERMALINK_SIGN.test(text)) ||
    isNoteLink({ href, type, role, className: attribs.class }, text)
  );
}

/** An ARIA landmark role of links for getting about: `navigation`. */
const NAVIGATION_ROLE = /(?:^|\s)navigation(?:\s|$)/;
/** DITA-OT's links after each topic ("Parent topic:", "Previous topic:", "Related concepts"). */
const RELATED_LINKS_CLASS = /(?:^|\s)related-links(?:\s|$)/;

/**
 * A class naming an outline of a chapter: OpenStax's `os-chapter-outline`, a `mini-toc`. (Not "toc" or
 * "contents": a book's contents page stays its front matter's text.)
 */
const OUTLINE_CLASS = /(?:^|[\s_-])(?:outline|mini-?toc)(?:$|[\s_-])/i;

/**
 * Links for getting about the book, not its text: an element of the `navigation` role, DITA-OT's
 * related links after each topic ("Parent topic: Part T Topics"), or an outline of the chapter by its
 * class whose text is its links to the book's own pages and at most a heading (OpenStax's "Chapter
 * Outline" box before a chapter's introduction).
 */
function isNavigation(el: Element): boolean {
  const { role, class: cls } = el.attribs;
  return (
    (role !== undefined && NAVIGATION_ROLE.test(role)) ||
    (cls !== undefined && (RELATED_LINKS_CLASS.test(cls) || (OUTLINE_CLASS.test(cls) && linksOnly(el))))
  );
}

/** A paragraph number: a few digits alone. */
const PARAGRAPH_NUMBER = /^\s*\d{1,6}\s*$/;

/**
 * A paragraph's number set before it (`nodes[i]`, a link or a `<label>` of one) as a link to it, the
 * element after it: SiSU writes its object citation numbers so, `<label class="ocn"><a href="#o8">8</a>
 * </label><p id="o8">`. A mark for citing the paragraph by, not its text.
 */
function isParagraphNumber(el: Element, tag: string, nodes: readonly AnyNode[], i: number): boolean {
  const href = (tag === 'a' ? el : onlyLink(el))?.attribs.href;
  if (href === undefined || href.length < 2 || href.charCodeAt(0) !== HASH) return false;
  return nextElement(nodes, i)?.attribs.id === href.slice(1) && PARAGRAPH_NUMBER.test(textContent(el));
}

const HASH = 0x23;
/** Most children a wrapper of one link has: the link and white space around it. */
const LINK_WRAPPER_CHILDREN = 3;

/** The one child of an element, past white space, when it is a link; else undefined. */
function onlyLink(el: Element): Element | undefined {
  const { children } = el;
  if (children.length > LINK_WRAPPER_CHILDREN) return undefined;
  // The element first (most elements hold none, and their text need not be looked at), then the text.
  let link: Element | undefined;
  for (const child of children) {
    if (child.type !== 'tag') continue;
    if (link || tagOf(child) !== 'a') return undefined;
    link = child as Element;
  }
  if (!link) return undefined;
  for (const child of children)
    if (child.type === 'text' && /\S/.test((child as unknown as { data: string }).data)) return undefined;
  return link;
}

/** The element after `nodes[i]`, past white space and comments; undefined when text or nothing comes first. */
function nextElement(nodes: readonly AnyNode[], i: number): Element | undefined {
  for (let j = i + 1; j < nodes.length; j += 1) {
    const node = nodes[j] as AnyNode;
    if (node.type === 'text') {
      if (/\S/.test((node as unknown as { data: string }).data)) return undefined;
      continue;
    }
    if (tagOf(node) !== undefined) return node as Element;
  }
  return undefined;
}

/** A link to a place in the book (no scheme: not a web address). */
const IN_BOOK_HREF = /^(?![a-z][a-z0-9+.-]*:)/i;

/** True when all of an element's text is in two or more links within the book, or in one heading. */
function linksOnly(el: Element): boolean {
  let links = 0;
  let headings = 0;
  const stack: AnyNode[] = [...el.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === 'text') {
      if (/\S/.test((node as unknown as { data: string }).data)) return false;
      continue;
    }
    const tag = tagOf(node);
    if (tag === undefined) continue;
    const child = node as Element;
    if (tag === 'a' && child.attribs.href !== undefined) {
      if (!IN_BOOK_HREF.test(child.attribs.href)) return false;
      links += 1;
      continue;
    }
    if (HEADING.test(tag)) {
      headings += 1;
      if (headings > 1) return false;
      continue;
    }
    for (let i = child.children.length - 1; i >= 0; i -= 1) stack.push(child.children[i] as AnyNode);
  }
  return links >= 2;
}

/** A page-break marker: where a printed page began, its number no text of the book. */
function isPageBreak(el: Element): boolean {
  const { attribs } = el;
  const type = attribs['epub:type'];
  const role = attribs.role;
  return (type !== undefined && PAGE_BREAK.test(type)) || (role !== undefined && PAGE_BREAK.test(role));
}

/**
 * A page-break marker holding only its page's label: the label it names (`title`, `aria-label`), else a
 * short page number; or an element of a page-number class ("pagenum") holding only a page number
 * ("[Pg 12]"). A marker that holds more (markup that wraps the book's text in it) keeps its text.
 */
function isPageLabel(el: Element): boolean {
  if (!isPageBreak(el)) {
    const cls = el.attribs.class;
    return (
      cls !== undefined &&
      PAGE_NUMBER_CLASS.test(cls) &&
      BRACKETED_PAGE_LABEL.test(collapseSpace(textContent(el)))
    );
  }
  const text = collapseSpace(textContent(el));
  const named = el.attribs.title ?? el.attribs['aria-label'];
  return named !== undefined ? text === collapseSpace(named) : PAGE_LABEL.test(text);
}

/** A page-break marker without text (`<span epub:type="pagebreak" id="p12" title="12"/>`), which leaves nothing out. */
function isEmptyPageBreak(el: Element): boolean {
  return (
    el.children.length === 0 &&
    isPageBreak(el) &&
    (el.attribs.title ?? el.attribs['aria-label']) !== undefined
  );
}

/**
 * The heading an `<hgroup>` makes (a number and a title, "I" over "Loomings"): its highest-ranked heading
 * element's match, for one heading of the group's whole text; null when it holds no heading element.
 */
function groupHeading(el: Element): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  for (const child of el.children) {
    const match = HEADING.exec(tagOf(child) ?? '');
    if (match && (best === null || Number(match[1]) < Number(best[1]))) best = match;
  }
  return best;
}

const SECTIONING_TAGS = new Set(['section', 'article', 'aside', 'details']);
/** A class naming a box set apart from the text: "textbox", "bcc-box", "sidebar", "callout", "panel". */
const BOX_CLASS = /(?:^|[\s_-])(?:text)?box(?:es)?(?:$|[\s_-])|sidebar|callout|panel/i;

/**
 * An element that is a section of its own, whose end ends what its heading opened: a sectioning element,
 * a box by its class, or an element typed by a `data-type` (OpenStax's and HTMLBook's `<div
 * data-type="example">`). A plain `<div>` may wrap a heading with the first lines after it only.
 */
function isSectioning(el: Element): boolean {
  const tag = tagOf(el) ?? '';
  if (SECTIONING_TAGS.has(tag) || (el.attribs['data-type'] ?? '') !== '') return true;
  const cls = el.attribs.class;
  return cls !== undefined && BOX_CLASS.test(cls);
}

/** True when a node shows something: text that is not white space, or an image (a page number is not). */
function hasContent(node: AnyNode): boolean {
  // Depth first, stopping at the first thing shown: most nodes show something in their first text.
  const stack: AnyNode[] = [node];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === 'text') {
      if (/\S/.test((n as unknown as { data: string }).data)) return true;
      continue;
    }
    const tag = tagOf(n);
    if (tag === undefined || SKIP_TAGS.has(tag) || isPageLabel(n as Element)) continue;
    if (tag === 'img' || tag === 'math') return true;
    const kids = (n as Element).children;
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push(kids[i] as AnyNode);
  }
  return false;
}

/** The level given to a text box's `<header>` title: below every heading element. */
const HEADER_TITLE_LEVEL = 6;

/**
 * The one element a block holds, when it is a `tag` and nothing but white space stands beside it (a
 * paragraph that is one formula); one pass over the children, no list made.
 */
function soleChild(el: Element, tag: string): Element | undefined {
  let only: Element | undefined;
  for (const child of el.children) {
    if (child.type === 'text') {
      if ((child as unknown as { data: string }).data.trim() !== '') return undefined;
    } else if (tagOf(child) !== undefined) {
      if (only !== undefined) return undefined;
      only = child as Element;
    }
  }
  return only !== undefined && tagOf(only) === tag ? only : undefined;
}

/** A block element whose only content is one `<math>`: a displayed formula. */
function soleMath(el: Element): Element | undefined {
  return soleChild(el, 'math');
}

/** A block element whose only content is one picture of a formula (`formulaOfImage`), and its LaTeX. */
function soleFormulaImage(el: Element): { el: Element; latex: string } | undefined {
  const img = soleChild(el, 'img');
  const latex = img && formulaOfImage(img.attribs.class, collapseSpace(img.attribs.alt ?? ''));
  return img && latex !== undefined ? { el: img, latex } : undefined;
}

/**
 * One iterative pass over the tree: refuses markup nested deeper than `maxDepth` (the walk below
 * recurses) and returns the elements that hold a block-level descendant, found bottom-up in linear time.
 */
function analyse(root: Element, maxDepth: number): { withBlocks: Set<Element>; holdsHeadings: Set<Element> } {
  const order: Element[] = [];
  const holdsHeadings = new Set<Element>();
  // Elements and their depths on two stacks: no object per element (a book of formulas has millions).
  const stack: Element[] = [root];
  const depths: number[] = [0];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    const depth = depths.pop() as number;
    if (depth > maxDepth) throw tooDeep(maxDepth);
    order.push(el);
    const tag = tagOf(el);
    if (el !== root && (tag === 'table' || HEADING.test(tag ?? ''))) markTableAround(el, holdsHeadings);
    for (const child of el.children)
      if (tagOf(child) !== undefined) {
        stack.push(child as Element);
        depths.push(depth + 1);
      }
  }
  const withBlocks = new Set<Element>();
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const el = order[i] as Element;
    for (const child of el.children) {
      const tag = tagOf(child);
      if (tag === undefined) continue;
      if (
        BLOCK_TAGS.has(tag) ||
        tag === 'img' ||
        (tag === 'math' && isDisplayMath(child as Element)) ||
        withBlocks.has(child as Element)
      ) {
        withBlocks.add(el);
        break;
      }
    }
  }
  return { withBlocks, holdsHeadings };
}

/**
 * Adds to `tables` the table one of whose cells holds `el` (a heading or a table), if any: the walk up
 * stops at the first table. Headings are few, and a data table's cells hold none.
 */
function markTableAround(el: Element, tables: Set<Element>): void {
  let inCell = false;
  for (let up = el.parent; up && 'tagName' in up; up = up.parent) {
    const tag = tagOf(up as Element);
    if (tag === 'td' || tag === 'th') inCell = true;
    else if (tag === 'table') {
      if (inCell) tables.add(up as Element);
      return;
    }
  }
}

/** Renders a document's body as headings, blocks and anchors, losing no text and no alt text. */
export function documentItems(html: string, options: DocumentItemsOptions = {}): DocumentItem[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkNesting(html, maxDepth * 4);
  // htmlparser2 (not parse5): several times faster on big documents, and forgiving of Calibre's markup.
  // cheerio's own parser, called as `cheerio.load` calls it: the same tree, without a Cheerio object per
  // document (its class is made anew by every load).
  // Content documents are XHTML: `<a id="x"/>` is empty, not the parent of the heading after it.
  const parsing = { xmlMode: false, decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true };
  // A CDATA section is text in XHTML (a code listing's `<![CDATA[a < b]]>`); HTML parsing drops it as a
  // comment. Looked for first: few documents hold one.
  const cdata = html.includes('<![CDATA[');
  const root = parseDocument(html, cdata ? { ...parsing, recognizeCDATA: true } : parsing) as
    | AnyNode
    | undefined;
  if (cdata && root) unwrapCdata(root);
  const body = (root && firstBody(root)) ?? (root as Element | undefined);
  if (!body) return [];
  const wanted = options.anchors ?? new Set<string>();
  // White space in LaTeX separates nothing that a single space does not: the converter's (and the
  // fallback text's) runs of indentation are collapsed.
  const treeOf = (el: Element) =>
    mathTreeOfElement(el) ?? parseMathml(renderDom(el, { ...parsing, xmlMode: true }));
  const latexOf = (el: Element, tree = treeOf(el)) =>
    mathTreeToLatex(tree, () => textContent(el))
      .replace(/\s+/g, ' ')
      .trim();
  const { withBlocks: hasBlocks, holdsHeadings } = analyse(body, maxDepth);
  /**
   * The title of a text box set as a `<header>` holding one paragraph (`<header><p class="textbox__title">
   * Exercises</p></header>`, as Pressbooks writes it): a heading, at the deepest level. Not a header of a
   * quotation, a figure or a table cell, which heads that alone (a letter's dateline in a story).
   */
  const headerTitle = (el: Element, tag: string, parent: Element | undefined): boolean =>
    parent !== undefined &&
    tagOf(parent) === 'header' &&
    isTextParagraph(el, tag, hasBlocks) &&
    parent.children.every((c) => c === el || !hasContent(c)) &&
    !withinSectioningRoot(parent);
  const styledHeadingLevel =
    options.styledHeadingLevel && (options.styledBesideHeadings || !HEADING_ELEMENT.test(html))
      ? options.styledHeadingLevel
      : undefined;

  /** The page-break markers met, in order (see `furnitureAtPageBreaks`). */
  const breaks: BreakInWriter[] = [];

  /** Where one run of the walk writes: its items, the loose inline text and what waits for a flush. */
  class Writer {
    readonly items: DocumentItem[] = [];
    buffer = '';
    figures: Block[] = [];
    anchors: string[] = [];

    anchorAt(el: Element): void {
      const { id, name } = el.attribs;
      if (id !== undefined && wanted.has(id)) this.anchors.push(id);
      // A link's fragment finds an `<a name>` too, as in HTML (older books mark their sections so).
      else if (name !== undefined && el.name === 'a' && wanted.has(name)) this.anchors.push(name);
    }

    emitAnchors(): void {
      for (const id of this.anchors) this.items.push({ kind: 'anchor', id });
      this.anchors = [];
    }

    push(block: Block, styled = false): void {
      this.emitAnchors();
      this.items.push(styled ? { kind: 'block', block, styled: true } : { kind: 'block', block });
    }

    flush(): void {
      const paragraphs = paragraphsOf(this.buffer);
      this.buffer = '';
      for (const paragraph of paragraphs) this.push(paragraph);
      for (const figure of this.figures) this.push(figure);
      this.figures = [];
      this.emitAnchors();
    }
  }

  /** Leaves an element's text out, keeping its ids (and those inside it) as anchors: a TOC entry may point at one. */
  const anchorsOnly = (el: Element, w: Writer): void => {
    w.anchorAt(el);
    for (const inner of descendantsTagged(el)) w.anchorAt(inner);
  };

  /**
   * Leaves a page-break marker's number out, keeping its ids (and those inside it) as anchors; counts it
   * where it held its label as text (`isPageLabel`; an empty marker leaves nothing out).
   */
  const pageBreak = (el: Element, w: Writer, labelled: boolean): void => {
    anchorsOnly(el, w);
    if (labelled) options.onPageNumber?.();
    // Between blocks (no text waits in the buffer), the blocks around it may be its page's furniture.
    breaks.push({ label: pageLabelOf(el), writer: w, at: w.items.length, between: w.buffer.trim() === '' });
  };

  /**
   * Inline text; in a heading (`heading`), a number or label set in an element of its own stands apart;
   * in a list item (`lines`), a paragraph, verse or row of its own is a line of its own.
   */
  const inline = (node: AnyNode, w: Writer, figures: Block[], mode: InlineMode = 'text'): string => {
    if (node.type === 'text') return (node as unknown as { data: string }).data;
    const tag = tagOf(node);
    if (tag === undefined || SKIP_TAGS.has(tag)) return '';
    const el = node as Element;
    const labelled = isPageLabel(el);
    if (labelled || isEmptyPageBreak(el)) {
      pageBreak(el, w, labelled);
      return '';
    }
    if (isLineNumber(el)) {
      anchorsOnly(el, w);
      return '';
    }
    w.anchorAt(el);
    if (tag === 'br') return LINE_BREAK;
    if (tag === 'a' && isLeftOutLink(el)) return '';
    if (tag === 'img') {
      const alt = collapseSpace(el.attribs.alt ?? '');
      // A picture of a formula is the sentence's formula, where it stands, as inline MathML is.
      const formula = formulaOfImage(el.attribs.class, alt);
      if (formula !== undefined) return ` \\(${formula}\\) `;
      if (alt !== '') figures.push({ type: 'figure', text: alt, alt });
      return '';
    }
    if (tag === 'math') return ` \\(${latexOf(el)}\\) `;
    const own = el.children.map((child) => inline(child, w, figures, mode)).join('');
    // Spaces that an element's style keeps stay, for the paragraph to be read as laid out (`kept-space.ts`).
    const inner = keepsSpace(tag, el.attribs.class, el.attribs.style, options.keptSpaceClasses)
      ? keptSpaceText(own, LINE_BREAK)
      : own;
    if (tag === 'sup' || tag === 'sub') return renderScript(inner, tag);
    // "<span class="chapter-number">1</span><span class="chapter-title">Motion</span>": "1 Motion".
    // An SVG's `<text>` elements are labels apart ("Label A", "Label B"), not one word.
    if (mode === 'lines' && BLOCK_TAGS.has(tag) && !CELL_TAGS.has(tag))
      return `${LINE_BREAK}${inner}${LINE_BREAK}`;
    return BLOCK_TAGS.has(tag) ||
      tag === 'text' ||
      (mode === 'heading' && isNumberLabelClass(el.attribs.class))
      ? ` ${inner} `
      : inner;
  };

  /**
   * Renders an element's inline content as paragraphs, or a preformatted block (`paragraphsOf`), and the
   * images inside it after it.
   */
  const leaf = (el: Element, w: Writer, styled = false) => {
    w.flush();
    const figures: Block[] = [];
    for (const block of paragraphsOf(inline(el, w, figures)))
      w.push(block, styled && block.type === 'paragraph');
    for (const figure of figures) w.push(figure);
    w.emitAnchors();
  };

  const table = (el: Element, w: Writer) => {
    w.flush();
    w.anchorAt(el);
    const figures: Block[] = [];
    const cell = (c: AnyNode) => collapseSpace(inline(c, w, figures));
    const rows = descendantsTagged(el, ROW_TAGS)
      .map((tr) => childrenTagged(tr, CELL_TAGS).map(cell))
      .filter((row) => row.some((c) => c !== ''));
    const captionEl = childrenTagged(el, CAPTION_TAGS)[0];
    const caption = captionEl ? collapseSpace(inline(captionEl, w, figures)) : '';
    const lines = rows.map((r) => r.join(' | '));
    if (rows.length > 0 || caption !== '') {
      w.push({
        type: 'table',
        text: [caption, ...lines].filter((l) => l !== '').join('\n'),
        rows,
        ...(caption ? { caption } : {}),
      });
    }
    for (const figure of figures) w.push(figure);
    w.emitAnchors();
  };

  const list = (el: Element, w: Writer, ordered: boolean) => {
    w.flush();
    w.anchorAt(el);
    const figures: Block[] = [];
    if (tagOf(el) === 'dl') {
      const items = definitions(el, (item) => itemText(inline(item, w, figures, 'lines'), 0)).filter(
        (t) => t !== '',
      );
      if (items.length > 0)
        w.push({ type: 'list', text: items.map((t) => `- ${t}`).join('\n'), items, ordered: false });
    } else {
      const lines = listLines(el, w, figures, 0);
      if (lines.length > 0)
        w.push({
          type: 'list',
          text: lines.map((l) => (l.marker ? `${l.marker} ${l.text}` : l.text)).join('\n'),
          items: lines.map((l) => l.text),
          ordered,
        });
    }
    for (const figure of figures) w.push(figure);
    w.emitAnchors();
  };

  /**
   * A list's items, each with its marker as the book shows it (`itemMarkers`: "5.", "b."; "-" unordered;
   * none where every item writes its own, "(a) 5 N") and its text: its own words, then the lists inside it
   * as lines of their own, indented under it.
   */
  const listLines = (
    el: Element,
    w: Writer,
    figures: Block[],
    depth: number,
  ): Array<{ marker: string; text: string }> => {
    const items = childrenTagged(el, ITEM_TAGS);
    const texts = items.map((li) => {
      const own = itemText(
        li.children
          .map((c) => (NESTED_LISTS.has(tagOf(c) ?? '') ? '' : inline(c, w, figures, 'lines')))
          .join(''),
        depth,
      );
      const nested = li.children.flatMap((c) =>
        NESTED_LISTS.has(tagOf(c) ?? '')
          ? listLines(c as Element, w, figures, depth + 1).map(
              (l) => `${'  '.repeat(depth + 1)}${l.marker ? `${l.marker} ` : ''}${l.text}`,
            )
          : [],
      );
      return [own, ...nested].filter((t) => t !== '').join('\n');
    });
    const shown = texts.filter((t) => t !== '');
    const markers = shown.every(hasOwnMarker)
      ? texts.map(() => '')
      : tagOf(el) === 'ol'
        ? itemMarkers({
            start: el.attribs.start,
            type: el.attribs.type,
            reversed: el.attribs.reversed !== undefined,
            style: el.attribs.style,
            values: items.map((li) => li.attribs.value),
          })
        : texts.map(() => '-');
    return texts.flatMap((text, i) => (text === '' ? [] : [{ marker: markers[i] ?? '-', text }]));
  };

  /**
   * A text box or picture frame anchored in a paragraph's text: a `<div>` or `<aside>` holding blocks or a
   * picture (InDesign: `<span class="_idGenObjectLayout-1"><div id="_idContainer003">…</div></span>`).
   */
  const isAnchoredBox = (node: AnyNode): boolean => {
    const tag = tagOf(node);
    return (tag === 'div' || tag === 'aside') && hasBlocks.has(node as Element);
  };

  /** True when a phrasing element holds an anchored box (`isAnchoredBox`) among its descendants. */
  const holdsBox = (el: Element): boolean =>
    hasBlocks.has(el) &&
    el.children.some((child) => isAnchoredBox(child) || (isTag(child) && holdsBox(child)));

  /**
   * A paragraph's text, one paragraph around the boxes anchored in it, and the boxes after it: a box
   * anchored mid-sentence split the sentence in two ("Water boils at 100 °C", the box, "at sea level.").
   * Lists, tables and everything else in it stay where they stand.
   */
  const paragraphAround = (el: Element, w: Writer, outer?: () => number) => {
    const boxes = new Writer();
    const walk = (nodes: readonly AnyNode[]) => {
      let run: AnyNode[] = [];
      const flushRun = () => {
        if (run.length > 0) walkNodes(run, w, el, outer);
        run = [];
      };
      for (const node of nodes) {
        if (isAnchoredBox(node)) {
          flushRun();
          walkNodes([node], boxes, undefined, outer);
          boxes.flush();
        } else if (isTag(node) && !BLOCK_TAGS.has(tagOf(node) ?? '') && holdsBox(node)) {
          // A phrasing wrapper around a box: InDesign's `<span class="_idGenObjectLayout-1">`.
          flushRun();
          w.anchorAt(node);
          walk(node.children);
        } else run.push(node);
      }
      flushRun();
    };
    walk(el.children);
    w.flush();
    w.items.push(...boxes.items);
  };

  /** Runs the walk over some children into a writer of their own, for figures and notes. */
  const collect = (nodes: readonly AnyNode[]): DocumentItem[] => {
    const w = new Writer();
    walkNodes(nodes, w);
    w.flush();
    return w.items;
  };

  /**
   * Everything inside a `<figure>` is kept: images become one figure block with the caption; a table
   * takes the figure's caption when it has none; nested figures keep their own captions.
   */
  const figure = (el: Element, w: Writer) => {
    w.flush();
    w.anchorAt(el);
    const captionEl = el.children.find((c) => tagOf(c) === 'figcaption') as Element | undefined;
    const caption = captionEl ? collapseSpace(inline(captionEl, w, [])) : '';
    const inner = collect(el.children.filter((c) => c !== captionEl));
    let captionUsed = caption === '';
    const alts: string[] = [];
    const rest: DocumentItem[] = [];
    for (const item of inner) {
      if (item.kind === 'block' && item.block.type === 'figure' && item.block.caption === undefined) {
        alts.push(item.block.alt);
        continue;
      }
      if (item.kind === 'block' && item.block.type === 'table' && !captionUsed && !item.block.caption) {
        const text = [caption, item.block.text].filter((t) => t !== '').join('\n');
        rest.push({ kind: 'block', block: { ...item.block, caption, text } });
        captionUsed = true;
        continue;
      }
      // A heading inside a figure labels the figure; it opens no topic.
      rest.push(
        item.kind === 'heading' ? { kind: 'block', block: { type: 'paragraph', text: item.text } } : item,
      );
    }
    const alt = alts.filter((a) => a !== '').join(' ');
    if (alt !== '' || !captionUsed) {
      const text = [alt, captionUsed ? '' : caption].filter((t) => t !== '').join(' — ');
      w.push({ type: 'figure', text, alt, ...(captionUsed ? {} : { caption }) });
    }
    for (const item of rest) {
      if (item.kind === 'block') w.push(item.block);
      else if (item.kind === 'anchor') w.items.push(item);
    }
    w.emitAnchors();
  };

  /** An aside, sidebar or footnote: one note block whose own heading is its title, never a topic. */
  const note = (el: Element, w: Writer) => {
    w.flush();
    w.anchorAt(el);
    w.emitAnchors();
    const inner = collect(el.children);
    const first = inner.find((i) => i.kind === 'heading' || i.kind === 'block');
    const title = first?.kind === 'heading' ? first.text : undefined;
    const lines: string[] = [];
    for (const item of inner) {
      if (item.kind === 'anchor') w.items.push(item);
      else if (item.kind === 'heading') lines.push(item.text);
      else if (item.kind === 'block') lines.push(item.block.text);
    }
    const text = lines.filter((l) => l !== '').join('\n');
    if (text !== '') w.push({ type: 'note', text, ...(title ? { title } : {}) });
  };

  const math = (el: Element, w: Writer) => {
    w.flush();
    w.anchorAt(el);
    // One tree for both renderings: neither changes it.
    const tree = treeOf(el);
    const latex = latexOf(el, tree);
    const text = mathTreeToText(tree).trim() || latex;
    if (latex !== '') w.push({ type: 'math', text, latex });
    w.emitAnchors();
  };

  /** The division being walked (see `division` items), and its element, announced and now walked. */
  let division: DocumentRole | undefined;
  let announced: Element | undefined;
  /** The elements a heading heads (see `walkNodes`), numbered in the order first used, and their kinds. */
  const sectionIds = new Map<Element, number>();
  const sectionKinds = new Map<number, TopicKind>();
  /**
   * Walks `nodes`, the children of an element. `section` is what a heading among them heads: this element
   * (`own`, numbered on first use) when it is a section of its own and content follows the heading in it,
   * else the element the caller passed on (`outer`): a heading alone in its wrapper heads what follows.
   */
  const walkNodes = (nodes: readonly AnyNode[], w: Writer, own?: Element, outer?: () => number): void => {
    // Only a section of its own (`isSectioning`) is headed; in it, content must follow the heading.
    let last = -1;
    if (own && isSectioning(own))
      for (let i = nodes.length - 1; i >= 0 && last === -1; i -= 1)
        if (hasContent(nodes[i] as AnyNode)) last = i;
    const ownSection = () => {
      const known = sectionIds.get(own as Element);
      if (known !== undefined) return known;
      const id = sectionIds.size + 1;
      sectionIds.set(own as Element, id);
      const kind = sectionKindOfTypes(structuralTypes(own as Element).split(/\s+/));
      if (kind) sectionKinds.set(id, kind);
      return id;
    };
    const sectionAt = (i: number) => (i < last ? ownSection : outer);
    for (let i = 0; i < nodes.length; i += 1) {
      const node = nodes[i] as AnyNode;
      const tag = tagOf(node);
      if (tag === undefined) {
        if (node.type === 'text') w.buffer += (node as unknown as { data: string }).data;
        continue;
      }
      if (SKIP_TAGS.has(tag)) continue;
      const el = node as Element;
      if (isNavigation(el) || ((tag === 'label' || tag === 'a') && isParagraphNumber(el, tag, nodes, i))) {
        anchorsOnly(el, w);
        continue;
      }
      const role =
        el === announced
          ? undefined
          : ((options.divisions ? divisionOf(el, tag) : undefined) ?? boilerplateOf(el, tag));
      if (role !== undefined) {
        // Announced before the element's own anchors (a TOC entry that links to a division opens in it),
        // then the element is walked as any other.
        w.flush();
        const [outer, outerElement] = [division, announced];
        [division, announced] = [role, el];
        w.items.push({ kind: 'division', role });
        walkNodes([el], w, undefined, sectionAt(i));
        w.flush();
        [division, announced] = [outer, outerElement];
        w.items.push({ kind: 'division', role: outer });
        continue;
      }
      const labelled = isPageLabel(el);
      if (labelled || isEmptyPageBreak(el)) {
        pageBreak(el, w, labelled);
        continue;
      }
      const heading = HEADING.exec(tag) ?? (tag === 'hgroup' ? groupHeading(el) : null);
      // In a document without heading elements, a paragraph may be one by its style and text.
      const textParagraph =
        !heading && styledHeadingLevel !== undefined && isTextParagraph(el, tag, hasBlocks);
      const styled = textParagraph && styledAsHeading(el, options.boldClasses);
      const styledLevel = heading
        ? undefined
        : headerTitle(el, tag, own)
          ? HEADER_TITLE_LEVEL
          : textParagraph
            ? paragraphHeadingLevel(el, styledHeadingLevel, styled, options.headingClasses)
            : undefined;
      if (heading || styledLevel !== undefined) {
        w.flush();
        const figures: Block[] = [];
        let text = collapseSpace(inline(el, w, figures, 'heading'));
        const image = heading && text === '' && figures.length === 1 ? figures[0] : undefined;
        if (image?.type === 'figure' && isHeadingAlt(image.alt ?? '')) {
          // A heading set as a picture of its words: "Chapter 1: Motion" is the heading, not a figure.
          text = image.alt ?? '';
          figures.length = 0;
        }
        w.emitAnchors();
        const section = sectionAt(i)?.();
        const sectionKind = section === undefined ? undefined : sectionKinds.get(section);
        w.items.push({
          kind: 'heading',
          level: heading ? Math.max(Number(heading[1]), sectionDepthLevel(el) ?? 0) : (styledLevel as number),
          text,
          ...(section !== undefined ? { section } : {}),
          ...(sectionKind ? { sectionKind } : {}),
        });
        for (const f of figures) w.push(f);
      } else if (
        PRE_TAGS.has(tag) ||
        (BLOCK_TAGS.has(tag) &&
          !hasBlocks.has(el) &&
          keepsSpace(tag, el.attribs.class, el.attribs.style, options.keptSpaceClasses))
      ) {
        // Code, or a verse set line by line: its lines and indents are its own (a `<pre>`, or a block whose
        // own style or class keeps white space, as some converters write it).
        w.flush();
        const figures: Block[] = [];
        w.anchorAt(el);
        const text = preformattedText(el.children.map((child) => inline(child, w, figures)).join(''));
        if (text !== '') w.push({ type: 'preformatted', text });
        for (const figure of figures) w.push(figure);
        w.emitAnchors();
      } else if (tag === 'table') {
        if (!isLayoutTable(el, holdsHeadings)) table(el, w);
        else {
          // A layout table: its caption, then each cell, read as the text around it is.
          w.flush();
          w.anchorAt(el);
          for (const part of [...childrenTagged(el, CAPTION_TAGS), ...ownCells(el)]) {
            walkNodes(part.children, w, undefined, sectionAt(i));
            w.flush();
          }
        }
      } else if (tag === 'ul' || tag === 'ol' || tag === 'dl') list(el, w, tag === 'ol');
      else if (tag === 'figure') figure(el, w);
      else if (tag === 'math' && isDisplayMath(el)) math(el, w);
      else if (isNote(el, tag)) note(el, w);
      else if (BLOCK_TAGS.has(tag) && hasBlocks.has(el)) {
        w.flush();
        w.anchorAt(el);
        // A paragraph that is one picture of a formula: a displayed formula, its LaTeX from the alt text.
        const image = soleFormulaImage(el);
        if (image) {
          w.anchorAt(image.el);
          w.push({ type: 'math', text: image.latex, latex: image.latex });
          w.emitAnchors();
          continue;
        }
        if (tag === 'p') paragraphAround(el, w, sectionAt(i));
        else walkNodes(el.children, w, el, sectionAt(i));
        w.flush();
        const ended = sectionIds.get(el);
        if (ended !== undefined) w.items.push({ kind: 'end', section: ended });
      } else if (BLOCK_TAGS.has(tag)) {
        const sole = soleMath(el);
        if (sole) {
          w.anchorAt(el);
          math(sole, w);
        } else leaf(el, w, styled);
      } else if (tag === 'img') {
        // A figure goes after the text around it; a picture of a formula stays in it.
        w.buffer += inline(el, w, w.figures);
      } else if (hasBlocks.has(el)) {
        w.anchorAt(el);
        walkNodes(el.children, w, undefined, sectionAt(i));
      } else w.buffer += inline(el, w, w.figures);
    }
  };

  const writer = new Writer();
  // A TOC link to the body's own id, or its root's (`<body id="b4">`), opens the document at its start.
  if (body.parent && isTag(body.parent)) writer.anchorAt(body.parent);
  if (isTag(body)) writer.anchorAt(body);
  walkNodes(body.children, writer);
  writer.flush();
  if (breaks.length === 0) return writer.items;
  // The document's end closes its last page, whose foot may hold that page's number.
  breaks.push({ label: '', writer, at: writer.items.length, between: true });
  const furniture = furnitureAtPageBreaks(
    breaks.map(blocksAround),
    writer.items.flatMap((item) => (item.kind === 'heading' ? [item.text] : [])),
  );
  if (furniture.pageNumbers.size + furniture.runningHeads.size === 0) return writer.items;
  for (const _ of furniture.pageNumbers) options.onPageNumber?.();
  for (const _ of furniture.runningHeads) options.onRunningHead?.();
  return writer.items.filter(
    (item) =>
      item.kind !== 'block' ||
      (!furniture.pageNumbers.has(item.block) && !furniture.runningHeads.has(item.block)),
  );
}

/** A page-break marker as the walk met it: its page's label, and where its writer's items then ended. */
interface BreakInWriter {
  label: string;
  writer: { readonly items: readonly DocumentItem[] };
  at: number;
  /** No text waited in the writer's buffer: the break stands between blocks, not inside a paragraph. */
  between: boolean;
}

/**
 * The blocks on either side of a page break that stands between blocks, past anchors: the last before it
 * (at the foot of the page that ends) and the first after it (at the head of its page); a heading on
 * either side is none.
 */
function blocksAround({ label, writer, at, between }: BreakInWriter): PageBreakAt {
  if (!between) return { label };
  const { items } = writer;
  const blockFrom = (start: number, step: number): Block | undefined => {
    let i = start;
    while (items[i]?.kind === 'anchor') i += step;
    const item = items[i];
    return item?.kind === 'block' ? item.block : undefined;
  };
  const before = blockFrom(at - 1, -1);
  const after = blockFrom(at, 1);
  return { label, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** The label a page-break marker names (`title`, `aria-label`), else its text, as printed ("12", "xiv"). */
function pageLabelOf(el: Element): string {
  const named = el.attribs.title ?? el.attribs['aria-label'];
  const text = collapseSpace(named ?? textContent(el));
  // "[Pg 12]", "Page 12": the number.
  return /[\p{N}ivxlcdm][\p{N}ivxlcdm.\-–]*(?=\s*\]?$)/iu.exec(text)?.[0] ?? text;
}
