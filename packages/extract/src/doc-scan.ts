import { type DocumentRole, divisionRole } from './doc-roles.js';
import { isNoteLink } from './note-links.js';
import { bookTitles, normTitle } from './outline-plan.js';
import {
  contentsRunIndexes,
  HEADING_ELEMENT,
  type HeadingLine,
  hasClassIn,
  isBoldInline,
  isHeadingClass,
  mayBePlainHeading,
  NUMBER_LABEL_CLASS,
  SECTION_NUMBER,
} from './styled-headings.js';

/** What a quick look at a spine document's markup tells before it is parsed. */
export interface DocumentScan {
  /** `epub:type` (and ARIA `role`) tokens of its `<body>` and of its first sectioning element. */
  types: string[];
  /** The text of its first heading, when it has one. */
  firstHeading?: string;
  /** The level (1–6) of that heading's element. */
  firstHeadingLevel?: number;
  /** The text of its `<title>`, when it has one. */
  headTitle?: string;
  /** True when no text comes before the first heading. */
  startsWithHeading: boolean;
  /**
   * When it starts with a heading, the ids of the elements up to that heading's end (an anchor in the
   * heading, as TeX4ht links its TOC entries): a link to one of them opens the document, not a place in
   * it. Else the body's own id, if it has one.
   */
  leadIds: string[];
  /** The texts of all its headings, in order. */
  headings: string[];
  /** True when its body has a heading element (`<h1>`–`<h6>`), empty or not. */
  headingElements: boolean;
  /**
   * True when its heading elements all stand in its opening, before a long text without any: a title
   * page's `<h1>` over a whole book whose chapters are paragraphs in bold (a scan whose OCR found no other
   * heading, a word processor's title style over chapters set by hand).
   */
  headingsLeadOnly: boolean;
  /**
   * In a document without heading elements, the texts of its paragraphs styled as headings (all in bold,
   * or of a heading class; see `styled-headings.ts`), in order; in one whose headings lead only
   * (`headingsLeadOnly`), those after its last heading; else empty.
   */
  styledHeadings: string[];
  /**
   * In such a document, its plain paragraphs that may be a chapter heading: short lines with a number
   * that are neither a contents line nor a sentence (`mayBePlainHeading`); else empty.
   */
  plainChapterLines: string[];
  /**
   * True when the document is a contents page its markup does not type: most of its text (80 % or more,
   * of 20 words at least) is links, as Calibre writes a Kindle book's contents page at its end.
   */
  contentsPage: boolean;
  /**
   * True when the document holds the body's division and another: elements typed `bodymatter` and
   * `frontmatter` or `backmatter` (a whole book in one document). Its `types` are then the body's alone:
   * the first section's type speaks for its own division only.
   */
  divided: boolean;
  /**
   * For a page of a fixed-layout book (`scanDocument`'s `page`): the text of its first two and last two
   * paragraphs, where its number and running heads sit; else undefined.
   */
  edges?: string[];
}

/**
 * A document whose heading elements all end within its first twentieth, of 40,000 characters of markup
 * at least (a book's worth of text, not a chapter's), has headings that lead only (`headingsLeadOnly`).
 */
const LEAD_ONLY_MIN_CHARS = 40_000;
const LEAD_ONLY_SHARE = 0.05;

/**
 * True when a document's paragraphs may be its headings: it has no heading elements, or is long enough
 * that they may lead only (`headingsLeadOnly`).
 */
export function mayHoldStyledHeadings(html: string): boolean {
  return html.length >= LEAD_ONLY_MIN_CHARS || !HEADING_ELEMENT.test(html);
}

