import type { TopicKind } from '@kalvimate/core';
import type { DocumentRole } from './doc-roles.js';
import {
  classifyHeading,
  type HeadingRules,
  kindOfTitle,
  numberValue,
  tidyTitle,
  wholeTitleRegex,
} from './headings.js';

import { flattenToc, type TocNode } from './toc.js';

/** Something the book's structure opens at a place in the text: a part, a chapter or a section. */
export type Opener =
  | {
      type: 'part';
      title: string;
      /** True when the TOC nests the part's chapters under it: a chapter it does not nest is in no part. */
      nested?: boolean;
      /** Its entry has no link (`<span>Part One</span>`): it is placed where its first entry under it is. */
      unlinked?: true;
    }
  | {
      type: 'chapter';
      title: string;
      label?: string;
      /** The book's own chapter number, used when it is still free ("Unit 4" is chapter 4). */
      bookNumber?: number;
      part?: string;
      kind: TopicKind;
      /** The TOC lists sections inside it (its other headings then only mark sub-headings). */
      listsSections: boolean;
      /** Its entry has no link (`<span>Chapter 1</span>`): it is placed where its first entry under it is. */
      unlinked?: true;
    }
  | {
      type: 'topic';
      title: string;
      /** The title of the entry this bare-numbered one ("1", "IV") is a section of: the topic is named in it. */
      within?: string;
      number?: string;
      path: string[];
      kind: TopicKind;
      listsSections: boolean;
    };

/** Where openers fire in one spine document: at its start, or at the element with an id. */
export interface DocumentPlan {
  atStart: Opener[];
  byId: Map<string, Opener[]>;
}

/** The structure of the whole book, decided before its documents are read. */
export interface OutlinePlan {
  documents: DocumentPlan[];
  /** The ids to report as anchors, per document. */
  anchors: Array<Set<string>>;
}

/** One spine document as the planner sees it. */
export interface PlanDocument {
  path: string;
  role: DocumentRole;
  /** Its TOC label, or else its first heading, when it opens with one. */
  title?: string;
  /** The kind its structural type gives it (glossary, index …). */
  typeKind?: TopicKind;
  /** True when the document opens a part (`opensPart`). */
  opensPart?: boolean;
  /** Ids a link may point at and still open the document (`DocumentScan.leadIds`). */
  leadIds?: readonly string[];
  /** The level (1–6) of the heading the document opens with, when it opens with one. */
  openingLevel?: number;
}

const PART_TYPES = new Set(['part', 'volume', 'doc-part']);

/**
 * True when a document opens a part: its structural type says so (`epub:type="part"`, `role="doc-part"`),
 * or its first heading names one ("Part I. Mechanics"). DocBook labels a part's TOC entry with its title
 * alone ("Mechanics").
 */
export function opensPart(types: readonly string[], firstHeading: string | undefined): boolean {
  return (
    types.some((type) => PART_TYPES.has(type.toLowerCase())) ||
    (firstHeading !== undefined && isPartLabel(firstHeading))
  );
}

/** Designations of a level above chapters, and of the chapters under it. */
const ABOVE_CHAPTERS = new Set(['unit', 'module', 'theme']);
const CHAPTERS = new Set(['chapter', 'lesson']);

/** The word of a designation, folded: "chapter" for "Chapter 3", "unit" for "UNIT 1 - Maps"; else undefined. */
export function designationWord(text: string): string | undefined {
  const designation = designationOf(text);
  return designation === undefined ? undefined : /^\p{L}+/u.exec(designation)?.[0]?.toLowerCase();
}

/**
 * A TOC entry named "Unit 1" (a module, a theme) over an entry named "Chapter 1" (a lesson) that lists
 * sections of its own: the unit is a part, its chapters the book's chapters.
 */
function unitOverChapters(node: TocNode): boolean {
  const word = designationWord(node.label);
  if (word === undefined || !ABOVE_CHAPTERS.has(word)) return false;
  return node.children.some((child) => {
    const theirs = designationWord(child.label);
    return theirs !== undefined && CHAPTERS.has(theirs) && child.children.length > 0;
  });
}

