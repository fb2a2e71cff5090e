import { type Block, BOOK_SCHEMA_VERSION, type Chapter, type Topic, type TopicKind } from '@kalvimate/core';
import type { DocumentItem } from './dom-items.js';
import {
  classifyHeading,
  continuesTitle,
  type HeadingRules,
  isCalloutLabel,
  isNextSection,
  nextExperiment,
  parentNumbers,
  takeTrailingHeading,
  titleGoesOn,
} from './headings.js';
import { chapterNaming, normTitle } from './outline-plan.js';
import { plainSectionLine } from './styled-headings.js';

/** Kinds whose sub-headings are part of the section (questions, options), not new topics. */
export const SECTION_KINDS = new Set<TopicKind>([
  'solved-problems',
  'exercises',
  'summary',
  'glossary',
  'activity',
]);
/** Sub-headings deeper than this inside an ordinary topic stay in it as paragraphs. */
const DEEPEST_TOPIC_HEADING = 3;

/** A section's number, two or three deep, as a topic of the open chapter carries it. */
const TWO_OR_THREE_DEEP = /^\d{1,2}(?:\.\d{1,2}){1,2}$/;

interface OpenChapter {
  number: number;
  title: string;
  /** The book's own designation of the unit, as its heading writes it ("Unit 1", "UNIT-6"). */
  label?: string;
  topics: Topic[];
  /** The chapter heading had no title yet: the next heading may supply it ("UNIT-6" then "NUCLEAR PHYSICS"). */
  awaitingTitle: boolean;
  /** The title was the last line read: the next line, a heading or a paragraph, may carry it on (`continuesTitle`). */
  titleOpen: boolean;
  /** Kind that back-matter chapters give their topics. */
  defaultKind: TopicKind;
  /** The number of its last topic numbered as a section ("1.2", "1.2.1"), when one is. */
  lastSection: string | undefined;
}

/**
 * Segments a book's headings and blocks (all spine documents, in reading order) into chapters and
 * topics, one item at a time: `push` returns the chapters an item closed, `finish` the rest, so a
 * caller can write each chapter as soon as it is complete and hold only one chapter in memory.
 * Pure: nothing is dropped — text before the first chapter becomes front matter, text after the
 * last unit becomes back-matter chapters, and every block lands in some topic.
 */
export class BookSegmenter {
  private chapter: OpenChapter | undefined;
  private topic: Topic | undefined;
  /** The level of the open practicals section's experiments, once one opened (`nextExperiment`). */
  private experimentLevel: number | undefined;
  private lastNumbered: Topic | undefined;
  /** A numbered section whose heading ended in a dash: its title goes on (`untitledSection`). */
  private unfinished: Topic | undefined;
  /** The topic `addBlock` opened for a chapter's text before any heading (titled by the chapter). */
  private leadTopic: Topic | undefined;
  /** Highest unit number seen so far (0 before the first unit). */
  private lastUnit = 0;
  private closed: Chapter[] = [];
  /** Whether plain lines that number the next section open it (`readPlainSections`). */
  private plainSections = false;
  /**
   * The topic the last plain section line opened, that line, and what the segmenter had before it: the
   * open topic, the last numbered topic and the chapter's last section.
   */
  private plainOpened:
    | {
        topic: Topic;
        line: string;
        before: { topic: Topic | undefined; lastNumbered: Topic | undefined; section: string | undefined };
      }
    | undefined;

  constructor(private readonly rules: HeadingRules) {}

  /**
   * From the next item on, a plain line that numbers the open unit's next section ("1.2 Change of State"
   * after "1.1 …" in unit 1) opens it, as a heading would: for documents whose paragraphs are read as
   * headings. Calibre's text input leaves a section's line so in Tamil (its heading detection is for
   * English), as a PDF's conversion does where no bold was kept.
   */
  readPlainSections(on: boolean): void {
    this.plainSections = on;
  }

  /** The number of the chapter being filled, when there is one. */
  get currentChapterNumber(): number | undefined {
    return this.chapter?.number;
  }