/** A link and its content (group 1). */
const LINK = /<(?:[\w-]+:)?a\b[^>]*\bhref\s*=[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?a\s*>/gi;
/** Fewest links, and words, a contents page has; and the least share of its text in links. */
const CONTENTS_LINKS = 5;
const CONTENTS_WORDS = 20;
const CONTENTS_LINK_SHARE = 0.8;

/** True when most of a document body's text is in links (`DocumentScan.contentsPage`). */
function isContentsPage(body: string): boolean {
  // Most documents hold a few links at most: counted before any is read.
  let hrefs = 0;
  for (let at = body.indexOf('href'); at !== -1 && hrefs < CONTENTS_LINKS; at = body.indexOf('href', at + 4))
    hrefs += 1;
  if (hrefs < CONTENTS_LINKS) return false;
  let links = 0;
  let linkChars = 0;
  for (const m of body.matchAll(LINK)) {
    links += 1;
    linkChars += plainText(m[1] ?? '').length;
  }
  if (links < CONTENTS_LINKS) return false;
  const text = plainText(body);
  return text.split(' ').length >= CONTENTS_WORDS && linkChars >= CONTENTS_LINK_SHARE * text.length;
}

/** Lines at each end of a page that may be its number or a running head. */
const EDGE_LINES = 2;

/**
 * A paragraph, or a `<div>` holding no block: group 1 its tag, group 2 its attributes, group 3 its content.
 */
const TEXT_PARAGRAPH =
  /<(?:[\w-]+:)?(p|div)\b([^>]*)>((?:(?!<\/?(?:[\w-]+:)?(?:p|div|h[1-6]|table|ul|ol|dl|section|article|aside|figure|blockquote)\b)[\s\S])*?)<\/(?:[\w-]+:)?\1\s*>/gi;
/** A section's number before its bold title, as Calibre sets a word processor's numbered heading: "1.1 <b>…". */
const LEADING_SECTION_NUMBER = new RegExp(`^\\s*${SECTION_NUMBER}(?:\\s|&nbsp;|&#160;|&#xa0;)+(?=<)`, 'i');
/**
 * The opening tag of an inline element that content starts with, after empty anchors (a page's `<a id>`):
 * group 1 its tag, group 2 its attributes.
 */
const OPEN_INLINE =
  /^\s*(?:<a\b[^>]*>\s*<\/a>\s*|<a\b[^>]*\/>\s*)*<(b|strong|span|a|i|em|u|font|small|big)\b([^>]*)>/i;
/** Deepest nesting of inline wrappers looked through for a bold one. */
const MAX_INLINE_DEPTH = 4;
/** Opening and closing tags of each element, by tag: to find where one closes (`closingTag`). */
const TAGS_OF = new Map<string, RegExp>();

/**
 * True when content is all one inline element (after empty anchors) that is bold (`isBoldInline` says), or
 * that wraps content of which this is true (`<span class="big"><span class="bold">…</span></span>`).
 */
function allBold(content: string, boldClasses: ReadonlySet<string> | undefined, depth = 0): boolean {
  const open = OPEN_INLINE.exec(content);
  if (!open || depth > MAX_INLINE_DEPTH) return false;
  const tag = (open[1] ?? '').toLowerCase();
  const close = closingTag(content, tag, open[0].length);
  if (!close || content.slice(close.end).trim() !== '') return false;
  const attributes = open[2] ?? '';
  return (
    isBoldInline(
      tag,
      CLASS_ATTRIBUTE.exec(attributes)?.[2],
      STYLE_ATTRIBUTE.exec(attributes)?.[2],
      boldClasses,
    ) || allBold(content.slice(open[0].length, close.start), boldClasses, depth + 1)
  );
}

/**
 * Where the element of `tag` whose content starts at `from` closes (its closing tag's start and end),
 * elements of the same tag inside it skipped; undefined when it never does.
 */
function closingTag(markup: string, tag: string, from: number): { start: number; end: number } | undefined {
  const key = tag.toLowerCase();
  let tags = TAGS_OF.get(key);
  if (!tags) {
    tags = new RegExp(`<(/?)${key.replace(/[^\w:-]/g, '')}\\b[^>]*>`, 'gi');
    TAGS_OF.set(key, tags);
  }
  tags.lastIndex = from;
  let level = 1;
  for (let m = tags.exec(markup); m !== null; m = tags.exec(markup)) {
    if (m[0].endsWith('/>')) continue;
    level += m[1] ? -1 : 1;
    if (level === 0) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** The opening tag of an element of the ARIA `navigation` role (group 1 its tag), as Sphinx's "related" bar. */
const NAVIGATION_OPEN =
  /<((?:[\w-]+:)?[\w-]+)\b[^>]*?\srole\s*=\s*(["'])(?:[^"']*\s)?navigation(?:\s[^"']*)?\2[^>]*>/gi;

/**
 * The markup without its elements of the `navigation` role, which the parse leaves out of the text too
 * (`isNavigation` in dom-items.ts): their heading ("Navigation", atop each page of a Sphinx book) is not
 * the document's.
 */
function withoutNavigation(markup: string): string {
  if (!markup.includes('navigation')) return markup;
  let out = '';
  let from = 0;
  NAVIGATION_OPEN.lastIndex = 0;
  for (let m = NAVIGATION_OPEN.exec(markup); m !== null; m = NAVIGATION_OPEN.exec(markup)) {
    if (m[0].endsWith('/>')) continue;
    const close = closingTag(markup, m[1] ?? '', m.index + m[0].length);
    if (!close) break;
    out += `${markup.slice(from, m.index)} `;
    from = close.end;
    NAVIGATION_OPEN.lastIndex = close.end;
  }
  return out + markup.slice(from);
}
const DIGIT = /\d/;
const CLASS_ATTRIBUTE = /(?:^|\s)class\s*=\s*(["'])(.*?)\1/i;
const STYLE_ATTRIBUTE = /(?:^|\s)style\s*=\s*(["'])(.*?)\1/i;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[name.toLowerCase()] ?? whole;
  });
}

/** Phrasing elements, whose tags part no words: "W<b>ater</b>" is one word, as the parsed document has it. */
const INLINE_TAG =
  /<\/?(?:[\w-]+:)?(?:a|abbr|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|rb|rtc|ruby|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^>]*>/gi;
/** An element of a number or label class around plain text: set apart, as a heading's number is. */
const NUMBER_LABEL = new RegExp(
  `<((?:[\\w-]+:)?\\w+)\\b[^>]*\\bclass\\s*=\\s*["'][^"']*(?:${NUMBER_LABEL_CLASS.source})[^"']*["'][^>]*>([^<]*)<\\/\\1\\s*>`,
  'gi',
);

/**
 * Visible text of a markup fragment, as the parsed document renders it: ruby readings and scripts left
 * out, phrasing tags dropped ("渡す<ruby>襷<rt>たすき</rt></ruby>として" is one run), other tags a space,
 * spaces collapsed.
 */
/** An element's `id` (group 2), in a start tag. */
const ID_ATTRIBUTE = /<[^>]*?\sid\s*=\s*(["'])([^"']*)\1/gi;

/** A link around plain text or phrasing tags (group 1: its attributes; group 2: its content). */
const LINK_ELEMENT = /<(?:[\w-]+:)?a\b([^>]*)>((?:[^<]|<(?!\/?(?:[\w-]+:)?a\b))*?)<\/(?:[\w-]+:)?a\s*>/gi;

/** The attributes of a link that say what it is, each read from a start tag's attributes. */
const LINK_ATTRIBUTES = {
  href: /(?:^|\s)href\s*=\s*(["'])(.*?)\1/i,
  type: /(?:^|\s)epub:type\s*=\s*(["'])(.*?)\1/i,
  role: /(?:^|\s)role\s*=\s*(["'])(.*?)\1/i,
  className: CLASS_ATTRIBUTE,
};

/** One attribute's value (its pattern's group 2, entities decoded), or undefined. */
function attribute(attrs: string, pattern: RegExp): string | undefined {
  const m = pattern.exec(attrs);
  return m ? decodeEntities(m[2] ?? '') : undefined;
}

/** A link to a note that says only the note's mark is left out, as the parsed document leaves it (`isNoteLink`). */
function withoutNoteLinks(fragment: string): string {
  if (!/<(?:[\w-]+:)?a\b/i.test(fragment)) return fragment;
  return fragment.replace(LINK_ELEMENT, (whole, attrs: string, inner: string) => {
    const link = {
      href: attribute(attrs, LINK_ATTRIBUTES.href),
      type: attribute(attrs, LINK_ATTRIBUTES.type),
      role: attribute(attrs, LINK_ATTRIBUTES.role),
      className: attribute(attrs, LINK_ATTRIBUTES.className),
    };
    return isNoteLink(link, decodeEntities(inner.replace(/<[^>]*>/g, ''))) ? '' : whole;
  });
}

function plainText(fragment: string): string {
  const text = withoutNoteLinks(fragment)
    .replace(/<(rt|rp|script|style|video|audio)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(NUMBER_LABEL, ' $2 ')
    .replace(INLINE_TAG, '')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text).replace(/\s+/g, ' ').trim().normalize('NFC');
}

function typeTokens(attrs: string): string[] {
  const out: string[] = [];
  for (const m of attrs.matchAll(/(?:^|\s)(?:[\w-]+:type|role)\s*=\s*(["'])(.*?)\1/g))
    out.push(...(m[2] ?? '').split(/\s+/).filter((t) => t !== ''));
  return out;
}

/**
 * A sectioning element whose `epub:type` names a division (group 1: the tokens); a landmarks nav's links
 * (`<a epub:type="bodymatter">`) point at divisions, they are none.
 */
const DIVISION_TYPE =
  /<(?:[\w-]+:)?(?:section|div|article|main)\b[^>]*\bepub:type\s*=\s*["']([^"']*\b(?:front|body|back)matter\b[^"']*)["']/gi;

/** True when a body holds a `bodymatter` division and a front or back one (`DocumentScan.divided`). */
function isDivided(body: string): boolean {
  if (!body.includes('bodymatter')) return false;
  const roles = new Set<DocumentRole>();
  for (const m of body.matchAll(DIVISION_TYPE)) {
    const role = divisionRole((m[1] ?? '').split(/\s+/));
    if (role) roles.add(role);
  }
  return roles.has('body') && roles.size > 1;
}

/**
 * What a copyright page says: a © or "(c)" year, "copyright", "all rights reserved", an ISBN, a licence,
 * who published or printed it. A page is one when it says two of them.
 */
const COPYRIGHT_MARKS = [
  /©|\(c\)\s*\d{4}/i,
  /\bcopyright\b/i,
  /\ball rights reserved\b/i,
  /\bisbn\b/i,
  /\bcreative commons\b|\blicen[cs]ed under\b/i,
  /\bpublished by\b|\bprinted (?:in|by)\b|\bfirst (?:published|edition)\b/i,
];
/** Longest text a title page or a copyright page has, in words. */
const TITLE_PAGE_WORDS = 40;
/** Longest text a dedication has, in words. */
const DEDICATION_WORDS = 30;
/** How a dedication opens: "To my mother", "For Ada", "Dedicated to …", "In memory of …". */
const DEDICATION_OPENING = /^(?:dedicat(?:ed|ion)\b|to\s|for\s|in\s+(?:loving\s+)?memory\b)/i;
const COPYRIGHT_PAGE_WORDS = 400;

/** A TOC label naming front matter: such a page may be typed by what it holds. */
const FRONT_MATTER_LABEL = /\b(?:cover|title|copyright|imprint|rights)\b/i;

/** Whole titles that name a front-matter page, and its structural type. */
const FRONT_MATTER_TITLES: ReadonlyArray<[RegExp, string]> = [
  [/^(?:preface|préface|prefacio|prefazione|vorwort|முன்னுரை)$/iu, 'preface'],
  [/^(?:foreword|avant-propos)$/iu, 'foreword'],
  [/^(?:acknowledg(?:e)?ments?|remerciements|agradecimientos|danksagung)$/iu, 'acknowledgments'],
  [/^(?:dedication|epigraph)$/iu, 'dedication'],
  [/^(?:(?:table of )?contents|sommaire)$/iu, 'toc'],
];

/** The type a page's title gives it when the title names front matter alone ("Preface"). */
function frontMatterTitleType(title: string): string | undefined {
  const plain = title.replace(/[\s.:]+$/u, '').trim();
  return FRONT_MATTER_TITLES.find(([pattern]) => pattern.test(plain))?.[1];
}

/**
 * The structural type a document's content gives it when the book's markup gives none: a page its TOC
 * label (or else its first heading) names as front matter alone ("Preface", "Foreword",
 * "Acknowledgements", "Dedication", "Contents"), a cover (an image
 * and no text, as the book's first document only: a book of pictures is made of such pages), a title page
 * (the book's title first, and little else), a copyright page (short, and saying copyright, ©, ISBN or
 * a licence), a dedication (after the first page; a few words opening "To", "For", "Dedicated",
 * "In memory"). For the documents a book opens with; undefined for anything else.
 *
 * A document its TOC `label` names is left as it is (a chapter, whatever it holds) when the label is
 * something its text says, unless the label names front matter or the book's title (as converters name
 * a title page). A label the text of a page never says is a converter's name for the file ("Section 1").
 * `firstHeading` is the document's (`DocumentScan.firstHeading`).
 */
export function frontMatterType(
  html: string,
  bookTitle: string | readonly string[],
  first: boolean,
  label?: string,
  firstHeading?: string,
): string | undefined {
  const bodyAt = html.search(/<body\b/i);
  const body = bodyAt === -1 ? html : html.slice(bodyAt);
  const text = plainText(body);
  const titles = bookTitles(bookTitle);
  // A page its TOC entry (or, without one, its first heading) names "Preface", "Acknowledgements" …
  const byTitle = frontMatterTitleType(label ?? firstHeading ?? '');
  if (byTitle) return byTitle;
  if (label !== undefined && !FRONT_MATTER_LABEL.test(label)) {
    const named = normTitle(label);
    // A page without text says nothing of its label: "Page 1" may name a picture book's first page.
    if (
      named !== '' &&
      !titles.includes(named) &&
      (text === '' || ` ${normTitle(text)} `.includes(` ${named} `))
    )
      return undefined;
  }
  if (text === '') return first && /<(?:[\w-]+:)?(?:img|image|svg)\b/i.test(body) ? 'cover' : undefined;
  const words = text.split(' ').length;
  if (words <= TITLE_PAGE_WORDS && titles.some((title) => normTitle(text).startsWith(title)))
    return 'titlepage';
  if (words <= COPYRIGHT_PAGE_WORDS && COPYRIGHT_MARKS.filter((mark) => mark.test(text)).length >= 2)
    return 'copyright-page';
  if (!first && words <= DEDICATION_WORDS && DEDICATION_OPENING.test(text)) return 'dedication';
  return undefined;
}

/**
 * Puts the paragraphs of `body` that may be headings into `styled` (styled as one: all in bold, or of a
 * heading class) and `plain` (plain lines with a number that may be a chapter heading:
 * `mayBePlainHeading`), in order; but not the lines of a contents list (`contentsRunIndexes`).
 */
function readHeadingLines(
  body: string,
  boldClasses: ReadonlySet<string> | undefined,
  styled: string[],
  plain: string[],
): void {
  const lines: Array<HeadingLine & { styled: boolean }> = [];
  let paragraphs = 0;
  let lastLine = -1;
  for (const m of body.matchAll(TEXT_PARAGRAPH)) {
    const content = m[3] ?? '';
    const text = plainText(content);
    if (text === '') continue;
    paragraphs += 1;
    const bold = allBold(content.replace(LEADING_SECTION_NUMBER, ''), boldClasses);
    const paragraphClass = CLASS_ATTRIBUTE.exec(m[2] ?? '')?.[2];
    const isStyled = bold || isHeadingClass(paragraphClass) || hasClassIn(paragraphClass, boldClasses);
    if (!isStyled && !(DIGIT.test(text) && mayBePlainHeading(text))) continue;
    lines.push({ text, styled: isStyled, follows: lastLine === paragraphs - 1 });
    lastLine = paragraphs;
  }
  const listed = contentsRunIndexes(lines);
  for (const [i, line] of lines.entries()) if (!listed.has(i)) (line.styled ? styled : plain).push(line.text);
}

/**
 * The lines of a document with heading elements that may be headings all the same, as `scanDocument` reads
 * those of a document without (`DocumentScan.styledHeadings` and `plainChapterLines`): for a book whose
 * heading elements name no chapter, while its units open on plain lines ("UNIT 2 LIGHT AND SHADOWS" between
 * paragraphs, as Calibre converts a text file: only the numbered sections become headings).
 */
export function headingLinesBeside(
  html: string,
  boldClasses?: ReadonlySet<string>,
): { styled: string[]; plain: string[] } {
  const bodyAt = html.search(/<body\b/i);
  const body = withoutNavigation(bodyAt === -1 ? html : html.slice(bodyAt));
  const styled: string[] = [];
  const plain: string[] = [];
  readHeadingLines(body, boldClasses, styled, plain);
  return { styled, plain };
}

/** The body's first element, past comments and empty elements, when it is a section; group 2 its attributes. */
const FIRST_SECTION =
  /^<body\b[^>]*>(?:\s|<!--[\s\S]*?-->|<(?:[\w-]+:)?[\w-]+\b[^>]*\/>|<((?:[\w-]+:)?[\w-]+)\b[^>]*>\s*<\/\1\s*>)*<(?:[\w-]+:)?(?:section|article|div|main)\b([^>]*)>/i;

/**
 * Scans a spine document's markup with regular expressions (no DOM): its structural types, whether it
 * opens with a heading, and its headings' text. Used to plan the book's structure before the documents
 * are parsed one at a time. `boldClasses` are the classes the book's style sheets set in bold (see
 * `boldClassesOf`), for the paragraphs styled as headings of a document without heading elements.
 */
export function scanDocument(
  html: string,
  { page = false, boldClasses }: { page?: boolean; boldClasses?: ReadonlySet<string> } = {},
): DocumentScan {
  const bodyAt = html.search(/<body\b/i);
  const body = withoutNavigation(bodyAt === -1 ? html : html.slice(bodyAt));
  const headTitle =
    bodyAt === -1
      ? ''
      : plainText(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html.slice(0, bodyAt))?.[1] ?? '');
  const types: string[] = [];
  const bodyTag = /^<body\b([^>]*)>/i.exec(body);
  if (bodyTag) types.push(...typeTokens(bodyTag[1] ?? ''));
  // The first element inside the body, when it is a typed section, speaks for the whole document (a
  // section typed further down is only a part of it: a bibliography inside a chapter). Empty elements
  // before it hold nothing to speak for (DocBook's `<header/>`, an anchor).
  const section = FIRST_SECTION.exec(body);
  if (section) types.push(...typeTokens(section[2] ?? ''));
  const divided = isDivided(body);
  if (divided) types.splice(0, types.length, 'bodymatter');
  const headings: string[] = [];
  let firstAt = -1;
  let firstEnd = -1;
  let firstLevel: number | undefined;
  let lastEnd = -1;
  for (const m of body.matchAll(/<(?:[\w-]+:)?h([1-6])\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?h\1\s*>/gi)) {
    lastEnd = (m.index ?? 0) + m[0].length;
    const text = plainText(m[2] ?? '');
    if (text === '') continue;
    if (firstAt === -1) {
      firstAt = m.index ?? 0;
      firstEnd = firstAt + m[0].length;
      firstLevel = Number(m[1]);
    }
    headings.push(text);
  }
  const before = firstAt === -1 ? body : body.slice(0, firstAt);
  const startsWithHeading = firstAt !== -1 && plainText(before.replace(/^<body\b[^>]*>/i, '')) === '';
  // Without an opening heading, the body's own id still opens the document (`<body id="b4">`).
  const leadIds = [
    ...(startsWithHeading ? body.slice(0, firstEnd) : (bodyTag?.[0] ?? '')).matchAll(ID_ATTRIBUTE),
  ].map((m) => decodeEntities(m[2] ?? ''));
  const styledHeadings: string[] = [];
  const plainChapterLines: string[] = [];
  const headingElements = headings.length > 0 || HEADING_ELEMENT.test(body);
  const headingsLeadOnly =
    lastEnd !== -1 && body.length >= LEAD_ONLY_MIN_CHARS && lastEnd <= body.length * LEAD_ONLY_SHARE;
  if (!headingElements || headingsLeadOnly)
    readHeadingLines(
      headingsLeadOnly ? body.slice(lastEnd) : body,
      boldClasses,
      styledHeadings,
      plainChapterLines,
    );
  let edges: string[] | undefined;
  if (page) {
    const lines: string[] = [];
    for (const m of body.matchAll(TEXT_PARAGRAPH)) {
      const text = plainText(m[3] ?? '');
      if (text !== '') lines.push(text);
    }
    edges =
      lines.length <= 2 * EDGE_LINES
        ? lines
        : [...lines.slice(0, EDGE_LINES), ...lines.slice(lines.length - EDGE_LINES)];
  }
  return {
    types: [...new Set(types)],
    ...(headings[0] !== undefined ? { firstHeading: headings[0], firstHeadingLevel: firstLevel ?? 1 } : {}),
    ...(headTitle !== '' ? { headTitle } : {}),
    startsWithHeading,
    leadIds,
    headings,
    headingElements,
    headingsLeadOnly,
    styledHeadings,
    plainChapterLines,
    contentsPage: types.length === 0 && isContentsPage(body),
    divided,
    ...(edges ? { edges } : {}),
  };
}