/**
 * An entry over chapters it does not name as its own: at least two of its entries are named "Chapter …"
 * or "Lesson …" where it is not ("ETYMOLOGY." over "Chapter 1 Loomings." …, as InDesign nests every entry
 * of a lower paragraph style under the last entry of a higher one). Those are the book's chapters, not its
 * sections: beside it, or in it as a part where each is a document of its own.
 */
function overNamedChapters(node: TocNode): boolean {
  const own = designationWord(node.label);
  if (own !== undefined && (CHAPTERS.has(own) || ABOVE_CHAPTERS.has(own))) return false;
  let named = 0;
  for (const child of node.children) if (CHAPTERS.has(designationWord(child.label) ?? '')) named += 1;
  return named >= 2;
}

/** An English number in words, one to ninety-nine ("TWO", "Twenty-one"), as a chapter's number is set. */
const NUMBER_WORD =
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen)';
/**
 * A book's own designation of a chapter: "Chapter 3", "Chapter Twenty-One", "Unit 3", "Part II", "第三章",
 * "第十二回", "제1장", "Глава 1", "Capítulo IV", "الفصل الثاني". The words of other languages than English,
 * Tamil and Arabic take a number in digits or roman numerals only ("Unidad y diversidad" is a title).
 */
const DESIGNATION = new RegExp(
  [
    // English: a number in digits ("Unit 1A", "Chapter1"), or after a space or a mark a roman numeral, a
    // letter or a number in words ("Part II", "Appendix B", "Chapter Twenty-One"); never a word
    // ("Part of speech", "Chapter Summary", "Partial").
    '^(?:(?:chapter|unit|lesson|part|book|section|appendix)',
    `(?:\\s*[-–—:.]?\\s*\\p{N}[\\p{L}\\p{N}]*|(?:\\s+|\\s*[-–—:.]\\s*)(?:[ivxlcdm]{1,7}|\\p{L}|${NUMBER_WORD}))(?![\\p{L}\\p{N}])`,
    '|(?:அலகு|பாடம்|இயல்|الفصل|الباب|अध्याय|פרק)',
    '\\s*[-–—:.]?\\s*[\\p{L}\\p{N}]+',
    '|(?:capítulo|capitulo|chapitre|kapitel|capitolo|hoofdstuk|rozdział|kapitola|fejezet|bölüm|bab|глава|розділ|урок|часть|lección|leçon|lektion|lezione|unidad|unidade|unité|teil|partie|parte|পাঠ|অধ্যায়|पाठ|प्रकरण|అధ్యాయం|పాఠం|ಅಧ್ಯಾಯ|ಪಾಠ|അധ്യായം|പാഠം|પ્રકરણ|પાઠ|سبق|باب|فصل)',
    '\\s*[-–—:.]?\\s*(?:\\p{Nd}{1,3}|[ivxlc]{1,7})(?![\\p{L}\\p{N}])',
    '|第[\\p{N}〇一二三四五六七八九十百千]+(?:[章部編節节回話话卷篇課课講讲]|单元|單元)',
    '|제\\s*[\\p{N}일이삼사오육칠팔구십백]+\\s*[장과부화편절])',
  ].join(''),
  'iu',
);
/** A chapter numbered before its title: "1. Introduction", "IV. Summary", "II: Loomings" (not "1.2 …"). */
const LEADING_NUMBER = /^(?:\d{1,3}|I|[IVXLC]{2,7})[.:](?=\s+\p{L})/u;
const ORDINAL_WORD = '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)';
/** A part's designation: "Part I", "PART 2", "Book Two", "Book the First", "Part A", "Section IV". */
const PART_LABEL = new RegExp(
  `^(?:(?:part|book|volume)\\s*[-–—:.]?\\s*(?:\\d{1,3}|[ivxlc]{1,7}|[a-z]|${NUMBER_WORD}|(?:the\\s+)?${ORDINAL_WORD})|section\\s+[ivxlc]{1,7})(?![\\p{L}\\p{N}])`,
  'iu',
);
/** True when a title is a part's designation (`PART_LABEL`), not "Part of speech". */
const isPartLabel = (text: string): boolean => PART_LABEL.test(text.trim());
/** A topic's title, named within the entry it is a section of when it has one ("I Sing the Body Electric, 1"). */
export function topicTitle(title: string, within?: string): string {
  return within === undefined ? title : `${within}, ${title}`;
}

