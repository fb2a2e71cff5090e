import { type Block, BOOK_SCHEMA_VERSION, type Chapter, type Topic, type TopicKind } from '@kalvimate/core';
import type { DocumentRole } from './doc-roles.js';
import type { DocumentItem } from './dom-items.js';
import {
  classifyHeading,
  type HeadingRules,
  isCalloutLabel,
  nextExperiment,
  numberValue,
  takeTrailingHeading,
  tidyTitle,
  titleGoesOn,
  wholeTitleRegex,
} from './headings.js';
import {
  chapterNaming,
  type DocumentPlan,
  designationOf,
  designationWord,
  isBareNumber,
  normTitle,
  type Opener,
  type OutlinePlan,
  opensText,
  topicTitle,
  withoutDesignation,
} from './outline-plan.js';

/** Kinds whose sub-headings are part of the section (questions, options), not new topics. */
const SECTION_KINDS = new Set<TopicKind>(['solved-problems', 'exercises', 'summary', 'glossary', 'activity']);

/** A heading that opens the solutions of the exercises before it ("Solutions", "Subsection SOL: Solutions"). */
const SOLUTIONS = wholeTitleRegex(String.raw`(?:solutions?|answers?)(?:\s+to\s+.*)?`);

/** Kinds that, headed at the chapters' level, are back matter of their own rather than a section. */
const BACK_KINDS = new Set<TopicKind>(['glossary', 'other']);

interface OpenChapter {
  number: number;
  title: string;
  label?: string;
  part?: string;
  kind: TopicKind;
  topics: Topic[];
  /** The level of the heading that repeated the chapter's title, when one did. */
  titleLevel?: number;
  /**
   * Opened by a TOC entry without sections whose document holds chapter headings of another designation
   * ("Part One" over "Chapter 1" and "Chapter 2"): the part title those headings' chapters take.
   */
  partOf?: string;
}

/** The opener whose text is being filled: its title, kind, and whether the TOC lists its sections. */
interface Scope {
  title: string;
  kind: TopicKind;
  listsSections: boolean;
  /** Parents' numbers for topics opened by headings inside it. */
  path: string[];
  /** The level of the first heading inside it that opened a topic; deeper ones are sub-headings. */
  baseLevel?: number;
}

/** A topic that text goes on under after a section inside it closed. */
interface Resume {
  title: string;
  number?: string;
  kind: TopicKind;
  path: string[];
  level?: number;
  /** The interrupted topic itself: the text after the section joins it, one topic as the book meant. */
  topic?: Topic;
}

/** An opener whose title a heading right after it may repeat. */
interface Consumable {
  title: string;
  opener: Opener['type'];
  number?: string;
}

/**
 * A heading that repeats (part of) the title its TOC entry already gave: the same text, a piece of it
 * ("190" and "A FOUR-LEAVED CLOVER" under "190 A FOUR-LEAVED CLOVER"), the title with a designation
 * the TOC left out ("Chapter 1. Loomings." under "Loomings"), or with the designation's word the TOC
 * left out of its label ("Appendix A. Units" under "A. Units", "Part I. Mechanics" under "I. Mechanics").
 */
function repeatsTitle(heading: string, title: string, rules: HeadingRules, number?: string): boolean {
  const h = normTitle(heading);
  const t = normTitle(title);
  if (h === '' || t === '') return false;
  if (h === t) return true;
  // A number alone repeats only the number the title starts with ("190" under "190 A FOUR-LEAVED
  // CLOVER"), not any number in it (a chapter's running number "1" under "Writing 1").
  if (isBareNumber(heading)) return t.startsWith(`${h} `);
  if (t.includes(h)) return true;
  // "1.1 Speed" under the TOC's "1.1 Speed", whose number the opener keeps apart from its title.
  if (number !== undefined && h === normTitle(`${number} ${title}`)) return true;
  if (sameNumberedTitle(heading, title)) return true;
  if (!h.endsWith(t)) return false;
  const designated = designationParts(heading);
  if (
    designated &&
    h === normTitle(`${designated.word} ${t}`) &&
    t.startsWith(`${normTitle(designated.number)} `)
  )
    return true;
  const role = classifyHeading(heading, rules);
  return (
    (role.role === 'chapter' && normTitle(role.title) === t) ||
    // "1.2. Speed and velocity" under the TOC's "Speed and velocity": the section's number before it.
    (role.role === 'topic' && normTitle(role.title) === t) ||
    designationOf(h.slice(0, -t.length).trim()) !== undefined
  );
}

/**
 * The label (and title) a chapter heading with a designation gives a chapter whose TOC entry wrote the
 * designation's number alone: "Appendix A. Units" under "A. Units" gives "Appendix A", "Units"; "Chapter 1
 * Motion" under a chapter labelled "1" gives the label "Chapter 1". Undefined when the chapter has another
 * label, or its title does not start with that number.
 */
function labelledBy(
  heading: string,
  chapter: { label?: string; title: string },
): { label: string; title?: string } | undefined {
  const designated = designationParts(heading);
  if (!designated) return undefined;
  if (chapter.label !== undefined)
    return chapter.label === designated.number ? { label: designated.designation } : undefined;
  if (!chapter.title.startsWith(designated.number)) return undefined;
  const rest = /^[.):]?\s+(\S.*)$/su.exec(chapter.title.slice(designated.number.length))?.[1];
  return rest ? { label: designated.designation, title: rest } : undefined;
}

/** A heading's designation, its word and its number: "Appendix A. Units" → "Appendix A", "Appendix", "A". */
function designationParts(
  heading: string,
): { designation: string; word: string; number: string } | undefined {
  const designation = designationOf(heading);
  const [word, ...number] = designation?.split(/\s+/u) ?? [];
  return designation && word && number.length > 0
    ? { designation, word, number: number.join(' ') }
    : undefined;
}

/**
 * True when a chapter heading names `chapter` again: its designation alone ("Unit 1"), or with the
 * chapter's title ("Unit 1 Matter").
 */
function namesChapter(heading: string, chapter: OpenChapter, rules: HeadingRules): boolean {
  if (chapter.number === 0 || !chapter.label) return false;
  const naming = chapterNaming(heading, rules);
  if (naming.label === undefined || normTitle(naming.label) !== normTitle(chapter.label)) return false;
  return naming.title === naming.label || normTitle(naming.title) === normTitle(chapter.title);
}

/**
 * The title a heading gives a chapter that the TOC named by its label alone ("II"): the heading's text
 * after that label ("II Loomings" → "Loomings"); undefined when the heading does not start with it.
 */
