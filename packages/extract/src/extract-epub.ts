import { basename, join } from 'node:path';
import {
  assertReplaceableFolder,
  BOOK_SCHEMA_VERSION,
  type Book,
  type Chapter,
  commitDirectory,
  isBookFolderEntry,
  KalvimateError,
  type LostLetters,
  lostLettersFound,
  parseOptions,
  type Reporter,
  sha256File,
  silentReporter,
  type TopicKind,
  UserInputError,
  WORKSPACE_NAMES,
  writeJsonAtomic,
} from '@kalvimate/core';
import { type ChapterCounts, ChapterSink, textShares } from './chapter-sink.js';
import { classRules } from './css-classes.js';
import { documentRoles, isFrontMatterType, kindOfTypes } from './doc-roles.js';
import {
  type DocumentScan,
  frontMatterType,
  headingLinesBeside,
  mayHoldStyledHeadings,
  scanDocument,
} from './doc-scan.js';
import { type DocumentItem, documentItems } from './dom-items.js';
import { checkEpub, type EpubLayout, type SpineDocument } from './epub-check.js';
import { classifyHeading, compileHeadingRules, type HeadingRules, withRomanChapters } from './headings.js';
import { documentKeptSpaceClasses, keptSpaceClassesOf } from './kept-space.js';
import { lostLetterWarnings } from './lost-letter-warnings.js';
import { markupText } from './markup-text.js';
import { type ExtractOptionsInput, ExtractOptionsSchema } from './options.js';
import {
  continuingDocuments,
  distinctHeadTitles,
  isUsableToc,
  namesNoBook,
  opensPart,
  type PlanDocument,
  planOutline,
  spineToc,
} from './outline-plan.js';
import { OutlineSegmenter, placeOpeners } from './outline-segmenter.js';
import { readPackage } from './package-info.js';
import {
  furnitureOfPages,
  type PageEdgeFurniture,
  type PageFurniture,
  runningTitleHeads,
  withoutPageEdges,
  withoutPageFurniture,
  withoutTitleHead,
} from './page-furniture.js';
import { joinedPageLines } from './page-lines.js';
import { PlainSectionReader } from './plain-sections.js';
import { BookSegmenter } from './segment.js';
import {
  boldClassesOf,
  documentBoldClasses,
  headingLevelsOf,
  largeBoldClassesOf,
  mayBePlainHeading,
  withDesignationTitles,
  withoutContentsRuns,
} from './styled-headings.js';
import { svgItems } from './svg-items.js';
import {
  flattenToc,
  type Landmark,
  landmarksFromNav,
  matchTocPaths,
  readNcx,
  type TocNode,
  tocEntries,
  tocLabelsByDocument,
  tocTreeFromNav,
} from './toc.js';
import { openArchive, readEntry, type ZipArchive } from './zip-inspect.js';

/**
 * Up to this many characters of markup (about 16 MB) are kept between the structure scan and the parse;
 * a bigger book inflates the rest twice, so memory does not grow with it.
 */
const KEEP_CHARS = 8 * 1024 * 1024;

/** Kinds the shipped prompt templates take: text elsewhere does not reach a prompt. */
export const DEFAULT_PROMPT_KINDS: readonly TopicKind[] = ['topic', 'solved-problems', 'activity'];

/** How the book's structure was found. */
export type StructureSource = 'toc' | 'spine' | 'headings';

/** What an extraction produced, for the CLI and the run report: the written chapters' counts, and more. */
export interface ExtractSummary extends Omit<ChapterCounts, 'charsByKind'> {
  book: string;
  language: string;
  /** The share (0–1) of the book's text in each kind of topic. */
  textShareByKind: Partial<Record<TopicKind, number>>;
  /** The share of the text in kinds the prompt templates take (`promptKinds`). */
  promptShare: number;
  /** Where the chapters came from: the table of contents, the spine documents, or chapter headings. */
  structure: StructureSource;
  /**
   * The printed page numbers (page-break markers, a converted PDF's numbered lines) and running heads
   * left out of the text, when there were any.
   */
  pageFurniture?: PageFurniture;
  /**
   * Signs that a conversion lost letters of the text (words of an Indian script left as a consonant alone,
   * words in an 8-bit font read as Latin letters, unreadable characters), when core's `lostLettersFound`
   * finds something worth saying (and extract has warned of it).
   */
  lostLetters?: LostLetters;
  outDir: string;
}

export interface ExtractEpubOptions extends ExtractOptionsInput {
  /** The folder to write `book.json` and `chapter_N.json` into (replaced whole). */
  outDir: string;
  reporter?: Reporter;
  /** Kinds the prompt templates take, to warn when most of the text is elsewhere (default: the shipped ones). */
  promptKinds?: readonly TopicKind[];
}