/** A label that is only a number: digits, roman numerals, CJK numerals, English words. */
const BARE_NUMBER = new RegExp(
  `^(?:\\d{1,4}|[ivxlcdm]{1,8}|[〇一二三四五六七八九十百千]{1,6}|${NUMBER_WORD})\\.?$`,
  'iu',
);

/** True when a heading or line is a number and nothing else: "4", "IV.", "一" (a chapter's number set apart). */
export function isBareNumber(text: string): boolean {
  return BARE_NUMBER.test(text.replace(/\s+/g, ' ').trim());
}

/** A title without its leading designation ("Chapter 1. Loomings." → "Loomings"; "一" stays "一"). */
export function withoutDesignation(title: string): string {
  const clean = tidyTitle(title);
  const designation = designationOf(clean);
  if (!designation || designation === clean) return clean;
  const rest = tidyTitle(
    clean
      .slice(clean.toLowerCase().indexOf(designation.toLowerCase()) + designation.length)
      .replace(/^[\s\-–—:.]+/u, ''),
  );
  return rest === '' ? clean : rest;
}

/** The book's own designation in a title, if it starts with one ("Chapter 1. Loomings." → "Chapter 1"). */
export function designationOf(title: string): string | undefined {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (BARE_NUMBER.test(clean)) return clean;
  const numbered = LEADING_NUMBER.exec(clean);
  if (numbered) return numbered[0].slice(0, -1);
  const m = DESIGNATION.exec(clean);
  return m ? tidyTitle(m[0]) : undefined;
}

/**
 * A chapter numbered by one roman letter where the chapter before it counts up to it ("V. What the
 * Thunder Said" after "IV"): the letter is its label. Alone, "V." or "C." may be an initial.
 */
export function nextInSequence(
  text: string,
  before: string | undefined,
): { title: string; label: string } | undefined {
  if (before === undefined || !/^[ivxlc]{1,7}$/i.test(before)) return undefined;
  const m = /^([VXLC])[.:]\s+(\p{L}.*)$/u.exec(tidyTitle(text));
  const letter = m?.[1];
  if (!letter || numberValue(letter) !== (numberValue(before) ?? 0) + 1) return undefined;
  return { title: tidyTitle(m[2] ?? ''), label: letter };
}

/** A title after a plain number: "1 Introduction" (group 1 the number, group 2 the title). */
const COUNTED_TITLE = /^(\d{1,3})\s+(\p{L}.*)$/u;

/**
 * The TOC entries numbered by a plain number before their title, where siblings count up one by one
 * ("1 Introduction", "2 Basics", "3 Line Composition"): their number is their label and the book's own
 * number, their title the rest. Alone, "1 Corinthians" or "7 Habits" is a title.
 */
export function countedEntries(
  toc: readonly TocNode[],
): Map<TocNode, { title: string; label: string; bookNumber: number }> {
  const out = new Map<TocNode, { title: string; label: string; bookNumber: number }>();
  const visit = (siblings: readonly TocNode[]) => {
    let run: Array<{ node: TocNode; n: number; title: string }> = [];
    const close = () => {
      if (run.length >= 2)
        for (const e of run)
          out.set(e.node, { title: tidyTitle(e.title), label: String(e.n), bookNumber: e.n });
      run = [];
    };
    for (const node of siblings) {
      const m = COUNTED_TITLE.exec(tidyTitle(node.label));
      const n = m ? Number(m[1]) : undefined;
      const last = run[run.length - 1];
      if (n === undefined || (last && n !== last.n + 1)) close();
      if (n !== undefined) run.push({ node, n, title: m?.[2] ?? '' });
      visit(node.children);
    }
    close();
  };
  visit(toc);
  return out;
}