function titleAfterLabel(heading: string, chapter: { title: string; label?: string }): string | undefined {
  const { label } = chapter;
  if (!label || chapter.title !== label) return undefined;
  const text = tidyTitle(heading);
  if (!text.toLowerCase().startsWith(label.toLowerCase())) return undefined;
  const rest = text.slice(label.length);
  if (!/^[\s\-–—:.]/u.test(rest)) return undefined;
  const title = tidyTitle(rest.replace(/^[\s\-–—:.]+/u, ''));
  return title === '' ? undefined : title;
}

/**
 * The same title behind the same number written another way: "1. The Rabbi and The Diadem" under the
 * TOC's "I. The Rabbi and the Diadem". Both must carry a number of the same value and a title after it.
 */
function sameNumberedTitle(heading: string, title: string): boolean {
  const a = designationOf(heading);
  const b = designationOf(title);
  if (a === undefined || b === undefined) return false;
  const value = numberValue(a);
  if (value === undefined || value !== numberValue(b)) return false;
  const rest = normTitle(withoutDesignation(heading));
  return rest !== '' && rest !== normTitle(heading) && rest === normTitle(withoutDesignation(title));
}

/** True when a heading repeats an opener's title, with its label or without ("Chapter 2 Hills", "Hills"). */
function headingOf(heading: string, opener: Opener, rules: HeadingRules): boolean {
  const number = opener.type === 'topic' ? opener.number : undefined;
  if (
    opener.type === 'chapter' &&
    opener.label &&
    repeatsTitle(heading, `${opener.label} ${opener.title}`, rules)
  )
    return true;
  return repeatsTitle(heading, opener.title, rules, number);
}

/** Where a document's openers fire once `placeOpeners` has put each at its heading. */
export interface PlacedOpeners {
  items: readonly DocumentItem[];
  plan: DocumentPlan | undefined;
}

/** How many headings past the entries before it `placeOpeners` looks through for an entry's heading. */
const PLACING_REACH = 200;

/** An id no document has (XML ids hold no NUL): an anchor `placeOpeners` adds. */
const PLACED_ID = '\u0000toc-';

/** The openers at the head of a list whose TOC entries have no link (a part, a chapter: `Opener.unlinked`). */
function unlinkedLead(openers: readonly Opener[]): Opener[] {
  const lead: Opener[] = [];
  for (const opener of openers) {
    if (opener.type === 'topic' || opener.unlinked !== true) break;
    lead.push(opener);
  }
  return lead;
}

/**
 * Puts a document's TOC openers at the headings that repeat their titles, where the TOC's links cannot:
 * - Chapters crowded at the document's start: a TOC whose entries all link to one document without a
 *   fragment. The second chapter and the ones after it open at their headings (with the parts before them
 *   and the sections after them in the TOC); before, all of them opened at once and the last one took the
 *   whole text.
 * - A link to an id the document does not have (a sloppy export, an id renamed): anchored at the first
 *   heading, after the entries before it, that repeats its title ("Chapter 2 Hills" for "#chapter-2"
 *   named "Chapter 2 Hills"). Before, it opened at the document's end and its text ran on in the chapter
 *   before it. Where no heading answers and it is the document's first link, it opens the document, as
 *   a reading system opens it (a page without headings, linked at an id it lacks).
 * - A chapter or part whose TOC entry has no link (`<span>Chapter 1 Motion</span>` over its sections'
 *   links): placed by its first section's link, it opened there, after its own heading and opening text,
 *   which went to the chapter before. It opens at the heading between the entries before it and that link
 *   that repeats its title, else, where it is the document's first opener, at the document's start.
 * Any other opener no heading answers for stays where it was (at the document's end). Pure.
 */
export function placeOpeners(
  items: readonly DocumentItem[],
  plan: DocumentPlan | undefined,
  rules: HeadingRules,
): PlacedOpeners {
  if (!plan) return { items, plan };
  const crowded = plan.atStart.filter((o) => o.type === 'chapter').length >= 2;
  const anchors = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.kind === 'anchor' && !anchors.has(item.id)) anchors.set(item.id, i);
  });
  const missing = [...plan.byId.keys()].some((id) => !anchors.has(id));
  const unlinked = [...plan.byId.values()].some((openers) => unlinkedLead(openers).length > 0);
  if (!crowded && !missing && !unlinked) return { items, plan };

  const inserts = new Map<number, string[]>();
  const headings: Array<{ index: number; text: string; folded: string }> = [];
  items.forEach((item, index) => {
    if (item.kind === 'heading') headings.push({ index, text: item.text, folded: normTitle(item.text) });
  });
  let cursor = 0;
  /**
   * The first heading from `cursor` on, among the next `PLACING_REACH`, that repeats the opener's title,
   * anchored at `id`; false if none. (The reach bounds the work where many links miss and no heading
   * answers: an entry's heading comes soon after the one before.)
   */
  const anchorAtHeading = (opener: Opener, id: string): boolean => {
    if (opener.type === 'part') return false;
    let from = 0;
    while (from < headings.length && (headings[from]?.index ?? 0) < cursor) from += 1;
    // A heading that repeats a title shares its text, or its last word at least ("Chapter 1. Loomings"
    // for "I. Loomings"): a cheap test first, as most headings do not.
    const title = normTitle(opener.title);
    const last = title.slice(title.lastIndexOf(' ') + 1);
    const found = headings
      .slice(from, from + PLACING_REACH)
      .find(
        (heading) =>
          (title === '' || heading.folded.includes(last) || title.includes(heading.folded)) &&
          headingOf(heading.text, opener, rules),
      );
    if (!found) return false;
    const { index } = found;
    inserts.set(index, [...(inserts.get(index) ?? []), id]);
    cursor = index + 1;
    return true;
  };

  const byId = new Map<string, Opener[]>();
  let atStart = plan.atStart;
  let placed = 0;
  if (crowded) {
    const kept: Opener[] = [];
    let chapters = 0;
    let moved: Opener[] | undefined;
    let parts: Opener[] = [];
    for (const opener of plan.atStart) {
      if (opener.type === 'part' && chapters > 0) parts.push(opener);
      else if (opener.type === 'chapter') {
        chapters += 1;
        const id = `${PLACED_ID}${placed}`;
        if (chapters > 1 && anchorAtHeading(opener, id)) {
          placed += 1;
          moved = [...parts, opener];
          byId.set(id, moved);
        } else {
          moved = undefined;
          kept.push(...parts, opener);
        }
        parts = [];
      } else if (moved) moved.push(opener);
      else kept.push(opener);
    }
    kept.push(...parts);
    atStart = kept;
  }
  cursor = 0;
  let opensAtStart = false;
  for (const [id, openers] of plan.byId) {
    const found = anchors.get(id);
    const lead = found === undefined ? [] : unlinkedLead(openers);
    if (found !== undefined && lead.length > 0) {
      // A chapter (or part) whose TOC entry has no link, placed at its first section's link: it opens at
      // the heading before that which repeats its title, else, as the document's first opener, at its start.
      const rest = openers.slice(lead.length);
      const named = lead.find((o) => o.type === 'chapter') ?? lead[0];
      const heading = headings.find(
        (h) => h.index >= cursor && h.index < found && named !== undefined && headingOf(h.text, named, rules),
      );
      if (heading !== undefined || (atStart.length === 0 && byId.size === 0)) {
        if (heading !== undefined) {
          const own = `${PLACED_ID}${placed}`;
          placed += 1;
          inserts.set(heading.index, [...(inserts.get(heading.index) ?? []), own]);
          byId.set(own, lead);
        } else atStart = [...atStart, ...lead];
        opensAtStart = true;
        if (rest.length > 0) byId.set(id, rest);
        cursor = Math.max(cursor, found);
        continue;
      }
    }
    if (found !== undefined) cursor = Math.max(cursor, found);
    else {
      const opener = openers.find((o) => o.type !== 'part');
      const atHeading = opener !== undefined && anchorAtHeading(opener, id);
      if (!atHeading && atStart.length === 0 && byId.size === 0) {
        // The document's first link, to an id it lacks, that no heading answers: it opens at the start,
        // as a reading system opens it.
        atStart = openers;
        opensAtStart = true;
        continue;
      }
    }
    byId.set(id, openers);
  }
  if (inserts.size === 0 && !opensAtStart) return { items, plan };
  return {
    items: items.flatMap((item, i) => [
      ...(inserts.get(i) ?? []).map((id): DocumentItem => ({ kind: 'anchor', id })),
      item,
    ]),
    plan: { atStart, byId },
  };
}

