import type { Block } from '@kalvimate/core';
import type { DocumentItem } from './dom-items.js';
import { normTitle } from './outline-plan.js';

/** What `withoutPageFurniture` left out of a document. */
export interface PageFurniture {
  /** Paragraphs that were a page's number. */
  pageNumbers: number;
  /** Paragraphs that were a page's running head or foot (the book's title on every page). */
  runningHeads: number;
}

/** A paragraph that is a bare number, as a converted PDF keeps each page's number. */
const BARE_NUMBER = /^\d{1,4}$/;
/** Fewest page numbers that make a document paginated. */
const MIN_PAGES = 3;
/**
 * Fewest items from one page number to the next (the median): a page holds several paragraphs, where
 * numbers set apart from their questions ("1", "What is speed?", "2", …) alternate with one.
 */
const MIN_PAGE_ITEMS = 4;
/** A running head is short. */
const MAX_HEAD_CHARS = 100;
/**
 * A running head repeats at least three times and on at least this share of the pages, and this share
 * of its places are beside a page number. Content repeated at the foot of some pages (a table's last
 * cell) is on fewer pages; heads that alternate between the book's and the chapter's title are kept.
 */
const MIN_HEAD_REPEATS = 3;
const MIN_HEAD_PAGE_SHARE = 0.6;
const MIN_HEAD_AT_BREAK_SHARE = 0.7;
/**
 * A chapter's running head repeats on the pages of its chapter only: five times at least, on this share
 * of the pages from its first to its last (every other page, where the book's title heads the others).
 */
const MIN_STRETCH_HEAD_REPEATS = 5;
const MIN_STRETCH_HEAD_SHARE = 0.45;

/** The text of a plain paragraph (not a sub-heading), else undefined. */
export function paragraphText(item: DocumentItem | undefined): string | undefined {
  return item?.kind === 'block' && item.block.type === 'paragraph' && !item.block.heading
    ? item.block.text
    : undefined;
}

/** Most a page number may skip: blank or full-page pictures have none. */
const MAX_PAGE_STEP = 3;

/** A bare number that may be a page's: its value and where it stands (an item's index, a page). */
interface NumberAt {
  value: number;
  at: number;
  /** As written ("05"). */
  text: string;
}

/**
 * The longest chain of numbers, in order, each one to three above the one before it and standing at a
 * later place (numbers at the same place never chain to each other): the chain's members, in order.
 */
function longestRisingChain(numbers: readonly NumberAt[]): NumberAt[] {
  type Link = { length: number; number: NumberAt; previous?: Link };
  // The best chain ending at each value.
  const best = new Map<number, Link>();
  let end: Link | undefined;
  let pending: Link[] = [];
  const settle = () => {
    for (const link of pending) {
      if (link.length > (best.get(link.number.value)?.length ?? 0)) best.set(link.number.value, link);
      if (!end || link.length > end.length) end = link;
    }
    pending = [];
  };
  numbers.forEach((number, i) => {
    if (i > 0 && numbers[i - 1]?.at !== number.at) settle();
    let before: Link | undefined;
    for (let step = 1; step <= MAX_PAGE_STEP; step += 1) {
      const chain = best.get(number.value - step);
      if (chain && (!before || chain.length > before.length)) before = chain;
    }
    pending.push({ length: (before?.length ?? 0) + 1, number, ...(before ? { previous: before } : {}) });
  });
  settle();
  const chain: NumberAt[] = [];
  for (let link: Link | undefined = end; link; link = link.previous) chain.push(link.number);
  return chain.reverse();
}

/** True when a chain's numbers are a few paragraphs apart (the median gap), as pages are. */
function pagesApart(chain: readonly NumberAt[]): boolean {
  const gaps = chain
    .slice(1)
    .map((n, i) => n.at - (chain[i]?.at ?? 0))
    .sort((a, b) => a - b);
  return (gaps[Math.floor(gaps.length / 2)] ?? 0) >= MIN_PAGE_ITEMS;
}

/**
 * The chains of page numbers among `numbers`: the longest rising chain (`longestRisingChain`), when it is
 * long enough and its numbers pages apart, then the same among the numbers before it that are lower and
 * those after it that are higher. Pages without a number (a unit's opening spread, plates) break a chain:
 * "505" then "509" is two.
 */
function pageChains(numbers: readonly NumberAt[]): NumberAt[][] {
  const chain = longestRisingChain(numbers);
  const first = chain[0];
  const last = chain[chain.length - 1];
  if (!first || !last || chain.length < MIN_PAGES || !pagesApart(chain)) return [];
  return [
    ...pageChains(numbers.filter((n) => n.at < first.at && n.value < first.value)),
    chain,
    ...pageChains(numbers.filter((n) => n.at > last.at && n.value > last.value)),
  ];
}