  /** Feeds one heading or block; returns the chapters that it closed (usually none). */
  push(item: DocumentItem): Chapter[] {
    this.consume(item);
    return this.takeClosed();
  }

  /** Closes the last chapter and returns what is left. */
  finish(): Chapter[] {
    this.closeChapter();
    return this.takeClosed();
  }

  private takeClosed(): Chapter[] {
    if (this.closed.length === 0) return [];
    const out = this.closed;
    this.closed = [];
    return out;
  }

  private closeChapter(): void {
    const c = this.chapter;
    if (!c) return;
    if (c.topics.length > 0 || c.number > 0) {
      this.closed.push({
        schemaVersion: BOOK_SCHEMA_VERSION,
        number: c.number,
        ...(c.label ? { label: c.label } : {}),
        // A chapter whose heading was its designation alone is titled by it ("CHAPTER 2", not "Unit 2").
        title: c.title || (c.number > 0 ? (c.label ?? `Unit ${c.number}`) : 'Front matter'),
        topics: c.topics,
      });
    }
    this.chapter = undefined;
  }

  private startChapter(number: number, title: string, defaultKind: TopicKind): OpenChapter {
    this.closeChapter();
    const open: OpenChapter = {
      number,
      title,
      topics: [],
      awaitingTitle: title === '',
      titleOpen: title !== '',
      defaultKind,
      lastSection: undefined,
    };
    if (number > this.lastUnit) this.lastUnit = number;
    this.chapter = open;
    this.topic = undefined;
    this.lastNumbered = undefined;
    return open;
  }

  private ensureChapter(): OpenChapter {
    return this.chapter ?? this.startChapter(0, 'Front matter', 'front-matter');
  }

