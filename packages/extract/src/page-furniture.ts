import type { DocumentItem } from './dom-items.js';

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

function paragraphText(item: DocumentItem | undefined): string | undefined {
  return item?.kind === 'block' && item.block.type === 'paragraph' && !item.block.heading
    ? item.block.text
    : undefined;
}

/** Most a page number may skip: blank or full-page pictures have none. */
const MAX_PAGE_STEP = 3;

/**
 * The indices of the page numbers: the longest chain of bare numbers, in document order, each one to
 * three above the one before it, when it is long enough and its numbers a few paragraphs apart; else
 * none. A bare number off the chain (a table's cell "25" set as a paragraph) stays text.
 */
function pageNumberIndices(items: readonly DocumentItem[]): Set<number> {
  // The best chain ending at each value, as its length and its last item; `previous` links the chain.
  const best = new Map<number, { length: number; index: number }>();
  const previous = new Map<number, number>();
  let end: { length: number; index: number } | undefined;
  items.forEach((item, index) => {
    const text = paragraphText(item);
    if (text === undefined || !BARE_NUMBER.test(text)) return;
    const value = Number(text);
    let before: { length: number; index: number } | undefined;
    for (let step = 1; step <= MAX_PAGE_STEP; step += 1) {
      const chain = best.get(value - step);
      if (chain && (!before || chain.length > before.length)) before = chain;
    }
    const chain = { length: (before?.length ?? 0) + 1, index };
    if (before) previous.set(index, before.index);
    if (chain.length > (best.get(value)?.length ?? 0)) best.set(value, chain);
    if (!end || chain.length > end.length) end = chain;
  });
  if (!end || end.length < MIN_PAGES) return new Set();
  const indices: number[] = [];
  for (let at: number | undefined = end.index; at !== undefined; at = previous.get(at)) indices.push(at);
  indices.reverse();
  const gaps = indices
    .slice(1)
    .map((index, i) => index - (indices[i] ?? 0))
    .sort((a, b) => a - b);
  if ((gaps[Math.floor(gaps.length / 2)] ?? 0) < MIN_PAGE_ITEMS) return new Set();
  return new Set(indices);
}

/** True when the nearest item before or after `index` (past anchors) is a page number or the document's end. */
function atPageBreak(items: readonly DocumentItem[], pages: ReadonlySet<number>, index: number): boolean {
  for (const step of [-1, 1]) {
    let at = index + step;
    while (at >= 0 && at < items.length && items[at]?.kind === 'anchor') at += step;
    if (at < 0 || at >= items.length || pages.has(at)) return true;
  }
  return false;
}

/**
 * Leaves out the page furniture that a book converted from PDF keeps as paragraphs: the pages' numbers
 * (a chain of bare numbers, at least three, each one to three above the last, a few paragraphs apart) and
 * their running heads and feet (a short paragraph on most pages, mostly beside a page number or the
 * document's ends). A document without page numbers is returned as it is. Pure.
 */
export function withoutPageFurniture(items: readonly DocumentItem[]): {
  items: DocumentItem[];
  left: PageFurniture;
} {
  const pages = pageNumberIndices(items);
  if (pages.size === 0) return { items: [...items], left: { pageNumbers: 0, runningHeads: 0 } };
  const places = new Map<string, { count: number; atBreak: number; indices: number[] }>();
  items.forEach((item, index) => {
    const text = paragraphText(item);
    if (text === undefined || pages.has(index) || text.length > MAX_HEAD_CHARS) return;
    const place = places.get(text) ?? { count: 0, atBreak: 0, indices: [] };
    place.count += 1;
    place.indices.push(index);
    if (atPageBreak(items, pages, index)) place.atBreak += 1;
    places.set(text, place);
  });
  const heads = new Set<number>();
  const minRepeats = Math.max(MIN_HEAD_REPEATS, pages.size * MIN_HEAD_PAGE_SHARE);
  for (const place of places.values())
    if (place.count >= minRepeats && place.atBreak >= place.count * MIN_HEAD_AT_BREAK_SHARE)
      for (const index of place.indices) heads.add(index);
  return {
    items: items.filter((_, index) => !pages.has(index) && !heads.has(index)),
    left: { pageNumbers: pages.size, runningHeads: heads.size },
  };
}