/** Title, label and the book's own number of a chapter, from its TOC label or heading. */
export function chapterNaming(
  text: string,
  rules: HeadingRules,
): { title: string; label?: string; bookNumber?: number } {
  const role = classifyHeading(text, rules);
  if (role.role === 'chapter') {
    const clean = tidyTitle(text);
    const label =
      role.title !== '' && clean.endsWith(role.title) ? tidyTitle(clean.slice(0, -role.title.length)) : clean;
    return { title: role.title || clean, ...(label ? { label } : {}), bookNumber: role.number };
  }
  const label = designationOf(text);
  const digits = label ? /\d+/.exec(label)?.[0] : undefined;
  return {
    title: withoutDesignation(text),
    ...(label ? { label } : {}),
    ...(digits ? { bookNumber: Number(digits) } : {}),
  };
}

const FILE_NAME = /\.(?:x?html?|xml|svg)$/i;

/** Kinds of entries that hold none of the book's own teaching text (a licence, notes, a glossary). */
const NOT_TEXT_KINDS: ReadonlySet<TopicKind> = new Set(['front-matter', 'other', 'glossary']);

/** True when an opener opens the book's own text: a part, or a chapter or section of a kind templates teach. */
export function opensText(opener: Opener): boolean {
  return opener.type === 'part' || !NOT_TEXT_KINDS.has(opener.kind);
}

/** A list of the book's contents or pictures ("Table of Contents", "List of Illustrations", "பொருளடக்கம்"). */
const FRONT_LISTS = wholeTitleRegex(
  String.raw`(?:table\s+of\s+)?contents|list\s+of\s+(?:illustrations|figures|tables|plates|maps)|illustrations|பொருளடக்கம்|विषय\s*-?\s*सूची|अनुक्रमणिका`,
);

/** True when a TOC label names a list of the book's contents or pictures (`FRONT_LISTS`). */
const namesList = (label: string) => FRONT_LISTS.test(label.trim());

/** A title that names no book: a contents list's ("Table of Contents"), a converter's "Untitled". */
export function namesNoBook(title: string): boolean {
  return namesList(title) || /^(?:untitled|unknown|no title)$/i.test(title.trim());
}

/** A title folded for comparison: compatibility forms, case, punctuation and spacing ignored. */
/**
 * The book's titles, folded (`normTitle`): its package's `dc:title`, and the NCX's `docTitle` where that
 * says it otherwise ("Calibre Quick Start Guide" beside "Quick Start Guide"); empty ones left out.
 */
export function bookTitles(titles: string | readonly (string | undefined)[] | undefined): string[] {
  const list = typeof titles === 'string' ? [titles] : (titles ?? []);
  return [...new Set(list.flatMap((t) => (t === undefined ? [] : [normTitle(t)])))].filter((t) => t !== '');
}