/**
 * Segments a book by its planned outline, one spine document at a time: openers from the table of
 * contents fire at a document's start or at their anchor; headings inside refine it (a title heading that
 * repeats the TOC label is consumed, a designation such as "الفصل الثاني" becomes the chapter's label, kind
 * headings open sections, and in a part of the book the TOC does not subdivide, headings open topics).
 * Front matter is chapter 0; every other chapter gets the next number, so numbers are unique. Pure and
 * streaming: `endDocument` and `finish` hand back the chapters that closed.
 */
export class OutlineSegmenter {
  private chapter: OpenChapter | undefined;
  private topic: Topic | undefined;
  /** The level of the heading that opened the current topic (or repeated its TOC title), when one did. */
  private topicLevel: number | undefined;
  /** The topic a TOC link opened, while the item right after its anchor has yet to come. */
  private landedOn: Topic | undefined;
  /** The level of the open practicals section's experiments, once one opened (`nextExperiment`). */
  private experimentLevel: number | undefined;
  private scope: Scope | undefined;
  private role: DocumentRole = 'front';
  /** Text has gone into a chapter of the body: front matter after it is back matter. */
  private bodyBegun = false;
  /** The current document's own role; `role` may be a division's within it. */
  private documentRole: DocumentRole = 'front';
  private nextNumber = 1;
  /** True once a chapter of the body is open: a front-matter topic after that stays in its chapter. */
  private bodyOpened = false;
  /** True once the front matter was written out: it is not opened a second time for a chapter. */
  private frontClosed = false;
  /**
   * The book's first text stands before the TOC's first entry, in its document or a later one (a Word
   * document's title lines through Calibre, a layout export's title page): front matter until one fires.
   */
  private leadIn = false;
  /** A section whose heading's title ended in a dash: the next heading completes it (`completesSection`). */
  private unfinished: Topic | undefined;
  private pendingPart: string | undefined;
  private part: string | undefined;
  /** The open part's chapters are nested under it in the TOC (see the part opener's `nested`). */
  private partNested = false;
  /** Headings right after an opener, before any block, may repeat its title. */
  private consumable: Consumable | undefined;
  /**
   * Openers fired at the same place before `consumable` (a chapter and its first section both at the
   * document's start): their headings may still come, in the same order.
   */
  private earlier: Consumable[] = [];
  /**
   * A bare number right after an opener, before its title's heading (`<h3 class="chapter-number">4</h3>`
   * then `<h2>Title</h2>`, as Pressbooks and layout exports set a chapter's number): held until the next
   * item says whether it numbered the title (then it is dropped) or was text (then it is kept).
   */
  private held: { text: string; block?: Block } | undefined;
  /**
   * A section kind whose heading heads an element (a text box of exercises, a `<section>`): it ends
   * where that element does, and the text after it joins the topic it interrupted.
   */
  private boxed: { section: number; resume: Resume | undefined } | undefined;
  /** After a boxed section closed: the topic the next text continues, opened again when text comes. */
  private resume: Resume | undefined;
  /** The boxed section that closed last, until another topic opens: its solutions may follow. */
  private closedBox: Topic | undefined;
  /** The current document has no opener: the TOC never reaches it. */
  private unreached = false;
  /** A document after the current one opens the book's text (`opensText`): the body is still to come. */
  private textLater = false;
  /** The last spine document with an opener of the book's text (-1 for none). */
  private readonly lastText: number;
  /** The topic a TOC entry without a fragment opened at its document's start (see `startsLate`). */
  private openedAtStart: Topic | undefined;
  private closed: Chapter[] = [];
  private docPlan: OutlinePlan['documents'][number] | undefined;
  private fired = new Set<Opener>();

  /**
   * @param headingChapters chapter headings in the text ("Chapter 2 …") open chapters: for books whose
   * structure comes from the spine, without a table of contents to say so.
   */
  constructor(
    private readonly plan: OutlinePlan,
    private readonly roles: readonly DocumentRole[],
    private readonly rules: HeadingRules,
    private readonly headingChapters = false,
  ) {
    // Placing openers at their headings (`placeOpeners`) moves them within their document only.
    this.lastText = plan.documents.findLastIndex(
      (d) => d.atStart.some(opensText) || [...d.byId.values()].some((openers) => openers.some(opensText)),
    );
  }