/**
 * True when the book's headings number at least two chapters ("Unit 1" … "Unit 2"); in documents without
 * heading elements, paragraphs styled as headings count, and plain lines that may be one (see
 * `styled-headings.ts`).
 */
function hasChapterHeadings(
  scans: readonly DocumentScan[],
  rules: HeadingRules,
  besideHeadings = false,
): boolean {
  const numbers = new Set<number>();
  for (const scan of scans) {
    // A contents page names every chapter: its lines are no headings.
    if (scan.contentsPage) continue;
    for (const heading of scan.headings.length > 0 && !scan.headingsLeadOnly && !besideHeadings
      ? scan.headings
      : headingLinesOf(scan)) {
      const role = classifyHeading(heading, rules);
      if (role.role === 'chapter') numbers.add(role.number);
      if (numbers.size >= 2) return true;
    }
  }
  return false;
}

/** A document's headings, then its lines that may be headings (`styledHeadings`, `plainChapterLines`). */
function headingLinesOf(scan: DocumentScan): string[] {
  return [...scan.headings, ...scan.styledHeadings, ...scan.plainChapterLines];
}

/** True when a heading element of the book names a chapter ("Unit 2", "CHAPTER IV"). */
function headingElementsNameChapters(scans: readonly DocumentScan[], rules: HeadingRules): boolean {
  return scans.some(
    (scan) => !scan.contentsPage && scan.headings.some((h) => classifyHeading(h, rules).role === 'chapter'),
  );
}

/**
 * For a book whose heading elements name no chapter: the scans with the lines that may be headings of its
 * documents with heading elements (`headingLinesBeside`), when those lines name a chapter; else undefined.
 * Calibre makes a text file's numbered sections ("1.1 States of Matter") headings and leaves its unit lines
 * ("UNIT 2 LIGHT AND SHADOWS") paragraphs: the units are read from those, beside the headings.
 */
async function scansWithLinesBeside(
  scans: readonly DocumentScan[],
  paths: readonly string[],
  rules: HeadingRules,
  html: (path: string) => Promise<string>,
): Promise<DocumentScan[] | undefined> {
  if (headingElementsNameChapters(scans, rules)) return undefined;
  let named = false;
  const out: DocumentScan[] = [];
  for (const [i, scan] of scans.entries()) {
    if (!scan.headingElements || scan.headingsLeadOnly || scan.contentsPage) {
      out.push(scan);
      continue;
    }
    const lines = headingLinesBeside(await html(paths[i] as string));
    named ||= [...lines.styled, ...lines.plain].some((l) => classifyHeading(l, rules).role === 'chapter');
    out.push({ ...scan, styledHeadings: lines.styled, plainChapterLines: lines.plain });
  }
  return named ? out : undefined;
}

/**
 * True when the TOC's entries number sections ("1.1 States of Matter", "2.1 …", two at least) and none
 * names a chapter: the units of such a book, if it has any, are not in its TOC.
 */
function listsSectionsOnly(toc: readonly TocNode[], rules: HeadingRules): boolean {
  let sections = 0;
  for (const { label } of tocEntries(toc)) {
    const role = classifyHeading(label, rules);
    if (role.role === 'chapter') return false;
    if (role.role === 'topic' && role.number.includes('.')) sections += 1;
  }
  return sections >= 2;
}

/**
 * True when a document whose headings lead only (`headingsLeadOnly`: a title page's heading over the whole
 * book) sets its chapters in paragraphs styled as headings or plain lines, two chapter numbers at least:
 * it is read as a document without heading elements is.
 */
function styledChapters(scan: DocumentScan, rules: HeadingRules): boolean {
  return scan.headingsLeadOnly && hasChapterHeadings([scan], rules);
}

/** True when a document's own headings already start a chapter (so its TOC label adds nothing). */
function startsOwnChapter(items: readonly DocumentItem[], rules: HeadingRules): boolean {
  return items.some((i) => i.kind === 'heading' && classifyHeading(i.text, rules).role === 'chapter');
}