export function normTitle(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

/**
 * True when an entry's label is its document's file name without the extension, a name with a number or
 * an underscore ("Chapter-1" for "Chapter-1.xhtml", "9780123456789_Ch01"): InDesign's navigation by file
 * names. A word ("Preface" for "preface.xhtml", as Standard Ebooks names its files) is a title.
 */
function namesItsFile(node: TocNode): boolean {
  const label = node.label.trim();
  if (node.path === undefined || !/[\d_]/.test(label) || /\s/.test(label)) return false;
  const file = node.path.slice(node.path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return label.toLowerCase() === (dot > 0 ? file.slice(0, dot) : file).toLowerCase();
}

/**
 * Labels that say nothing of the book: empty ones, file names, and a label its siblings already have
 * ("TEXTBOOK EVALUATION" × 17 in one list: a converter's per-file list). The same label under other
 * parents is a book's habit ("Exercises" in every chapter), not junk.
 */
function junkLabels(siblings: readonly TocNode[]): number {
  const seen = new Set<string>();
  let junk = 0;
  for (const node of siblings) {
    const key = normTitle(node.label);
    if (key === '' || FILE_NAME.test(node.label) || namesItsFile(node) || seen.has(key)) junk += 1;
    seen.add(key);
    junk += junkLabels(node.children);
  }
  return junk;
}

/**
 * True when the table of contents can carry the book's structure: its links reach the spine, it names
 * body text, and at most a quarter of its labels are junk (see `junkLabels`).
 */
export function isUsableToc(toc: readonly TocNode[], docs: readonly PlanDocument[]): boolean {
  const entries = flattenToc(toc);
  if (entries.length === 0) return false;
  const index = new Map(docs.map((d, i) => [d.path, i]));
  let body = 0;
  for (const e of entries) {
    const at = e.path === undefined ? undefined : index.get(e.path);
    if (at !== undefined && docs[at]?.role === 'body') body += 1;
  }
  return body > 0 && junkLabels(toc) <= entries.length / 4;
}

interface Placed {
  node: TocNode;
  doc: number;
  fragment?: string;
}

/**
 * Plans where parts, chapters and sections open, from the table of contents (the skeleton), the documents'
 * roles, and — for body documents the TOC does not reach — their first heading. Chapters are the level that
 * holds the sections: a lone top-level entry over the whole body, and entries named "Part …"/"Book …", are
 * parts recorded on their chapters. Front matter becomes topics of chapter 0; back matter chapters of its
 * own after the body.
 */
export function planOutline(
  toc: readonly TocNode[],
  docs: readonly PlanDocument[],
  rules: HeadingRules,
  bookTitle?: string | readonly string[],
): OutlinePlan {
  const documents: DocumentPlan[] = docs.map(() => ({ atStart: [], byId: new Map() }));
  const anchors = docs.map(() => new Set<string>());
  const index = new Map(docs.map((d, i) => [d.path, i]));

  const place = (node: TocNode): Placed | undefined => {
    const doc = node.path === undefined ? undefined : index.get(node.path);
    if (doc !== undefined) return { node, doc, ...(node.fragment ? { fragment: node.fragment } : {}) };
    for (const child of node.children) {
      const placed = place(child);
      if (placed) return { ...placed, node };
    }
    return undefined;
  };
  const add = (placed: Placed, opener: Opener) => {
    const plan = documents[placed.doc] as DocumentPlan;
    if (placed.fragment === undefined) plan.atStart.push(opener);
    else {
      plan.byId.set(placed.fragment, [...(plan.byId.get(placed.fragment) ?? []), opener]);
      anchors[placed.doc]?.add(placed.fragment);
    }
  };
  const roleOf = (p: Placed) => docs[p.doc]?.role ?? 'body';
  /** True when an entry opens its document: no fragment, or one at the document's opening heading. */
  const opensDocument = (p: Placed) =>
    p.fragment === undefined || docs[p.doc]?.leadIds?.includes(p.fragment) === true;
  const kindFor = (title: string, p: Placed, fallback: TopicKind, section = false): TopicKind =>
    (roleOf(p) === 'front' ? 'front-matter' : undefined) ??
    kindOfTitle(title, rules) ??
    // A section named after its chapter: "CHAPTER 1 - ASSESSMENT" is the chapter's exercises.
    (section ? kindOfTitle(withoutDesignation(title), rules) : undefined) ??
    (p.fragment === undefined ? docs[p.doc]?.typeKind : undefined) ??
    fallback;

  /**
   * The topics of a chapter's entries, depth first. `over` is the title of the topic an entry is nested in:
   * an entry that is a bare number ("1", "IV") is that topic's section, and its topic is named within it
   * ("I Sing the Body Electric, 1"): a poem's numbered sections would all be "1", "2" in the chapter.
   */
  const topics = (nodes: readonly TocNode[], parents: string[], fallback: TopicKind, over?: string) => {
    for (const node of nodes) {
      const placed = place(node);
      if (!placed) continue;
      const numbered = rules.topicNumber.exec(node.label.trim());
      const number = numbered?.[1];
      const title = tidyTitle(numbered?.[2] || node.label);
      if (title === '' && number === undefined) {
        // An entry of no words (pandoc lists an empty heading as `<a href="#section-3"/>`): it names no
        // section, and its text goes on in the topic before it.
        topics(node.children, parents, fallback, over);
        continue;
      }
      const within = over !== undefined && isBareNumber(title) ? over : undefined;
      add(placed, {
        type: 'topic',
        title,
        ...(within !== undefined ? { within } : {}),
        ...(number ? { number } : {}),
        path: parents,
        kind: kindFor(node.label, placed, fallback, true),
        listsSections: node.children.length > 0,
      });
      topics(node.children, number ? [...parents, number] : parents, fallback, topicTitle(title, within));
    }
  };
  let previousLabel: string | undefined;
  const counted = countedEntries(toc);
  const titles = bookTitles(bookTitle);
  /**
   * Top-level entries that a chapter of the body's own text follows: an entry that bears the book's title,
   * or names its contents, is front matter only then, not the book's one chapter (a poem whose TOC lists
   * its title, then a licence or an "About this edition" page; a one-document book whose TOC's one entry
   * is "Contents").
   */
  const followedByText = new Set<TocNode>();
  let textAfter = false;
  for (let i = toc.length - 1; i >= 0; i -= 1) {
    const node = toc[i] as TocNode;
    if (textAfter) followedByText.add(node);
    const placed = place(node);
    if (placed === undefined || roleOf(placed) !== 'body' || namesList(node.label)) continue;
    const kind = kindOfTitle(node.label, rules);
    if (!titles.includes(normTitle(node.label)) && (kind === undefined || !NOT_TEXT_KINDS.has(kind)))
      textAfter = true;
  }
  /** No body chapter planned yet: an entry here may still name the book's front matter. */
  let beforeBody = true;
  /** An entry named as front matter: "Preface", "Contents". */
  const frontTitled = (node: TocNode) =>
    namesList(node.label) || kindOfTitle(node.label, rules) === 'front-matter';
  /**
   * An entry before the body's first chapter, with no sections but front matter ("Preface" under it, as
   * pandoc nests a LaTeX book's preface under its title), that names the book's title page by the book's
   * title (Project Gutenberg's first entry) or a list of its contents or pictures.
   */
  const namesFrontMatter = (node: TocNode) =>
    beforeBody &&
    followedByText.has(node) &&
    node.children.every(frontTitled) &&
    (namesList(node.label) || titles.includes(normTitle(node.label)));
  /** A chapter; its entries are its topics, or `beside` it: chapters of their own (`overNamedChapters`). */
  const chapter = (node: TocNode, placed: Placed, part: string | undefined, beside = false) => {
    const back = roleOf(placed) === 'back';
    const titled = namesFrontMatter(node)
      ? 'front-matter'
      : kindFor(node.label, placed, back ? 'other' : 'topic');
    // A copyright page or "Also by" page after the body is back matter.
    const kind: TopicKind = back && titled === 'front-matter' ? 'other' : titled;
    if (kind !== 'front-matter' && !back) beforeBody = false;
    const naming = counted.get(node) ?? chapterNaming(node.label, rules);
    const named = naming.label ? naming : (nextInSequence(node.label, previousLabel) ?? naming);
    previousLabel = named.label;
    add(placed, {
      type: 'chapter',
      ...named,
      ...(part ? { part } : {}),
      kind,
      listsSections: node.children.length > 0,
      ...(node.path === undefined ? { unlinked: true as const } : {}),
    });
    if (beside) level(node.children, part);
    else topics(node.children, [], kind);
  };
  const isPart = (node: TocNode, placed: Placed) =>
    node.children.length > 0 &&
    (isPartLabel(node.label) ||
      unitOverChapters(node) ||
      // An entry without a link over documents of their own (an EPUB 3 nav's `<span>Mechanics</span>`
      // heading a group) names a part of the book.
      (node.path === undefined && node.children.length >= 2 && ownDocuments(node)) ||
      // An entry over chapters named so, each a document of its own ("Physics" over "Chapter 1 Motion" …):
      // a group of the book's chapters. In one document with them, it is a chapter beside them (`chapter`).
      (overNamedChapters(node) && ownDocuments(node)) ||
      (node.path !== undefined &&
        index.get(node.path) === placed.doc &&
        opensDocument(placed) &&
        docs[placed.doc]?.opensPart === true));
  /** True when an entry's children open body documents other than its own. */
  const holdsBody = (node: TocNode, placed: Placed) =>
    node.children.some((child) => {
      const at = place(child);
      return at !== undefined && at.doc !== placed.doc && roleOf(at) === 'body';
    });
  const level = (nodes: readonly TocNode[], part: string | undefined) => {
    for (const node of nodes) {
      const placed = place(node);
      if (!placed) continue;
      if (roleOf(placed) === 'front') {
        add(placed, {
          type: 'topic',
          title: tidyTitle(node.label),
          path: [],
          kind: 'front-matter',
          listsSections: false,
        });
        // A title page's entry over the whole book (DocBook's EPUB 2 NCX) holds the book's chapters.
        if (holdsBody(node, placed)) level(node.children, part);
        else topics(node.children, [], 'front-matter');
      } else if (isPart(node, placed)) {
        add(placed, {
          type: 'part',
          title: tidyTitle(node.label),
          nested: true,
          ...(node.path === undefined ? { unlinked: true as const } : {}),
        });
        level(node.children, tidyTitle(node.label));
      } else chapter(node, placed, part, overNamedChapters(node));
    }
  };

  const bodyRoots = toc.filter((n) => {
    const p = place(n);
    return p !== undefined && roleOf(p) === 'body';
  });
  // A lone top-level entry over the whole body is the book (or a part of it) when the levels below it
  // hold sections of their own, or are documents of their own (Pressbooks' "Main Body" over its chapters);
  // over sections within its document, it is the one chapter.
  // Beside entries without children (an introduction, a glossary), the one entry with children is such a
  // wrapper only when its children are documents of their own and not numbered sections ("1.2 …").
  // An entry without a link has no document of its own: its children's documents are all theirs.
  const ownDocuments = (node: TocNode) => {
    const at = place(node);
    const own = node.path === undefined ? undefined : at?.doc;
    const starts = node.children.map(place);
    return (
      at !== undefined &&
      starts.every((p) => p !== undefined && opensDocument(p) && p.doc !== own) &&
      new Set(starts.map((p) => p?.doc)).size === starts.length &&
      !node.children.some((c) => rules.topicNumber.test(c.label.trim()))
    );
  };
  const parents = bodyRoots.filter((n) => n.children.length > 0);
  const root = bodyRoots.length === 1 ? bodyRoots[0] : parents.length === 1 ? parents[0] : undefined;
  // The book's title over one entry over the rest (InDesign's "Moby Dick" › "ETYMOLOGY." › the chapters) is
  // the book too. A part the book's title names is not recorded on its chapters.
  const bookTitled = root !== undefined && titles.includes(normTitle(root.label));
  const lone =
    root &&
    ((root.children.length >= 2 &&
      ((bodyRoots.length === 1 &&
        (isPartLabel(root.label) || root.children.some((c) => c.children.length > 0))) ||
        ownDocuments(root))) ||
      (bodyRoots.length === 1 && bookTitled && (root.children[0]?.children.length ?? 0) >= 2))
      ? root
      : undefined;
  for (const node of toc) {
    const placed = place(node);
    if (node === lone && placed) {
      add(placed, { type: 'part', title: tidyTitle(node.label), nested: true });
      level(node.children, bookTitled ? undefined : tidyTitle(node.label));
    } else level([node], undefined);
  }

  // Body documents the TOC never reaches that open with a heading open a chapter of their own when the
  // TOC names fewer chapters than there are such documents (a "Start reading" link, a partial TOC).
  const reached = new Set(flattenToc(toc).flatMap((n) => (n.path === undefined ? [] : [n.path])));
  const bodyDocs = docs.filter((d) => d.role === 'body');
  const chapterCount = documents.reduce(
    (n, d) => n + [...d.atStart, ...[...d.byId.values()].flat()].filter((o) => o.type === 'chapter').length,
    0,
  );
  if (chapterCount < bodyDocs.length / 2) {
    const continuing = sectionDocuments(docs, documents, reached);
    docs.forEach((d, i) => {
      if (d.role !== 'body' || reached.has(d.path) || !d.title || continuing.has(i)) return;
      documents[i]?.atStart.push({
        type: 'chapter',
        ...chapterNaming(d.title, rules),
        kind: d.typeKind ?? kindOfTitle(d.title, rules) ?? 'topic',
        listsSections: false,
      });
    });
  }
  return { documents, anchors };
}

/**
 * The body documents the TOC never reaches that continue the chapter before them: a document that opens
 * with a heading deeper than the level the TOC's chapters open their documents at (two of them at least),
 * as Calibre splits a book at its sections' h2 where the TOC lists the chapters' h1 alone (Pro Git: "Getting
 * Started", then "About Version Control" in a document of its own). By spine index; pure.
 */
function sectionDocuments(
  docs: readonly PlanDocument[],
  documents: readonly DocumentPlan[],
  reached: ReadonlySet<string>,
): Set<number> {
  const levels: number[] = [];
  let first = -1;
  docs.forEach((d, i) => {
    if (d.openingLevel === undefined || !documents[i]?.atStart.some((o) => o.type === 'chapter')) return;
    levels.push(d.openingLevel);
    if (first === -1) first = i;
  });
  const out = new Set<number>();
  const chapterLevel = sharedLevel(levels);
  if (chapterLevel === undefined) return out;
  docs.forEach((d, i) => {
    if (i > first && !reached.has(d.path) && d.openingLevel !== undefined && d.openingLevel > chapterLevel)
      out.add(i);
  });
  return out;
}

/** The shallowest heading level that two documents or more open at: the chapters'; undefined when none is. */
function sharedLevel(levels: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const level of levels) counts.set(level, (counts.get(level) ?? 0) + 1);
  const shared = [...counts].filter(([, n]) => n >= 2).map(([level]) => level);
  return shared.length === 0 ? undefined : Math.min(...shared);
}

/**
 * Without a TOC, the body documents that continue the chapter before them: a document that opens with a
 * heading deeper than the level chapters open at, as Calibre splits a book at every h2 as well as every h1
 * ("Light" h1, then "Basics of light" h2 in a document of its own). Chapters open at the shallowest level
 * that two body documents or more open with, a part's ("Part …") aside; a level one document alone opens
 * with (a preface's h1 before h2 chapters) is not the chapters'. By spine index; pure.
 */
export function continuingDocuments(
  docs: readonly PlanDocument[],
  openings: ReadonlyArray<{ level: number; text: string } | undefined>,
): Set<number> {
  const chapterLevel = sharedLevel(
    docs.flatMap((d, i) => {
      const opening = openings[i];
      return d.role === 'body' && opening && !isPartLabel(opening.text) ? [opening.level] : [];
    }),
  );
  const out = new Set<number>();
  if (chapterLevel === undefined) return out;
  let bodySeen = false;
  docs.forEach((d, i) => {
    if (d.role !== 'body') return;
    const opening = openings[i];
    if (bodySeen && opening && opening.level > chapterLevel) out.add(i);
    bodySeen = true;
  });
  return out;
}

/** A table of contents made of the spine itself: one entry per document that has a title. */
export function spineToc(docs: readonly PlanDocument[]): TocNode[] {
  return docs.flatMap((d) => (d.title ? [{ label: d.title, path: d.path, children: [] }] : []));
}

/**
 * The `<title>`s that name body documents without a title of their own (no TOC label, no opening heading):
 * a title that no other document has, that is not the book's and not a file name ("Story 3" where a
 * converter wrote every chapter without a heading). A title every document repeats (Calibre writes the
 * book's) names none. By spine index; pure.
 */
export function distinctHeadTitles(
  docs: readonly PlanDocument[],
  headTitles: ReadonlyArray<string | undefined>,
  bookTitle: string | readonly string[],
): Map<number, string> {
  const counts = new Map<string, number>();
  for (const t of headTitles) if (t) counts.set(normTitle(t), (counts.get(normTitle(t)) ?? 0) + 1);
  const book = bookTitles(bookTitle);
  const out = new Map<number, string>();
  docs.forEach((d, i) => {
    const t = headTitles[i];
    if (d.title || d.role !== 'body' || !t) return;
    const key = normTitle(t);
    if (key !== '' && !book.includes(key) && counts.get(key) === 1 && !FILE_NAME.test(t))
      out.set(i, tidyTitle(t));
  });
  return out;
}