  /** Starts spine document `index`: fires the openers at its start. */
  beginDocument(index: number, fallbackTitle: string): void {
    this.role = this.roles[index] ?? 'body';
    this.documentRole = this.role;
    this.docPlan = this.plan.documents[index];
    this.unreached =
      this.docPlan === undefined || (this.docPlan.atStart.length === 0 && this.docPlan.byId.size === 0);
    this.textLater = index < this.lastText;
    this.fired = new Set();
    const openers = this.docPlan?.atStart ?? [];
    for (const opener of openers) {
      this.fire(opener);
      if (opener.type === 'topic') this.openedAtStart = this.topic;
    }
    if (openers.length > 0) return;
    this.beginLeadIn();
    this.enterRole(fallbackTitle);
  }

  /**
   * Body text that starts the book ahead of the TOC's next entry (no chapter or part has opened yet) is
   * front matter until that entry, in its document or a later one: text before the first chapter is front
   * matter, as it is where a book has no TOC. (A chapter heading in a document the TOC never reaches ends
   * it: see `heading`.)
   */
  private beginLeadIn(): void {
    if (
      this.role !== 'body' ||
      this.bodyOpened ||
      this.part !== undefined ||
      this.pendingPart !== undefined ||
      (this.chapter !== undefined && this.chapter.number !== 0)
    )
      return;
    // The body's text must be ahead: a TOC that lists only a title page and an index reaches no chapter.
    const ahead =
      this.textLater ||
      [...(this.docPlan?.byId.values() ?? [])].some((openers) =>
        openers.some((o) => opensText(o) && !this.fired.has(o)),
      );
    if (!ahead) return;
    this.role = 'front';
    this.leadIn = true;
  }

  /** The TOC's first entry in a document that opened with front matter: its own role again. */
  private endLeadIn(): void {
    if (!this.leadIn) return;
    this.leadIn = false;
    this.role = this.documentRole;
  }

  /** Where text of the current role begins, with no opener to say what it is: the chapter it goes to. */
  private enterRole(backTitle: string): void {
    if (this.role === 'front' && this.chapter?.number !== 0) this.openFront();
    if (this.role === 'body' && this.chapter?.number === 0) {
      // The body starts here though no TOC entry says so (a converted PDF: a title page the TOC names,
      // then one document of text): its text opens a chapter, it does not run on as front matter.
      this.closeChapter();
      this.scope = undefined;
    }
    if (
      this.role === 'back' &&
      (this.chapter === undefined || this.chapter.kind === 'topic' || this.chapter.number === 0)
    )
      this.openChapter({ title: backTitle || 'Back matter', kind: 'other' });
  }

  /**
   * A division of the document begins (`frontmatter`, `bodymatter`, `backmatter`), or the document's own
   * text resumes: front matter once the body has begun is back matter, as `documentRoles` has it.
   */
  private enterDivision(role: DocumentRole | undefined): void {
    this.release();
    this.settle();
    this.leadIn = false;
    const next = role === 'front' && this.bodyBegun ? 'back' : (role ?? this.documentRole);
    if (next === this.role) return;
    this.role = next;
    // The document's own text after a front division (Project Gutenberg's header, then the title page)
    // may still lead in to the book's first chapter.
    if (role === undefined) this.beginLeadIn();
    if (this.role !== 'back') {
      this.enterRole('');
      return;
    }
    // Back matter ends the chapter before it; its first heading names the chapter it opens.
    if (this.chapter === undefined || this.chapter.kind === 'topic' || this.chapter.number === 0) {
      this.closeChapter();
      this.scope = { title: 'Back matter', kind: 'other', listsSections: false, path: [] };
    }
  }

  /**
   * What a TOC entry opens inside a division of its document (`enterDivision`): in front matter a topic of
   * chapter 0, in back matter text of no prompt's kind; elsewhere what the plan says.
   */
  private inDivision(opener: Opener): Opener {
    if (opener.type === 'part' || this.role === this.documentRole || this.role === 'body') return opener;
    if (this.role === 'back') return opener.kind === 'topic' ? { ...opener, kind: 'other' } : opener;
    return {
      type: 'topic',
      title: opener.title,
      path: [],
      kind: 'front-matter',
      listsSections: opener.listsSections,
    };
  }

  /** Feeds one item of the current document. */
  push(item: DocumentItem): void {
    if (item.kind === 'anchor') {
      const openers = this.docPlan?.byId.get(item.id) ?? [];
      if (openers.length > 0) this.endLeadIn();
      for (const opener of openers) {
        this.takeBackTitle(opener);
        const label = this.takeBackLabel(opener);
        this.fire(opener);
        if (label !== undefined && this.chapter && !this.chapter.label && this.chapter.number > 0)
          this.chapter.label = label;
      }
      if (openers.length > 0) this.landedOn = this.topic;
      return;
    }
    // The topic a TOC link opened right before this item, if it did (`heading` reads it).
    const landedOn = this.landedOn;
    this.landedOn = undefined;
    if (item.kind === 'division') {
      this.enterDivision(item.role);
      return;
    }
    if (item.kind === 'end') {
      if (this.boxed?.section === item.section) {
        this.release();
        this.resume = this.boxed.resume;
        this.boxed = undefined;
        this.closedBox = this.topic;
        this.topic = undefined;
      }
      return;
    }
    if (item.kind === 'block') {
      const { block } = item;
      const consumable = this.consumable;
      if (
        item.styled &&
        consumable &&
        block.type === 'paragraph' &&
        repeatsTitle(block.text, consumable.title, this.rules, consumable.number)
      ) {
        // The title in a heading style where the document has no heading elements: consumed as one.
        this.earlier = [];
        this.dropHeld(consumable.opener);
        return;
      }
      if (this.consumable && !this.held && block.type === 'paragraph' && isBareNumber(block.text)) {
        this.held = { text: block.text, block };
        return;
      }
      this.release();
      this.settle();
      this.addBlock(block);
      return;
    }
    this.heading(item.level, item.text, item.section, item.sectionKind, landedOn);
  }

  /** Ends the current document (openers whose anchor never appeared fire here) and returns closed chapters. */
  endDocument(): Chapter[] {
    this.release();
    this.endLeadIn();
    for (const openers of this.docPlan?.byId.values() ?? [])
      for (const opener of openers) if (!this.fired.has(opener)) this.fire(opener);
    return this.take();
  }

  /** The held number was text after all: it goes where it stood. */
  private release(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.addBlock(held.block ?? { type: 'paragraph', text: held.text, heading: true });
  }