/** The table of contents as the book nests it (EPUB 3 nav, else the NCX) and the landmarks. */
async function readOutline(
  file: string,
  layout: EpubLayout,
): Promise<{ toc: TocNode[]; landmarks: Landmark[]; docTitle?: string }> {
  let toc: TocNode[] = [];
  let landmarks: Landmark[] = [];
  const nav = layout.navPath ? layout.entries.get(layout.navPath) : undefined;
  if (nav && layout.navPath) {
    const xhtml = markupText(await readEntry(file, nav));
    toc = tocTreeFromNav(xhtml, layout.navPath);
    landmarks = landmarksFromNav(xhtml, layout.navPath);
  }
  const ncx = layout.ncxPath ? layout.entries.get(layout.ncxPath) : undefined;
  if (toc.length === 0 && ncx && layout.ncxPath) {
    const read = readNcx(markupText(await readEntry(file, ncx)), layout.ncxPath);
    toc = read.toc;
    if (read.docTitle) return { toc, landmarks, docTitle: read.docTitle };
  }
  return { toc, landmarks };
}

/** Reads one spine document's markup; a damaged entry is a UserInputError naming it. */
async function readDocument(
  file: string,
  archive: ZipArchive,
  layout: EpubLayout,
  path: string,
): Promise<string> {
  const entry = layout.entries.get(path);
  try {
    if (!entry) throw new Error('not in the archive');
    return markupText(await archive.read(entry));
  } catch (cause) {
    if (cause instanceof UserInputError) throw cause;
    throw new UserInputError(
      'EPUB_DOCUMENT_UNREADABLE',
      `${file}: document ${path} could not be read (${(cause as Error).message})`,
      { file, cause, hint: 'The book is damaged; re-export it.' },
    );
  }
}

/** Longest paragraph styled as a heading that is taken for one (see `styledHeadingLevel`). */
const STYLED_HEADING_MAX_CHARS = 150;

/**
 * The level of the heading a paragraph makes in a document without heading elements (see
 * `styled-headings.ts`). Styled as a heading: a chapter designation ("Unit 1 Motion") 1, a numbered
 * section ("1.2 Acceleration") its depth, a section kind ("Exercises") 2. Plain (a PDF converted without
 * its fonts): only a short chapter designation or section kind that is the whole line, as a printed
 * contents page or a sentence never is. Any other paragraph stays a paragraph.
 */
function styledHeadingLevel(rules: HeadingRules): (text: string, styled: boolean) => number | undefined {
  return (text, styled) => {
    if (styled ? text.length > STYLED_HEADING_MAX_CHARS : !mayBePlainHeading(text)) return undefined;
    const role = classifyHeading(text, rules);
    if (role.role === 'chapter') return 1;
    if (role.role === 'kind') return 2;
    if (role.role === 'topic' && styled) return Math.min(6, role.number.split('.').length);
    return undefined;
  };
}

/**
 * The level of the heading a paragraph styled as one makes in a document whose one heading element is its
 * chapter's title (at `chapterLevel`): a numbered section ("1.2 Change of State") that deep below it, a
 * section kind ("Activity 1.1", "Exercises") one below; anything else, and any plain paragraph, stays a
 * paragraph. A word processor's book whose units have a heading style and whose sections were set in bold
 * by hand, as pandoc, Calibre and LibreOffice convert it.
 */
function styledSectionLevel(
  rules: HeadingRules,
  chapterLevel: number,
): (text: string, styled: boolean) => number | undefined {
  return (text, styled) => {
    if (!styled || text.length > STYLED_HEADING_MAX_CHARS) return undefined;
    const role = classifyHeading(text, rules);
    if (role.role === 'kind') return Math.min(6, chapterLevel + 1);
    if (role.role === 'topic') return Math.min(6, chapterLevel + role.number.split('.').length - 1);
    return undefined;
  };
}

/** A block item without the mark of a paragraph styled as a heading (`DocumentItem`'s `styled`). */
function unstyled(item: DocumentItem): DocumentItem {
  return item.kind === 'block' && item.styled ? { kind: 'block', block: item.block } : item;
}

/**
 * True when a document's heading elements are only its chapters' titles: one heading, or headings that
 * all name a chapter ("Unit 1 …", "Unit 2 …" in a whole book of one document). Its sections may then be
 * paragraphs in bold (`styledSectionLevel`).
 */
function sectionsMayBeBold(scan: DocumentScan, rules: HeadingRules): boolean {
  if (scan.contentsPage || scan.headings.length === 0) return false;
  return (
    scan.headings.length === 1 || scan.headings.every((h) => classifyHeading(h, rules).role === 'chapter')
  );
}

/** Most bytes of style sheets read for their bold classes (a book's are some kilobytes). */
const MAX_STYLE_BYTES = 4 * 1024 * 1024;
const STYLE_SHEET = /\.css$/i;

/** What the book's style sheets say of its classes, for documents without heading elements. */
interface BookStyles {
  /** Classes set in bold (`boldClassesOf`). */
  bold: Set<string>;
  /** Classes set in bold and large, with the heading level their size gives (`headingLevelsOf`). */
  headingLevels: Map<string, number>;
  /** Classes whose white space is kept (`keptSpaceClassesOf`). */
  keptSpace: Set<string>;
}