/**
 * The indices of the page numbers: the chains of bare numbers, in document order, each one to three
 * above the one before it, long enough and their numbers a few paragraphs apart (`pageChains`); else
 * none. A bare number off the chains (a table's cell "25" set as a paragraph) stays text.
 */
function pageNumberIndices(items: readonly DocumentItem[]): Set<number> {
  const numbers: NumberAt[] = [];
  items.forEach((item, index) => {
    const text = paragraphText(item);
    if (text !== undefined && BARE_NUMBER.test(text)) numbers.push({ value: Number(text), at: index, text });
  });
  return new Set(pageChains(numbers).flatMap((chain) => chain.map((n) => n.at)));
}

/** An anchor, or a picture: a converter of PDF (Calibre's, through pdftohtml) writes a page's pictures first. */
function besideText(item: DocumentItem | undefined): boolean {
  return item?.kind === 'anchor' || (item?.kind === 'block' && item.block.type === 'figure');
}

/**
 * True when the nearest item before or after `index` (past anchors and pictures) is a page number or the
 * document's end.
 */
function atPageBreak(items: readonly DocumentItem[], pages: ReadonlySet<number>, index: number): boolean {
  for (const step of [-1, 1]) {
    let at = index + step;
    while (at >= 0 && at < items.length && besideText(items[at])) at += step;
    if (at < 0 || at >= items.length || pages.has(at)) return true;
  }
  return false;
}

/**
 * Leaves out the page furniture that a book converted from PDF keeps as paragraphs: the pages' numbers
 * (chains of bare numbers, at least three, each one to three above the last, a few paragraphs apart) and
 * their running heads and feet (a short paragraph, or a line read as a heading, on most pages or on most
 * pages of its chapter's stretch, mostly beside a page number or the document's ends, past the page's
 * pictures; a heading keeps its first place). A document without page numbers is returned as it is. Pure.
 */
export function withoutPageFurniture(items: readonly DocumentItem[]): {
  items: DocumentItem[];
  left: PageFurniture;
} {
  const pages = pageNumberIndices(items);
  if (pages.size === 0) return { items: [...items], left: { pageNumbers: 0, runningHeads: 0 } };
  const places = new Map<string, { count: number; atBreak: number; indices: number[]; pages: number[] }>();
  // The page each item is on: the page numbers before it.
  let page = 0;
  items.forEach((item, index) => {
    if (pages.has(index)) page += 1;
    // A heading too: a converted PDF's lines that read "Unit 1 Motion" are headings by now.
    const text = paragraphText(item) ?? (item.kind === 'heading' ? item.text : undefined);
    if (text === undefined || pages.has(index) || text.length > MAX_HEAD_CHARS) return;
    const place = places.get(text) ?? { count: 0, atBreak: 0, indices: [], pages: [] };
    place.count += 1;
    place.indices.push(index);
    if (place.pages[place.pages.length - 1] !== page) place.pages.push(page);
    if (atPageBreak(items, pages, index)) place.atBreak += 1;
    places.set(text, place);
  });
  const heads = new Set<number>();
  const minRepeats = Math.max(MIN_HEAD_REPEATS, pages.size * MIN_HEAD_PAGE_SHARE);
  for (const place of places.values()) {
    const span = (place.pages[place.pages.length - 1] ?? 0) - (place.pages[0] ?? 0) + 1;
    const often =
      place.count >= minRepeats ||
      (place.pages.length >= MIN_STRETCH_HEAD_REPEATS && place.pages.length >= span * MIN_STRETCH_HEAD_SHARE);
    if (often && place.atBreak >= place.count * MIN_HEAD_AT_BREAK_SHARE)
      // A heading's first place is kept: a unit's title opens its first page, then heads the others.
      place.indices.forEach((index, i) => {
        if (i > 0 || items[index]?.kind !== 'heading') heads.add(index);
      });
  }
  return {
    items: items.filter((_, index) => !pages.has(index) && !heads.has(index)),
    left: { pageNumbers: pages.size, runningHeads: heads.size },
  };
}

/** What to leave out of one page of a fixed-layout book, by text: its number and its running heads. */
export interface PageEdgeFurniture {
  pageNumber?: string;
  heads: ReadonlySet<string>;
}

/** Share of the pages whose edges must hold a line for it to be a running head. */
const MIN_EDGE_HEAD_SHARE = 0.4;

/**
 * The page furniture of a fixed-layout book, one document a page, found across its pages: the page
 * numbers (a bare number at the page's edges, rising one to three from page to page, at least three
 * pages, on at least half the pages from the first to the last) and, in a book so numbered, the running
 * heads (a short line at the edges of three pages at least, and of 40 % of the pages from its first to
 * its last). `edges[i]` holds the
 * first and last lines of spine document i when it is a page, else undefined. Pure.
 */