  /**
   * The held number numbered the title just consumed: a chapter without a label takes a number set as a
   * heading for one (a paragraph may as well be a page's number).
   */
  private dropHeld(opener: Consumable['opener']): void {
    const held = this.held;
    this.held = undefined;
    if (
      held &&
      !held.block &&
      opener === 'chapter' &&
      this.chapter &&
      !this.chapter.label &&
      this.chapter.number > 0
    )
      this.chapter.label = tidyTitle(held.text);
  }

  /** Closes the last chapter and returns what is left. */
  finish(): Chapter[] {
    this.closeChapter();
    return this.take();
  }

  private take(): Chapter[] {
    const out = this.closed;
    this.closed = [];
    return out;
  }

  private closeChapter(): void {
    const c = this.chapter;
    this.chapter = undefined;
    this.topic = undefined;
    if (!c || c.topics.length === 0) {
      // An empty chapter is left out, and gives its number back: the next chapter's numbers follow on.
      if (c && c.number > 0 && c.number === this.nextNumber - 1) this.nextNumber = c.number;
      return;
    }
    if (c.number === 0) this.frontClosed = true;
    this.closed.push({
      schemaVersion: BOOK_SCHEMA_VERSION,
      number: c.number,
      ...(c.label ? { label: c.label } : {}),
      ...(c.part ? { part: c.part } : {}),
      title: c.title,
      topics: c.topics,
    });
  }

  private openChapter(fields: {
    title: string;
    label?: string;
    part?: string;
    kind: TopicKind;
    bookNumber?: number;
  }): OpenChapter {
    this.closeChapter();
    this.boxed = undefined;
    this.resume = undefined;
    this.closedBox = undefined;
    const { bookNumber, ...rest } = fields;
    // The book's own number when it is still free, else the next one: numbers stay unique and rising.
    const number = bookNumber !== undefined && bookNumber >= this.nextNumber ? bookNumber : this.nextNumber;
    const chapter: OpenChapter = { number, ...rest, topics: [] };
    this.nextNumber = number + 1;
    if (number > 0) this.bodyOpened = true;
    this.chapter = chapter;
    this.scope = { title: fields.title, kind: fields.kind, listsSections: false, path: [] };
    return chapter;
  }

  /**
   * The part a chapter heading opens a chapter in: the open chapter's `partOf` (a TOC entry without
   * sections whose own title heading the text repeats, at this heading's level or above), when the
   * heading's designation is another word than that chapter's own ("Chapter 1" under "Part One"; a second
   * "Chapter" heading in a TOC chapter named "Chapter 1" is not one) and does not name it again. Undefined
   * where the heading opens no chapter (a converter's "Start" entry, whose title no heading repeats).
   */
  private partFor(heading: string, level: number): string | undefined {
    const chapter = this.chapter;
    if (chapter?.partOf === undefined || this.headingChapters) return undefined;
    if (chapter.titleLevel === undefined || level < chapter.titleLevel) return undefined;
    if (namesChapter(heading, chapter, this.rules)) return undefined;
    const theirs = designationWord(heading);
    if (theirs === undefined) return undefined;
    // Once a heading made it a part, the chapters after it are the part's own: any designation goes.
    if (chapter.part === chapter.partOf) return chapter.partOf;
    return designationWord(chapter.label ?? '') === theirs ? undefined : chapter.partOf;
  }

  private openFront(): void {
    this.closeChapter();
    this.chapter = { number: 0, title: 'Front matter', kind: 'front-matter', topics: [] };
    this.scope = { title: 'Front matter', kind: 'front-matter', listsSections: false, path: [] };
  }

  /**
   * A TOC link that lands just after its heading (`<h1>…</h1><a id="c2"/>`, as tex4ht places the line
   * LaTeX's `\addcontentsline` adds): the heading, kept as the last sub-heading of the topic before, is the
   * title of what the link opens, and leaves that topic; a topic the heading opened itself, still without
   * text (an unlisted heading of the front matter, a kind's heading), gives way to what the link opens.
   */
  private takeBackTitle(opener: Opener): void {
    const topic = this.topic;
    if (!topic || opener.type === 'part') return;
    const { blocks } = topic;
    if (blocks.length === 0) {
      const topics = this.chapter?.topics;
      const number = opener.type === 'topic' ? opener.number : undefined;
      // The same title and number only: a section's empty topic ("1.2 Inertia") stays before its
      // first sub-section ("1.2.1 Types of inertia").
      if (
        topics?.[topics.length - 1] !== topic ||
        topic.number !== number ||
        normTitle(topic.title) !== normTitle(opener.title)
      )
        return;
      topics.pop();
      this.topic = undefined;
      return;
    }
    const last = blocks[blocks.length - 1];
    if (last?.type !== 'paragraph' || !last.heading) return;
    if (!headingOf(last.text, opener, this.rules)) return;
    this.dropLastBlock();
  }

  /**
   * Takes the last block off the current topic; a topic it was all of (a document's first heading, before
   * its link) goes too.
   */
  private dropLastBlock(): void {
    const blocks = this.topic?.blocks;
    blocks?.pop();
    const topics = this.chapter?.topics;
    if (blocks?.length === 0 && topics && topics[topics.length - 1] === this.topic) {
      topics.pop();
      this.topic = undefined;
    }
  }

  /**
   * A chapter's designation set as a paragraph of its own right before the title a TOC link lands on
   * ("CHAPTER 1", then "Matter Around Us" where the TOC links the title: InDesign's two-line titles): it
   * leaves the topic before, and is the chapter's label (returned) where the TOC gives none. A designation
   * that names another chapter than the TOC's label stays.
   */
  private takeBackLabel(opener: Opener): string | undefined {
    const blocks = this.topic?.blocks;
    const last = blocks?.[blocks.length - 1];
    // Only for a chapter the opener opens (`fire`): not one a division makes a topic of, not front matter,
    // not "Unit 1" continued.
    const given = this.inDivision(opener);
    if (!blocks || given.type !== 'chapter' || given.kind === 'front-matter' || last?.type !== 'paragraph')
      return undefined;
    if (given.label && this.chapter?.label === given.label && this.chapter.number > 0) return undefined;
    const text = tidyTitle(last.text);
    if (designationOf(text) !== text) return undefined;
    if (given.label !== undefined && normTitle(given.label) !== normTitle(text)) return undefined;
    this.dropLastBlock();
    return text;
  }