/**
 * The classes the book's style sheets (each `.css` file in it) set in bold (`boldClassesOf`), and in bold
 * and large (`largeBoldClassesOf`): how a word processor's export marks headings it set as paragraphs; and
 * those that keep white space (`keptSpaceClassesOf`): how it keeps the indents of code. A style sheet
 * that cannot be read styles nothing; the book's text does not depend on it.
 */
async function readBookStyles(archive: ZipArchive, layout: EpubLayout): Promise<BookStyles> {
  const bold = new Set<string>();
  const sizes = new Map<string, number>();
  const keptSpace = new Set<string>();
  let bytes = 0;
  for (const [path, entry] of layout.entries) {
    if (!STYLE_SHEET.test(path)) continue;
    bytes += entry.uncompressedSize;
    if (bytes > MAX_STYLE_BYTES) break;
    try {
      const rules = classRules((await archive.read(entry)).toString('utf8'));
      for (const name of boldClassesOf(rules)) bold.add(name);
      largeBoldClassesOf(rules, sizes);
      for (const name of keptSpaceClassesOf(rules)) keptSpace.add(name);
    } catch {
      // Damaged: its classes stay plain.
    }
  }
  return { bold, headingLevels: headingLevelsOf(sizes), keptSpace };
}

/** The most documents a book's opening run of cover, title and copyright pages is taken to have. */
const LEADING_PAGES = 4;

/** What reading the book's documents needs, the same for each one. */
interface DocumentReading {
  file: string;
  rules: HeadingRules;
  /** Each spine document's scan, by spine index. */
  scans: readonly DocumentScan[];
  /**
   * True when documents with heading elements have their paragraphs read as headings too: the book's
   * chapters open on lines beside its headings (`scansWithLinesBeside`).
   */
  linesBeside: boolean;
  /** Page numbers and running heads left out, added up over the documents. */
  furniture: PageFurniture;
  /** A fixed-layout book's page furniture, by spine index (`furnitureOfPages`). */
  pages: ReadonlyArray<PageEdgeFurniture | undefined>;
  /** The book's titles, where they head its documents as a running head (`runningTitleHeads`). */
  titleHeads: ReadonlySet<string>;
  /**
   * Classes set in bold for each document without heading elements, by spine index: the book's style
   * sheets' and its own `<style>`'s (`documentBoldClasses`).
   */
  boldClasses: ReadonlyArray<ReadonlySet<string> | undefined>;
  /** The heading levels of the book's large bold classes (`BookStyles.headingLevels`). */
  headingLevels: ReadonlyMap<string, number>;
  /** The book's classes that keep white space (`BookStyles.keptSpace`). */
  keptSpace: ReadonlySet<string>;
  /**
   * The plain lines that head sections in documents whose headings are their chapters' titles, read
   * across the documents in reading order (`PlainSectionReader`).
   */
  plainSections: PlainSectionReader;
  /**
   * True when the segmenter reads a document's plain section lines itself where it reads its lines as
   * headings (`BookSegmenter.readPlainSections`, the headings path); else `plainSections` does.
   */
  segmenterReadsLines: boolean;
}

/**
 * True when spine document `index` has its paragraphs read as headings where their words and style make
 * one (`styledHeadingLevel`): it has no heading elements, or its headings lead only over chapters set as
 * paragraphs (`styledChapters`), or the book's chapters open on lines beside its headings
 * (`DocumentReading.linesBeside`). Never a contents page: its lines name chapters, but are none.
 */
function readsLines(reading: DocumentReading, index: number): boolean {
  const scan = reading.scans[index];
  if (!scan || scan.contentsPage) return false;
  return !scan.headingElements || reading.linesBeside || styledChapters(scan, reading.rules);
}

/**
 * Parses spine document `index` (XHTML or SVG); markup too deep to walk is refused naming the document.
 * A document without heading elements (its scan says so: a converted PDF) has its styled headings read
 * and its page furniture left out; page-break markers lose their numbers in every document, a page of
 * a fixed-layout book its number and running heads (`reading.pages`), and any document the book's title
 * where it heads the document as a running head above its own heading (`reading.titleHeads`). All are
 * counted in `reading.furniture`.
 */