export function furnitureOfPages(
  edges: ReadonlyArray<readonly string[] | undefined>,
): Array<PageEdgeFurniture | undefined> {
  const numbers: NumberAt[] = [];
  edges.forEach((lines, page) => {
    for (const text of lines ?? [])
      if (BARE_NUMBER.test(text)) numbers.push({ value: Number(text), at: page, text });
  });
  const chain = longestRisingChain(numbers);
  const out: Array<PageEdgeFurniture | undefined> = edges.map(() => undefined);
  const first = chain[0]?.at ?? 0;
  const last = chain[chain.length - 1]?.at ?? 0;
  const pagesInRange = edges.slice(first, last + 1).filter((e) => e !== undefined).length;
  if (chain.length < MIN_PAGES || chain.length * 2 < pagesInRange) return out;
  // Each short line's pages (as the count of pages up to each), to measure how densely it repeats.
  const pageOrdinal: number[] = [];
  let ordinal = 0;
  for (const lines of edges) pageOrdinal.push(lines ? ordinal++ : ordinal);
  const seen = new Map<string, number[]>();
  edges.forEach((lines, page) => {
    for (const text of new Set(lines ?? []))
      if (text.length <= MAX_HEAD_CHARS && !BARE_NUMBER.test(text))
        seen.set(text, [...(seen.get(text) ?? []), pageOrdinal[page] ?? 0]);
  });
  // A head repeats on most pages of the stretch it spans: the book's title on every left page, a
  // chapter's title on the right pages of that chapter.
  const heads = new Set(
    [...seen]
      .filter(([, at]) => {
        const span = (at[at.length - 1] ?? 0) - (at[0] ?? 0) + 1;
        return at.length >= MIN_HEAD_REPEATS && at.length >= span * MIN_EDGE_HEAD_SHARE;
      })
      .map(([text]) => text),
  );
  const pageNumbers = new Map(chain.map((n) => [n.at, n.text]));
  edges.forEach((lines, page) => {
    if (!lines) return;
    const number = pageNumbers.get(page);
    const own = new Set(lines.filter((line) => heads.has(line)));
    if (number !== undefined || own.size > 0)
      out[page] = { ...(number !== undefined ? { pageNumber: number } : {}), heads: own };
  });
  return out;
}

/** Items at each end of a page where its number and running heads are looked for. */
const EDGE_ITEMS = 3;

/**
 * Leaves a page's furniture (`furnitureOfPages`) out of its items: its number once and its running heads,
 * each a paragraph among the first or last three blocks. Pure.
 */
export function withoutPageEdges(
  items: readonly DocumentItem[],
  furniture: PageEdgeFurniture,
): { items: DocumentItem[]; left: PageFurniture } {
  const blocks = items.flatMap((item, index) => (item.kind === 'block' ? [index] : []));
  const edge = new Set([...blocks.slice(0, EDGE_ITEMS), ...blocks.slice(-EDGE_ITEMS)]);
  const drop = new Set<number>();
  let pageNumbers = 0;
  let runningHeads = 0;
  for (const index of edge) {
    const text = paragraphText(items[index]);
    if (text === undefined) continue;
    if (pageNumbers === 0 && text === furniture.pageNumber) {
      drop.add(index);
      pageNumbers += 1;
    } else if (furniture.heads.has(text)) {
      drop.add(index);
      runningHeads += 1;
    }
  }
  return { items: items.filter((_, index) => !drop.has(index)), left: { pageNumbers, runningHeads } };
}

/** Fewest documents that open with the book's title as a heading above their own for it to be a running head. */
const MIN_TITLE_HEAD_DOCUMENTS = 3;

/**
 * The book's titles (normalised, `normTitle`) when at least three documents open with one of them as a
 * heading set above their own first heading, as a web page heads every page with its site's name
 * (`<h1>A Field Guide</h1><h2>Rivers</h2>`); else an empty set. `firstHeadings[i]` holds document i's
 * first two headings. Pure.
 */
export function runningTitleHeads(
  firstHeadings: ReadonlyArray<readonly string[]>,
  bookTitles: readonly string[],
): Set<string> {
  const titles = new Set(bookTitles.map(normTitle).filter((t) => t !== ''));
  const headed = firstHeadings.filter(
    (headings) => headings.length >= 2 && titles.has(normTitle(headings[0] ?? '')),
  ).length;
  return headed >= MIN_TITLE_HEAD_DOCUMENTS ? titles : new Set();
}

/**
 * A document's items without the book's title set as a running head (`runningTitleHeads`): its first
 * heading, when that names the book and the next item with text is a heading too (on a title page, text
 * follows the title, which stays). Anchors stay. Pure.
 */