  private fire(planned: Opener): void {
    this.release();
    this.fired.add(planned);
    const given = this.inDivision(planned);
    // A chapter its title names as front matter ("Preface"), before the body began and while the front
    // matter is open or yet to come: a topic of the front matter, taking no number from the book's chapters.
    const toFront =
      given.type === 'chapter' &&
      given.kind === 'front-matter' &&
      given.part === undefined &&
      !this.bodyOpened &&
      (this.chapter?.number === 0 || !this.frontClosed);
    const opener: Opener = toFront
      ? {
          type: 'topic',
          title: given.title,
          path: [],
          kind: 'front-matter',
          listsSections: given.listsSections,
        }
      : given;
    if (opener.type === 'part') {
      this.closeChapter();
      this.part = opener.title;
      this.partNested = opener.nested === true;
      this.pendingPart = opener.title;
      this.scope = { title: opener.title, kind: 'topic', listsSections: true, path: [] };
    } else if (opener.type === 'chapter') {
      if (opener.label && this.chapter?.label === opener.label && this.chapter.number > 0) {
        // "Unit 1 (continued)": the same designation again continues the chapter.
        this.pending({ title: opener.title, opener: 'chapter' });
        return;
      }
      this.pendingPart = undefined;
      // A chapter the TOC lists after a part's nested chapters, at the part's level, is in no part.
      const part = opener.part ?? (this.partNested ? undefined : this.part);
      if (opener.part === undefined) {
        this.part = undefined;
        this.partNested = false;
      }
      const chapter = this.openChapter({
        title: opener.title,
        ...(opener.label ? { label: opener.label } : {}),
        ...(opener.bookNumber !== undefined ? { bookNumber: opener.bookNumber } : {}),
        ...(part ? { part } : {}),
        kind: opener.kind,
      });
      if (!opener.listsSections && opener.kind === 'topic')
        chapter.partOf =
          opener.label && opener.label !== opener.title ? `${opener.label}: ${opener.title}` : opener.title;
      if (this.scope) this.scope.listsSections = opener.listsSections;
    } else {
      // A front-matter topic before the body goes to the front matter; one its title names as such after
      // chapters began ("About the Book" at the end) stays where it stands, a topic of its chapter.
      if (
        opener.kind === 'front-matter' &&
        this.chapter?.number !== 0 &&
        (this.role === 'front' || !this.bodyOpened)
      )
        this.openFront();
      this.startTopic({
        // "I Sing the Body Electric, 1"; the heading it waits for is its own "1".
        title: topicTitle(opener.title, opener.within),
        ...(opener.number ? { number: opener.number } : {}),
        kind: opener.kind,
        path: opener.path,
      });
      this.scope = {
        title: opener.title,
        kind: opener.kind,
        listsSections: opener.listsSections,
        path: opener.number ? [...opener.path, opener.number] : opener.path,
      };
    }
    this.pending({
      title: opener.title,
      opener: opener.type,
      ...(opener.type === 'topic' && opener.number ? { number: opener.number } : {}),
    });
  }

  /** `next` waits for a heading that repeats its title; one that waited already, with no text since, too. */
  private pending(next: Consumable): void {
    if (this.consumable) this.earlier.push(this.consumable);
    this.consumable = next;
  }

  /** Text came, or a heading that repeats no title: no opener waits for its heading any more. */
  private settle(): void {
    this.consumable = undefined;
    this.earlier = [];
  }

  /** The chapter to write into; text before any opener of the body opens one (a part's own text, too). */
  private ensureChapter(title: string): OpenChapter {
    if (this.chapter) return this.chapter;
    if (this.role === 'front') {
      this.openFront();
      return this.chapter as unknown as OpenChapter;
    }
    const part = this.pendingPart;
    this.pendingPart = undefined;
    return this.openChapter({
      title: part ?? title,
      ...(part ? { part } : this.part ? { part: this.part } : {}),
      kind: this.role === 'back' ? 'other' : 'topic',
    });
  }

  private startTopic(fields: { title: string; number?: string; kind: TopicKind; path: string[] }): Topic {
    this.experimentLevel = undefined;
    const chapter = this.ensureChapter(fields.title);
    const topic: Topic = {
      id: `c${chapter.number}-t${String(chapter.topics.length + 1).padStart(3, '0')}`,
      ...(fields.number ? { number: fields.number } : {}),
      title: fields.title,
      kind: chapter.number === 0 ? 'front-matter' : fields.kind,
      path: fields.path,
      blocks: [],
    };
    chapter.topics.push(topic);
    this.topic = topic;
    this.topicLevel = undefined;
    this.boxed = undefined;
    this.resume = undefined;
    this.closedBox = undefined;
    return topic;
  }

  private addBlock(block: Block): void {
    const resume = this.topic ? undefined : this.resume;
    if (resume) {
      const { level, topic, ...fields } = resume;
      if (topic && this.chapter?.topics.includes(topic)) this.continueTopic(topic);
      else this.startTopic(fields);
      this.topicLevel = level;
    } else if (!this.topic) {
      const chapter = this.ensureChapter(this.scope?.title ?? 'Introduction');
      this.startTopic({ title: chapter.title, kind: chapter.kind, path: [] });
    }
    this.topic?.blocks.push(block);
    if (this.role === 'body' && (this.chapter?.number ?? 0) > 0) this.bodyBegun = true;
  }

  /**
   * A TOC that links a chapter's first section to the document's start (no fragment), where the
   * chapter's own text comes first: the section's heading, arriving after that text, is where the
   * section starts. The text before it is the chapter's, a topic of its own before the section; the
   * heading opens nothing more.
   */
  private startsLate(text: string): boolean {
    const topic = this.topic;
    const chapter = this.chapter;
    if (!topic || !chapter || topic !== this.openedAtStart || this.topicLevel !== undefined) return false;
    if (topic.blocks.length === 0) return false;
    if (!repeatsTitle(text, topic.title, this.rules, topic.number)) return false;
    const index = chapter.topics.indexOf(topic);
    chapter.topics.splice(index, 0, {
      id: topic.id,
      title: chapter.title,
      kind: chapter.kind,
      path: [],
      blocks: topic.blocks,
    });
    topic.blocks = [];
    return true;
  }

  /**
   * Writes to a topic opened before the one last opened again: the topic a boxed section interrupted
   * takes the text after the box, so a section is one topic however many boxes it holds.
   */
  private continueTopic(topic: Topic): void {
    this.topic = topic;
    this.boxed = undefined;
    this.resume = undefined;
    this.closedBox = undefined;
  }