function itemsOf(
  reading: DocumentReading,
  index: number,
  doc: SpineDocument,
  html: string,
  anchors?: ReadonlySet<string>,
): DocumentItem[] {
  const { file, rules, furniture } = reading;
  const { path } = doc;
  const page = reading.pages[index];
  // A fixed-layout page: its furniture out (`reading.pages`), then the lines it set apart joined.
  const asPage = (items: DocumentItem[]): DocumentItem[] => {
    if (!doc.prePaginated) return items;
    if (!page) return joinedPageLines(items);
    const clean = withoutPageEdges(items, page);
    furniture.pageNumbers += clean.left.pageNumbers;
    furniture.runningHeads += clean.left.runningHeads;
    return joinedPageLines(clean.items);
  };
  const withoutHead = (items: DocumentItem[]): DocumentItem[] => {
    const clean = withoutTitleHead(items, reading.titleHeads);
    furniture.runningHeads += clean.left;
    return clean.items;
  };
  try {
    if (doc.mediaType === 'image/svg+xml') return withoutHead(svgItems(html));
    const onPageNumber = () => {
      furniture.pageNumbers += 1;
    };
    const onRunningHead = () => {
      furniture.runningHeads += 1;
    };
    const scan = reading.scans[index];
    const kept = documentKeptSpaceClasses(html, reading.keptSpace);
    const keptSpace = kept.size > 0 ? { keptSpaceClasses: kept } : {};
    if (!scan || !readsLines(reading, index)) {
      // A document whose headings are its chapters' titles: its sections may be paragraphs in bold.
      const boldSections = scan !== undefined && sectionsMayBeBold(scan, rules);
      const items = documentItems(html, {
        ...(boldSections
          ? {
              styledHeadingLevel: styledSectionLevel(rules, scan.firstHeadingLevel ?? 1),
              styledBesideHeadings: true,
              ...(reading.boldClasses[index] ? { boldClasses: reading.boldClasses[index] } : {}),
            }
          : {}),
        onPageNumber,
        onRunningHead,
        ...keptSpace,
        ...(anchors ? { anchors } : {}),
        ...(scan?.divided ? { divisions: true } : {}),
      });
      // Only its sections: any other paragraph in bold stays a plain one, as in any document with headings;
      // and its plain lines that number the chapter's next section or name a section kind.
      return withoutHead(
        asPage(reading.plainSections.read(boldSections ? items.map(unstyled) : items, boldSections)),
      );
    }
    const items = asPage(
      documentItems(html, {
        styledHeadingLevel: styledHeadingLevel(rules),
        ...(scan.headingElements ? { styledBesideHeadings: true } : {}),
        ...(reading.boldClasses[index] ? { boldClasses: reading.boldClasses[index] } : {}),
        ...(reading.headingLevels.size ? { headingClasses: reading.headingLevels } : {}),
        ...keptSpace,
        onPageNumber,
        onRunningHead,
        ...(anchors ? { anchors } : {}),
      }),
    );
    const clean = withoutPageFurniture(withDesignationTitles(withoutContentsRuns(items)));
    furniture.pageNumbers += clean.left.pageNumbers;
    furniture.runningHeads += clean.left.runningHeads;
    // Its plain section lines, where the segmenter does not read them itself; its chapter headings noted.
    return withoutHead(reading.plainSections.read(clean.items, !reading.segmenterReadsLines));
  } catch (cause) {
    if (cause instanceof KalvimateError && cause.code === 'EPUB_TOO_DEEP')
      throw new UserInputError('EPUB_TOO_DEEP', `${file}: document ${path}: ${cause.message}`, {
        file,
        cause,
        hint: 'No real book nests its markup this deep; the file is malformed or hostile — do not use it.',
      });
    throw cause;
  }
}

/**
 * Extracts an EPUB into `outDir` as `book.json` + `chapter_N.json` (the folder appears whole or not
 * at all). The structure comes from the book itself: the table of contents (nav, else NCX), the spine
 * and `epub:type`, refined by headings; "Unit 3"-style chapter headings are the last resort, for books
 * whose TOC is a converter's file list. Documents are parsed one at a time and each chapter is written
 * as soon as it is complete. Bad input is a UserInputError naming the file and the problem.
 * @example await extractEpub('data/raw/book.epub', { outDir: 'data/structured_chapters' });
 */