  private startTopic(fields: { number?: string; title: string; kind: TopicKind; path: string[] }): Topic {
    this.experimentLevel = undefined;
    const open = this.ensureChapter();
    const created: Topic = {
      id: `c${open.number}-t${String(open.topics.length + 1).padStart(3, '0')}`,
      ...(fields.number ? { number: fields.number } : {}),
      title: fields.title,
      // Before the first unit, every topic is front matter, whatever its heading.
      kind: open.number === 0 ? 'front-matter' : fields.kind,
      path: fields.path,
      blocks: [],
    };
    open.topics.push(created);
    if (fields.number !== undefined && TWO_OR_THREE_DEEP.test(fields.number))
      open.lastSection = fields.number;
    this.topic = created;
    return created;
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

  /** True when the open topic is the one `addBlock` opened for the chapter and holds only pictures. */
  private onlyPicturesSinceHeading(): boolean {
    const topic = this.topic;
    return topic !== undefined && topic === this.leadTopic && topic.blocks.every((b) => b.type === 'figure');
  }

  /** Gives the chapter its title, and the topic of its pictures before it, which was titled by the chapter. */
  private retitle(chapter: OpenChapter, title: string): void {
    chapter.title = title;
    if (this.topic !== undefined && this.topic === this.leadTopic) this.topic.title = title;
  }

  private chapterPath(): string[] {
    return this.chapter && this.chapter.number > 0 ? [String(this.chapter.number)] : [];
  }

  private subPath(): string[] {
    const last = this.lastNumbered;
    return last?.number ? [...last.path, last.number] : this.chapterPath();
  }

  private addBlock(block: Block): void {
    const open = this.ensureChapter();
    if (!this.topic)
      this.leadTopic = this.startTopic({
        title: open.title || 'Introduction',
        // A unit's own text before its first section is body text; back matter keeps its kind.
        kind: open.defaultKind,
        path: this.chapterPath(),
      });
    this.topic?.blocks.push(block);
  }

  /**
   * The open numbered section while it has no text and its heading gave it no title of its own (the
   * number alone) or an unfinished one (ending in a dash): the next heading completes it.
   */
  private untitledSection(): Topic | undefined {
    const topic = this.topic;
    if (!topic || topic !== this.lastNumbered || topic.blocks.length > 0 || !topic.number) return undefined;
    return topic.title === topic.number || topic === this.unfinished ? topic : undefined;
  }

  /**
   * Opens the section a plain line numbers (`readPlainSections`) when it is the open unit's next one
   * (`isNextSection`); true when the line was taken. Any other numbered line ("1.1 Define matter" in unit
   * 3's exercises, a value) stays text. Two such lines in a row, nothing between, list sections (a unit's
   * opening page): both stay text.
   */
  private openPlainSection(line: string): boolean {
    const chapter = this.chapter;
    const role = chapter && chapter.number > 0 ? plainSectionLine(line, this.rules) : undefined;
    if (!chapter || !role) return false;
    const listed = this.plainOpened;
    if (listed && listed.topic === this.topic && listed.topic.blocks.length === 0) {
      // The section before it opened on the line before it: a list of sections, not their headings.
      chapter.topics.pop();
      this.topic = listed.before.topic;
      this.lastNumbered = listed.before.lastNumbered;
      chapter.lastSection = listed.before.section;
      this.plainOpened = undefined;
      chapter.awaitingTitle = false;
      chapter.titleOpen = false;
      this.addBlock({ type: 'paragraph', text: listed.line });
      this.addBlock({ type: 'paragraph', text: line });
      return true;
    }
    if (!isNextSection(role.number, chapter.number, chapter.lastSection)) return false;
    chapter.awaitingTitle = false;
    chapter.titleOpen = false;
    const before = { topic: this.topic, lastNumbered: this.lastNumbered, section: chapter.lastSection };
    const topic = this.startTopic({
      number: role.number,
      title: role.title || role.number,
      kind: role.kind ?? 'topic',
      path: parentNumbers(role.number),
    });
    this.lastNumbered = topic;
    this.plainOpened = { topic, line, before };
    return true;
  }

  private consume(item: DocumentItem): void {
    const chapter = this.chapter;
    if (item.kind === 'block') {
      const { block } = item;
      if (
        block.type === 'paragraph' &&
        !block.heading &&
        chapter?.titleOpen &&
        (this.topic === undefined || this.onlyPicturesSinceHeading()) &&
        continuesTitle(chapter.title, block.text)
      ) {
        // The unit's title carried on over a line of its own ("TYPES OF CHEMICAL", then "REACTIONS").
        this.retitle(chapter, `${chapter.title} ${block.text.trim()}`);
        return;
      }
      if (
        this.plainSections &&
        block.type === 'paragraph' &&
        !block.heading &&
        !item.styled &&
        this.openPlainSection(block.text)
      )
        return;
      if (block.type !== 'figure' && chapter) {
        chapter.awaitingTitle = false;
        chapter.titleOpen = false;
      }
      this.addBlock(block);
      return;
    }
    if (item.kind === 'division') {
      // Back matter the book marks as such after its units (Project Gutenberg's licence): a chapter of its own.
      if (item.role === 'back' && chapter && chapter.number > 0 && chapter.defaultKind === 'topic')
        this.startChapter(this.lastUnit + 1, 'Back matter', 'other');
      return;
    }
    if (item.kind === 'anchor' || item.kind === 'end') return;
    const role = classifyHeading(item.text, this.rules);
    if (role.role === 'empty') return;
    if (
      role.role === 'chapter' &&
      chapter !== undefined &&
      chapter.number > 0 &&
      role.number === chapter.number &&
      chapter.topics.every((topic) => topic.blocks.length === 0)
    ) {
      // The open unit's designation again before any of its text (a converted PDF's running head, then
      // the unit's title broken over two lines): the same unit, titled once.
      if (chapter.awaitingTitle && role.title !== '') {
        chapter.title = role.title;
        chapter.awaitingTitle = false;
        chapter.titleOpen = true;
      }
      return;
    }
    if (role.role === 'chapter') {
      const { label } = chapterNaming(item.text, this.rules);
      const open = this.startChapter(role.number, role.title, 'topic');
      if (label) open.label = label;
      return;
    }
    // Only pictures since the unit's heading (a QR code, a page's figure): its title may still come.
    const beforeText = this.topic === undefined || this.onlyPicturesSinceHeading();
    if (
      chapter?.titleOpen &&
      beforeText &&
      role.role === 'plain' &&
      continuesTitle(chapter.title, role.title)
    ) {
      this.retitle(chapter, `${chapter.title} ${role.title}`);
      return;
    }
    if (
      chapter?.awaitingTitle &&
      beforeText &&
      (role.role === 'plain' || (role.role === 'kind' && item.level === 1)) &&
      role.title !== ''
    ) {
      this.retitle(chapter, role.title);
      chapter.awaitingTitle = false;
      chapter.titleOpen = true;
      return;
    }
    if (chapter) {
      chapter.awaitingTitle = false;
      chapter.titleOpen = false;
    }
    if (this.topic && isCalloutLabel(item.text)) {
      // "Note" over a callout whose box was lost: a line of the topic, whose text goes on after the callout's.
      this.addBlock({ type: 'paragraph', text: item.text, heading: true });
      return;
    }
    const untitled = this.untitledSection();
    if (untitled && role.role === 'plain' && role.title !== '') {
      // "12.2.1" set as a heading of its own, then its title ("Dermal or Epidermal Tissue System"), or a
      // title broken after a dash ("Dihybrid Cross-", then "Inheritance of Two Genes"): one section.
      untitled.title = untitled.title === untitled.number ? role.title : `${untitled.title} – ${role.title}`;
      this.unfinished = undefined;
      return;
    }
    if (role.role === 'topic') {
      this.lastNumbered = this.startTopic({
        number: role.number,
        title: role.title || role.number,
        kind: role.kind ?? 'topic',
        path: parentNumbers(role.number),
      });
      if (titleGoesOn(item.text)) this.unfinished = this.lastNumbered;
      return;
    }
    if (item.level === 1 && this.lastUnit > 0) {
      // A top-level heading after the units that is not a unit: back matter (practicals, glossary, notes).
      // A copyright page or "Also by" page there is back matter too.
      const kind: TopicKind = role.role === 'kind' && role.kind !== 'front-matter' ? role.kind : 'other';
      const title = role.role === 'kind' || role.role === 'plain' ? role.title || item.text : item.text;
      this.startChapter(this.lastUnit + 1, title, kind);
      this.startTopic({ title, kind, path: [] });
      return;
    }
    if (role.role === 'kind') {
      const inBackMatter = chapter !== undefined && chapter.defaultKind !== 'topic';
      if (inBackMatter && this.topic && role.kind === 'other') {
        this.addBlock({ type: 'paragraph', text: item.text });
        return;
      }
      this.startTopic({ title: role.title, kind: role.kind, path: this.chapterPath() });
      this.lastNumbered = undefined;
      return;
    }
    const topic = this.topic;
    const experiment = nextExperiment(topic, item.text, item.level, this.experimentLevel);
    if (topic && experiment !== undefined) {
      this.startExperiment(topic, experiment);
      this.experimentLevel = item.level;
      return;
    }
    const insideSection = this.topic !== undefined && SECTION_KINDS.has(this.topic.kind);
    if (role.title === '' || insideSection || item.level > DEEPEST_TOPIC_HEADING) {
      this.addBlock({ type: 'paragraph', text: item.text, heading: true });
      return;
    }
    // The same heading again before any text (a title page's title, then the text's own title heading,
    // as pandoc writes a book's title twice): one topic.
    if (
      topic &&
      topic.blocks.length === 0 &&
      !topic.number &&
      normTitle(topic.title) === normTitle(role.title)
    )
      return;
    const kind: TopicKind = chapter && chapter.defaultKind !== 'topic' ? chapter.defaultKind : 'topic';
    this.startTopic({ title: role.title, kind, path: this.subPath() });
  }
}

/**
 * Segments a whole book at once (see `BookSegmenter` for the streaming form).
 * @example segmentBook(documentItems(html), compileHeadingRules(ExtractOptionsSchema.parse({})))
 */
export function segmentBook(items: Iterable<DocumentItem>, rules: HeadingRules): Chapter[] {
  const segmenter = new BookSegmenter(rules);
  const chapters: Chapter[] = [];
  for (const item of items) chapters.push(...segmenter.push(item));
  chapters.push(...segmenter.finish());
  return chapters;
}