  /** What text after a boxed section opened now goes on under: the topic open, else the opener's scope. */
  private resumable(): Resume | undefined {
    const topic = this.topic;
    if (topic)
      return {
        title: topic.title,
        ...(topic.number ? { number: topic.number } : {}),
        kind: topic.kind,
        path: topic.path,
        ...(this.topicLevel !== undefined ? { level: this.topicLevel } : {}),
        topic,
      };
    if (this.resume) return this.resume;
    const scope = this.scope;
    return scope ? { title: scope.title, kind: scope.kind, path: scope.path } : undefined;
  }

  /** A topic the TOC opened without a number takes the one its heading gives ("1.2. Speed" → "1.2"). */
  private numberTopic(heading: string): void {
    const topic = this.topic;
    if (!topic || topic.number !== undefined) return;
    const role = classifyHeading(heading, this.rules);
    if (role.role === 'topic') topic.number = role.number;
  }

  /**
   * A heading taken as an opener's title, in a section whose type names a kind (a `glossary` section
   * under the TOC's "Appendix C: Glossary of Indexing Terms"): what the opener opened takes that kind.
   */
  private takeSectionKind(opener: Consumable['opener'], sectionKind: TopicKind | undefined): void {
    if (!sectionKind) return;
    const opened = opener === 'chapter' ? this.chapter : opener === 'topic' ? this.topic : undefined;
    if (opened?.kind !== 'topic') return;
    opened.kind = sectionKind;
    if (this.scope?.kind === 'topic') this.scope.kind = sectionKind;
  }

  /**
   * A practicals section's numbered experiment ("2. DETERMINATION OF FOCAL LENGTH"): an activity topic of
   * its own, headed by a heading the section ends with ("BIO-BOTANY" before experiment 9).
   */
  private startExperiment(section: Topic, experiment: { number: string; title: string }): void {
    const lead = takeTrailingHeading(section);
    this.startTopic({ ...experiment, kind: 'activity', path: section.path });
    if (lead) this.addBlock(lead);
  }

  private subHeading(text: string): void {
    this.addBlock({ type: 'paragraph', text, heading: true });
    this.settle();
  }