export async function extractEpub(file: string, options: ExtractEpubOptions): Promise<ExtractSummary> {
  const { outDir, reporter = silentReporter, promptKinds = DEFAULT_PROMPT_KINDS, ...rest } = options;
  const parsed = parseOptions(ExtractOptionsSchema, rest, 'extract');
  const rules = compileHeadingRules(parsed);
  // Before the book is read: a folder that may not be replaced is refused at once (and again at the end).
  await assertReplaceableFolder(outDir, isBookFolderEntry);
  reporter.phase('checking the EPUB');
  const layout = await checkEpub(file, parsed.limits, reporter);
  const sha256 = await sha256File(file);
  const info = await readPackage(file, layout);
  if (info.ncxUnreadable)
    reporter.warn(
      `${file}: its NCX (${layout.ncxPath}) could not be read (${info.ncxUnreadable}); its table of contents is taken from the nav document or the spine`,
    );
  const read = await readOutline(file, layout);
  const documentPaths = layout.spine.map((d) => d.path);
  const readingPaths = layout.spine.filter((d) => d.linear).map((d) => d.path);
  const outline = {
    toc: matchTocPaths(read.toc, documentPaths, readingPaths),
    landmarks: matchTocPaths(read.landmarks, documentPaths, readingPaths),
  };
  const tocLabels = tocLabelsByDocument(tocEntries(outline.toc));
  // The titles a title page or a TOC entry may give the book: its package's, and the NCX's where that
  // names it another way (not "Table of Contents" or "Untitled", as some converters leave it).
  const titles = [info.title, ...(read.docTitle && !namesNoBook(read.docTitle) ? [read.docTitle] : [])];
  // One open archive for every document read below (opening the zip per document costs I/O waits).
  const archive = await openArchive(file);
  try {
    reporter.phase('planning the structure', layout.spine.length, 'documents');
    const scans: DocumentScan[] = [];
    // Types the content gives documents at the book's start that the markup types not (see below).
    const contentTypes: Array<string | undefined> = [];
    let leading = true;
    // Pages the landmarks or the EPUB 2 guide type as front matter (a contents page) keep the run going.
    const markedFront = new Set(
      [...outline.landmarks, ...layout.guide].flatMap((l) => (isFrontMatterType(l.type) ? [l.path] : [])),
    );
    // The anchors TOC entries link to, by document: past its opening heading (`DocumentScan.leadIds`; TeX4ht
    // links every entry to an anchor in its heading), a chapter starts inside it, after a title maybe.
    const tocNodes = flattenToc(outline.toc);
    const linkedAnchors = new Map<string, string[]>();
    for (const n of tocNodes) {
      if (n.path === undefined || !n.fragment) continue;
      const anchors = linkedAnchors.get(n.path);
      if (anchors) anchors.push(n.fragment);
      else linkedAnchors.set(n.path, [n.fragment]);
    }
    const opensInside = (path: string, scan: DocumentScan) =>
      linkedAnchors.get(path)?.some((id) => !scan.leadIds.includes(id)) === true;
    // Documents are kept from the scan to the parse while they are small in all; a big book reads twice.
    const kept = new Map<string, string>();
    let keptChars = 0;
    const bookStyles = await readBookStyles(archive, layout);
    const boldClasses: Array<ReadonlySet<string> | undefined> = [];
    for (const [i, doc] of layout.spine.entries()) {
      const html = await readDocument(file, archive, layout, doc.path);
      // Bold classes matter only to a document without heading elements (its headings are paragraphs), or
      // one long enough that its heading elements may lead only (`headingsLeadOnly`).
      const bold = mayHoldStyledHeadings(html) ? documentBoldClasses(html, bookStyles.bold) : undefined;
      const scan = scanDocument(html, { page: doc.prePaginated, ...(bold ? { boldClasses: bold } : {}) });
      // And to one whose headings are only its chapters' titles, for its sections in bold.
      boldClasses.push(
        bold ?? (sectionsMayBeBold(scan, rules) ? documentBoldClasses(html, bookStyles.bold) : undefined),
      );
      scans.push(scan);
      // A cover, title page or copyright page without `epub:type`, in the run of such pages (a few at
      // most) the book opens with; the first other document ends the run (typed by its content, a page
      // after the body's start would be taken for back matter).
      const contentType: string | undefined =
        scan.types.length === 0 && leading && !opensInside(doc.path, scan) && i < LEADING_PAGES
          ? frontMatterType(html, titles, i === 0, tocLabels.get(doc.path), scan.firstHeading)
          : undefined;
      // The run goes on past pages typed as front matter (a cover, the contents): a title page after them
      // is still one of the pages the book opens with.
      leading &&=
        contentType !== undefined ||
        doc.path === layout.navPath ||
        scan.contentsPage ||
        markedFront.has(doc.path) ||
        scan.types.some(isFrontMatterType);
      contentTypes.push(contentType);
      if (keptChars + html.length <= KEEP_CHARS) {
        kept.set(doc.path, html);
        keptChars += html.length;
      }
      reporter.progress(i + 1, layout.spine.length);
    }
    const documentText = async (path: string) => {
      const html = kept.get(path);
      kept.delete(path);
      return html ?? readDocument(file, archive, layout, path);
    };
    const roles = documentRoles(
      layout.spine.map((d, i) => ({
        path: d.path,
        linear: d.linear,
        types: [
          ...(scans[i]?.types ?? []),
          ...(contentTypes[i] ? [contentTypes[i]] : []),
          ...(scans[i]?.contentsPage ? ['toc'] : []),
        ],
        isNav: d.path === layout.navPath,
      })),
      [...outline.landmarks, ...layout.guide],
    );
    const planDocs: PlanDocument[] = layout.spine.map((d, i) => {
      const scan = scans[i];
      const title = tocLabels.get(d.path) ?? (scan?.startsWithHeading ? scan.firstHeading : undefined);
      const typeKind = kindOfTypes(scan?.types ?? []);
      const part = opensPart(scan?.types ?? [], scan?.startsWithHeading ? scan.firstHeading : undefined);
      return {
        path: d.path,
        role: roles[i] ?? 'body',
        ...(title ? { title } : {}),
        ...(typeKind ? { typeKind } : {}),
        ...(part ? { opensPart: true } : {}),
        ...(scan?.leadIds.length ? { leadIds: scan.leadIds } : {}),
        ...(scan?.startsWithHeading && scan.firstHeadingLevel
          ? { openingLevel: scan.firstHeadingLevel }
          : {}),
      };
    });
    // A TOC of one entry over a book whose headings number its chapters (a converter's "Section 1", the
    // whole text one document) says less than the headings do.
    const usableToc = isUsableToc(outline.toc, planDocs);
    const oneEntry = tocNodes.length === 1;
    // A book that may take its chapters from its headings reads "CHAPTER IV" as one too.
    const headingRules = !usableToc || oneEntry ? withRomanChapters(rules) : rules;
    // A TOC of the sections alone ("1.1 …", "2.1 …"), where the units are bold or plain lines beside the
    // section headings: a word processor's book through pandoc or Calibre. The lines give the units.
    const sectionsOnly = usableToc && !oneEntry && listsSectionsOnly(outline.toc, rules);
    // A book whose heading elements name no chapter may open its units on lines beside them.
    const besideScans =
      !usableToc || oneEntry || sectionsOnly
        ? await scansWithLinesBeside(
            scans,
            layout.spine.map((d) => d.path),
            headingRules,
            async (path) => kept.get(path) ?? (await readDocument(file, archive, layout, path)),
          )
        : undefined;
    const linesBeside = besideScans !== undefined && hasChapterHeadings(besideScans, headingRules, true);
    const chapterHeadings =
      linesBeside || ((!usableToc || oneEntry) && hasChapterHeadings(scans, headingRules));
    const structure: StructureSource =
      usableToc && !(oneEntry && chapterHeadings) && !(sectionsOnly && linesBeside)
        ? 'toc'
        : chapterHeadings
          ? 'headings'
          : 'spine';
    const bookRules = structure === 'toc' ? rules : headingRules;

    return await commitDirectory(outDir, { owns: isBookFolderEntry }, async (dir) => {
      const sink = new ChapterSink(dir, parsed.maxTopicTokens);
      const furniture: PageFurniture = { pageNumbers: 0, runningHeads: 0 };
      const pages = furnitureOfPages(scans.map((scan) => scan.edges));
      const titleHeads = runningTitleHeads(
        scans.map((scan) => scan.headings.slice(0, 2)),
        titles,
      );
      const reading: DocumentReading = {
        file,
        rules: bookRules,
        scans: linesBeside ? besideScans : scans,
        linesBeside,
        furniture,
        pages,
        titleHeads,
        boldClasses,
        headingLevels: bookStyles.headingLevels,
        keptSpace: bookStyles.keptSpace,
        plainSections: new PlainSectionReader(bookRules),
        segmenterReadsLines: structure === 'headings',
      };
      reporter.phase('reading documents', layout.spine.length, 'documents');
      if (structure === 'headings') {
        await segmentByHeadings(reading, layout, tocLabels, sink, reporter, documentText);
      } else {
        // Without a TOC, a body document that opens a level deeper than chapters do continues the chapter.
        const continuing =
          structure === 'spine'
            ? continuingDocuments(
                planDocs,
                scans.map((scan, i) =>
                  scan.startsWithHeading && scan.firstHeading && !tocLabels.has(layout.spine[i]?.path ?? '')
                    ? { level: scan.firstHeadingLevel ?? 1, text: scan.firstHeading }
                    : undefined,
                ),
              )
            : new Set<number>();
        // Without a TOC, a body document without a heading of its own is named by a <title> of its own.
        const headTitles = distinctHeadTitles(
          planDocs,
          // A fixed-layout page's title names a page, not a chapter.
          scans.map((scan, i) =>
            layout.spine[i]?.prePaginated || continuing.has(i) ? undefined : scan.headTitle,
          ),
          titles,
        );
        const spineDocs = planDocs.map((d, i) => {
          if (continuing.has(i)) {
            const { title: _continued, ...untitled } = d;
            return untitled;
          }
          const title = headTitles.get(i);
          return title ? { ...d, title } : d;
        });
        const plan = planOutline(
          structure === 'toc' ? outline.toc : spineToc(spineDocs),
          structure === 'toc' ? planDocs : spineDocs,
          bookRules,
          titles,
        );
        const segmenter = new OutlineSegmenter(plan, roles, bookRules, structure === 'spine');
        for (const [i, doc] of layout.spine.entries()) {
          const html = await documentText(doc.path);
          // The openers the TOC's links cannot place are put at their headings before the document begins.
          const placed = placeOpeners(
            itemsOf(reading, i, doc, html, plan.anchors[i]),
            plan.documents[i],
            bookRules,
          );
          if (placed.plan) plan.documents[i] = placed.plan;
          segmenter.beginDocument(i, planDocs[i]?.title ?? '');
          for (const item of placed.items) segmenter.push(item);
          await sink.write(segmenter.endDocument());
          reporter.progress(i + 1, layout.spine.length);
        }
        await sink.write(segmenter.finish());
      }
      await sink.finish();

      if (!sink.hasText) {
        throw new UserInputError('EPUB_NO_TEXT', `${file}: no text found in the book`, {
          file,
          hint: 'The EPUB may hold only images (a scan); run OCR on it first.',
        });
      }
      const book: Book = {
        schemaVersion: BOOK_SCHEMA_VERSION,
        title: info.title || basename(file, '.epub'),
        language: info.language || 'und',
        identifier: info.identifier || sha256.slice(0, 16),
        source: { file: basename(file), sha256 },
        chapters: sink.refs,
      };
      await writeJsonAtomic(join(dir, WORKSPACE_NAMES.book), book);
      const c = sink.counts;
      const shares = textShares(c.charsByKind);
      const promptShare = promptKinds.reduce((n, k) => n + (shares[k] ?? 0), 0);
      if (promptShare < 0.5) {
        const elsewhere = Object.entries(shares)
          .filter(([k]) => !promptKinds.includes(k as TopicKind))
          .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
          .map(([k, v]) => `${k} ${Math.round((v ?? 0) * 100)} %`);
        reporter.warn(
          `only ${Math.round(promptShare * 100)} % of the text is in topics the prompt templates take (${promptKinds.join(', ')}); the rest is in ${elsewhere.join(', ')}`,
        );
      }
      const lost = sink.lostLetters;
      for (const warning of lostLetterWarnings(lost)) reporter.warn(warning);
      const { charsByKind: _chars, ...counts } = c;
      const leftOut = furniture.pageNumbers + furniture.runningHeads > 0;
      return {
        book: book.title,
        language: book.language,
        ...counts,
        textShareByKind: shares,
        promptShare,
        structure,
        ...(leftOut ? { pageFurniture: furniture } : {}),
        ...(lostLettersFound(lost) ? { lostLetters: lost } : {}),
        outDir,
      };
    });
  } finally {
    archive.close();
  }
}