export function withoutTitleHead(
  items: DocumentItem[],
  heads: ReadonlySet<string>,
): { items: DocumentItem[]; left: number } {
  if (heads.size === 0) return { items, left: 0 };
  const content = (from: number) => {
    for (let i = from; i < items.length; i += 1) {
      const kind = items[i]?.kind;
      if (kind === 'heading' || kind === 'block') return i;
    }
    return -1;
  };
  const first = content(0);
  const item = items[first];
  if (item?.kind !== 'heading' || !heads.has(normTitle(item.text))) return { items, left: 0 };
  if (items[content(first + 1)]?.kind !== 'heading') return { items, left: 0 };
  return { items: items.filter((_, i) => i !== first), left: 1 };
}

/** A page-break marker and the blocks beside it: the last of the page that ends, the first of its own. */
export interface PageBreakAt {
  /** The page's label as printed ("12", "xiv"); empty at the document's end, which only closes a page. */
  label: string;
  before?: Block;
  after?: Block;
}

/** A running head at a page break is short: a book's or a chapter's title. */
const MAX_BREAK_HEAD_CHARS = 80;
/** Pages whose head or foot must carry the same line beside their own number for it to be a running head. */
const MIN_NUMBERED_HEADS = 2;
/**
 * Pages whose head must open with the same line, without a number, for it to be a running head: three at
 * least, and a fifth of the page breaks when a heading of the document names it (the chapter's title),
 * two fifths otherwise (a short reply that opens three of a novel's hundred pages is text, and so is a
 * speaker's name that opens three of a scene's ten).
 */
const MIN_PLAIN_HEADS = 3;
const MIN_NAMED_HEAD_SHARE = 0.2;
const MIN_PLAIN_HEAD_SHARE = 0.4;

/** The page label that comes before `label` when it is a number ("13" before "14"), else undefined. */
function labelBefore(label: string): string | undefined {
  return /^\d+$/.test(label) && label !== '0' ? String(Number(label) - 1) : undefined;
}

/**
 * The paragraphs beside page-break markers that are the printed page's furniture, which a scan's text
 * keeps where its converter did not find it (the Internet Archive's books made from OCR): the page's own
 * number alone at the head of its page or at the foot of the page before ("14"); a short line beside
 * that number ("14 MEASUREMENT", "MEASUREMENT 15") when the same line so stands on two pages at least;
 * and the same short line without a number at the head of three pages at least, a fifth of them where
 * one of the document's `headings` names it, two fifths otherwise. Paragraphs only (a heading beside a
 * break is none). Pure.
 */
export function furnitureAtPageBreaks(
  breaks: readonly PageBreakAt[],
  headings: readonly string[] = [],
): {
  pageNumbers: Set<Block>;
  runningHeads: Set<Block>;
} {
  const titles = headings.map(normTitle);
  const pageNumbers = new Set<Block>();
  const byHead = new Map<string, { numbered: Block[]; plain: Block[] }>();
  // A block beside two breaks (a page of one line) is looked at once, beside the first.
  const seen = new Set<Block>();
  const consider = (block: Block | undefined, label: string | undefined, atHead: boolean) => {
    if (block?.type !== 'paragraph' || block.heading === true || block.text.length > MAX_BREAK_HEAD_CHARS)
      return;
    if (seen.has(block)) return;
    seen.add(block);
    const text = block.text.trim();
    if (label !== undefined && text === label) {
      pageNumbers.add(block);
      return;
    }
    const numbered =
      label === undefined
        ? undefined
        : text.startsWith(`${label} `)
          ? text.slice(label.length + 1)
          : text.endsWith(` ${label}`)
            ? text.slice(0, -label.length - 1)
            : undefined;
    if (numbered === undefined && !atHead) return;
    const head = normTitle(numbered ?? text);
    if (head === '') return;
    const places = byHead.get(head) ?? { numbered: [], plain: [] };
    (numbered === undefined ? places.plain : places.numbered).push(block);
    byHead.set(head, places);
  };
  breaks.forEach((at, i) => {
    if (at.label !== '') consider(at.after, at.label, true);
    const ended = i > 0 ? breaks[i - 1]?.label : labelBefore(at.label);
    consider(at.before, ended, false);
  });
  const runningHeads = new Set<Block>();
  for (const [head, { numbered, plain }] of byHead) {
    const pages = numbered.length + plain.length;
    const share = titles.some((title) => title.includes(head)) ? MIN_NAMED_HEAD_SHARE : MIN_PLAIN_HEAD_SHARE;
    if (numbered.length >= MIN_NUMBERED_HEADS || (pages >= MIN_PLAIN_HEADS && pages >= breaks.length * share))
      for (const block of [...numbered, ...plain]) if (!pageNumbers.has(block)) runningHeads.add(block);
  }
  return { pageNumbers, runningHeads };
}