  private heading(
    level: number,
    text: string,
    section?: number,
    sectionKind?: TopicKind,
    landedOn?: Topic,
  ): void {
    if (text === '') return;
    const consumable = this.consumable;
    if (consumable) {
      if (repeatsTitle(text, consumable.title, this.rules, consumable.number)) {
        this.takeSectionKind(consumable.opener, sectionKind);
        if (consumable.opener === 'chapter' && this.chapter && this.chapter.titleLevel === undefined)
          this.chapter.titleLevel = level;
        if (consumable.opener === 'chapter' && this.chapter) {
          // "A. Units" in the TOC, "Appendix A. Units" in the text: the heading's designation is the label;
          // so it is for a TOC's bare number ("1 Motion", TeX4ht's) under "Chapter 1 Motion".
          const named = labelledBy(text, this.chapter);
          if (named) Object.assign(this.chapter, named);
        }
        if (consumable.opener === 'topic') {
          this.topicLevel = level;
          this.numberTopic(text);
        }
        this.earlier = [];
        this.dropHeld(consumable.opener);
        return;
      }
      // The title of an opener fired before it at the same place ("Chapter 1" before its "1.1" section,
      // both at the document's start): consumed, and the later openers' headings may still come.
      const at = this.earlier.findIndex((e) => repeatsTitle(text, e.title, this.rules, e.number));
      if (at !== -1) {
        const opener = this.earlier[at]?.opener ?? 'topic';
        if (opener === 'chapter' && this.chapter && this.chapter.titleLevel === undefined)
          this.chapter.titleLevel = level;
        this.earlier = this.earlier.slice(at + 1);
        this.dropHeld(opener);
        return;
      }
      const chapter = this.chapter;
      const own = classifyHeading(text, this.rules);
      if (
        chapter &&
        consumable.opener === 'chapter' &&
        own.role === 'chapter' &&
        (chapter.title === chapter.label ||
          normTitle(chapter.title) === normTitle(own.title) ||
          own.title === '')
      ) {
        // "Unit 1" in the TOC, "UNIT 1 Motion" in the text: the text's heading names the chapter.
        if (own.title !== '' && chapter.title === chapter.label) chapter.title = own.title;
        this.earlier = [];
        this.dropHeld('chapter');
        return;
      }
      const titled = chapter && consumable.opener === 'chapter' ? titleAfterLabel(text, chapter) : undefined;
      if (chapter && titled) {
        // "II" in the TOC, "II Loomings" (an <hgroup> of number and title) in the text: the title.
        chapter.title = titled;
        this.earlier = [];
        this.dropHeld('chapter');
        return;
      }
      // The chapter's designation set as a heading of its own before its title ("Appendix B:", then
      // "Additional Resources"): its label, and the title's heading may still come.
      const designation = designationOf(text);
      if (
        chapter &&
        consumable.opener === 'chapter' &&
        designation === tidyTitle(text) &&
        (!chapter.label || normTitle(chapter.label) === normTitle(designation))
      ) {
        chapter.label ??= designation;
        this.takeSectionKind('chapter', sectionKind);
        this.earlier = [];
        return;
      }
      if (!this.held && isBareNumber(text)) {
        this.held = { text };
        return;
      }
    }
    this.release();
    this.settle();
    if (this.startsLate(text)) {
      this.topicLevel = level;
      return;
    }
    const role = classifyHeading(text, this.rules);
    // A chapter heading ("Unit 1") in a document the TOC never reaches is no lead-in: the body begins.
    if (this.leadIn && this.unreached && role.role === 'chapter') this.endLeadIn();
    // Chapter headings open chapters in a book without a TOC, and in a body document the TOC never
    // reaches (a converted PDF whose one entry names its title page).
    const opensChapter =
      (this.headingChapters || this.unreached) && role.role === 'chapter' && this.role === 'body';
    // The open chapter's own designation again ("Unit 1" atop each page of unit 1): a running head.
    if (opensChapter && this.chapter && namesChapter(text, this.chapter, this.rules)) return;
    const partOf =
      !opensChapter && this.role === 'body' && role.role === 'chapter'
        ? this.partFor(text, level)
        : undefined;
    if (partOf !== undefined) {
      // "Chapter 2 Lakes" inside the TOC's "Part One: Water", which lists no sections: a chapter of that part.
      const chapter = this.openChapter({ ...chapterNaming(text, this.rules), part: partOf, kind: 'topic' });
      chapter.partOf = partOf;
      chapter.titleLevel = level;
      this.consumable = { title: text, opener: 'chapter' };
      return;
    }
    if ((!this.chapter || opensChapter) && this.role !== 'front') {
      // Body text the TOC does not reach, opening with a heading: that heading titles its chapter.
      const part = this.pendingPart;
      this.pendingPart = undefined;
      this.openChapter({
        ...(part ? { title: part } : chapterNaming(text, this.rules)),
        ...((part ?? this.part) ? { part: part ?? this.part } : {}),
        kind: this.role === 'back' ? 'other' : 'topic',
      });
      if (!part) {
        this.consumable = { title: text, opener: 'chapter' };
        return;
      }
    }
    if (isCalloutLabel(text) && this.topic) {
      // "Note" over a callout whose box was lost: a line of the topic, whose text goes on after the callout's.
      this.subHeading(text);
      return;
    }
    const chapterTitleLevel = this.chapter?.titleLevel;
    if (
      role.role === 'kind' &&
      BACK_KINDS.has(role.kind) &&
      chapterTitleLevel !== undefined &&
      level <= chapterTitleLevel &&
      this.role === 'body'
    ) {
      // A glossary or index headed like the chapters, after the last of them: a chapter of its own.
      this.openChapter({ title: role.title || text, kind: role.kind });
      this.consumable = { title: text, opener: 'chapter' };
      if (this.chapter) this.chapter.titleLevel = level;
      return;
    }
    const scope = this.scope;
    // A section (exercises, a summary) keeps its sub-headings; a heading at the section's own level or
    // above ends it ("1.3 Pressure" after "Exercises" when both are h2 or the exercises are h3). A section
    // whose heading's level is known keeps a deeper heading right after that heading too ("TEXTBOOK
    // EVALUATION", then "I. Choose the correct answer"): its first part, not a topic of its own.
    const insideSection =
      this.topic !== undefined &&
      SECTION_KINDS.has(this.topic.kind) &&
      (this.topicLevel === undefined ? this.topic.blocks.length > 0 : level > this.topicLevel);
    const front = this.chapter?.number === 0;
    // A title that names no kind takes the one its section's type names ("Let's practise" heading an
    // EDUPUB `practices` section).
    const kind =
      role.role === 'kind' ? role.kind : (sectionKind ?? (role.role === 'topic' ? role.kind : undefined));
    const exercises = this.topic?.kind === 'exercises' ? this.topic : this.topic ? undefined : this.closedBox;
    if (exercises?.kind === 'exercises' && SOLUTIONS.test(text)) {
      // Exercises followed by their own worked solutions are solved problems; solutions in a section
      // of their own right after the exercises' section join them too.
      if (exercises !== this.topic) {
        const resume = this.resume;
        this.topic = exercises;
        this.resume = undefined;
        if (section !== undefined) this.boxed = { section, resume };
      }
      exercises.kind = 'solved-problems';
      this.subHeading(text);
      return;
    }
    const experiment = insideSection
      ? nextExperiment(this.topic, text, level, this.experimentLevel)
      : undefined;
    if (this.topic && experiment !== undefined) {
      // The section's level stays the topic's, so that the experiments after it are inside it too.
      const sectionLevel = this.topicLevel;
      this.startExperiment(this.topic, experiment);
      this.topicLevel = sectionLevel;
      this.experimentLevel = level;
      return;
    }
    const landed = landedOn !== undefined && landedOn === this.topic && landedOn.blocks.length === 0;
    if (kind && landed && !front) {
      // A kind heading a TOC link lands on ("Exercises" under "Practice"): it names its entry's kind.
      landedOn.kind = kind;
      if (this.scope) this.scope.kind = kind;
      this.topicLevel = level;
      this.subHeading(text);
      return;
    }
    if (kind && !(insideSection && kind === this.topic?.kind)) {
      const before = this.resumable();
      this.startTopic({
        title: role.role === 'empty' ? text : role.title || text,
        kind,
        path: scope?.path ?? [],
      });
      this.topicLevel = level;
      if (section !== undefined) this.boxed = { section, resume: before };
      return;
    }
    if (role.role === 'empty' || !scope || scope.listsSections || insideSection) {
      this.subHeading(text);
      return;
    }
    // A heading the TOC does not list, in front matter, right under a heading with no text yet (a title
    // page's "by Lewis Carroll" under the book's title): a line of that topic, not an empty topic before it.
    if (front && this.topic?.blocks.every((block) => block.type === 'paragraph' && block.heading === true)) {
      this.subHeading(text);
      return;
    }
    if (scope.baseLevel === undefined) scope.baseLevel = level;
    if (role.role === 'plain' && role.title !== '' && this.completesSection(role.title, level)) return;
    const title = role.role === 'topic' || role.role === 'plain' ? role.title : '';
    if (title === '' || level > scope.baseLevel + 1) {
      this.subHeading(text);
      return;
    }
    if (landed) {
      // The heading a TOC link lands on, in other words than its entry ("Intro" for "Introduction",
      // "Rivers" for "Rivers and streams"): the entry's own heading, the first line of its topic, not a
      // topic of its own after an empty one.
      this.numberTopic(text);
      this.subHeading(text);
      return;
    }
    const topic = this.startTopic({
      title,
      ...(role.role === 'topic' ? { number: role.number } : {}),
      kind: front ? 'front-matter' : scope.kind,
      path: scope.path,
    });
    this.topicLevel = level;
    if (role.role === 'topic' && titleGoesOn(text)) this.unfinished = topic;
  }

  /**
   * A section's number set as a heading of its own ("12.2.1", kept as the line before), or a section's
   * title broken after a dash ("1.2 Roots-"), completed by the heading right after it at the same level
   * ("Dermal Tissue", "Their Kinds"): one section, numbered and titled. True when `title` was so taken.
   */
  private completesSection(title: string, level: number): boolean {
    const topic = this.topic;
    if (!topic) return false;
    const unfinished = this.unfinished === topic && topic.blocks.length === 0 && this.topicLevel === level;
    this.unfinished = undefined;
    if (unfinished) {
      topic.title = `${topic.title} – ${title}`;
      return true;
    }
    const last = topic.blocks.at(-1);
    if (last?.type !== 'paragraph' || last.heading !== true) return false;
    const number = classifyHeading(last.text, this.rules);
    if (number.role !== 'topic' || number.title !== '') return false;
    // The line goes, not the topic it ended, even where it was all of it.
    topic.blocks.pop();
    const scope = this.scope;
    this.startTopic({ title, number: number.number, kind: scope?.kind ?? 'topic', path: scope?.path ?? [] });
    this.topicLevel = level;
    return true;
  }
}