/** The last resort: chapters from "Unit 3"-style headings, helped by TOC labels that name units. */
async function segmentByHeadings(
  reading: DocumentReading,
  layout: EpubLayout,
  tocLabels: ReadonlyMap<string, string>,
  sink: ChapterSink,
  reporter: Reporter,
  documentText: (path: string) => Promise<string>,
): Promise<void> {
  const { rules } = reading;
  const segmenter = new BookSegmenter(rules);
  const write = (chapters: readonly Chapter[]) => sink.write(chapters);
  let done = 0;
  for (const [index, doc] of layout.spine.entries()) {
    const items = itemsOf(reading, index, doc, await documentText(doc.path));
    segmenter.readPlainSections(doc.mediaType !== 'image/svg+xml' && readsLines(reading, index));
    // The TOC helps when a document opens a unit whose heading the text does not carry
    // (a unit title set as an image or a styled paragraph).
    const label = tocLabels.get(doc.path);
    if (label && !startsOwnChapter(items, rules)) {
      const role = classifyHeading(label, rules);
      if (role.role === 'chapter' && role.number !== segmenter.currentChapterNumber)
        await write(segmenter.push({ kind: 'heading', level: 1, text: label }));
    }
    for (const item of items) await write(segmenter.push(item));
    done += 1;
    reporter.progress(done, layout.spine.length);
  }
  await write(segmenter.finish());
}
