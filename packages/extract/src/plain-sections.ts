import type { DocumentItem } from './dom-items.js';
import { classifyHeading, type HeadingRules, isNextSection } from './headings.js';
import { normTitle } from './outline-plan.js';
import { SECTION_KINDS } from './segment.js';
import { mayBePlainHeading, PLAIN_SECTION } from './styled-headings.js';

const DEEPEST_LEVEL = 6;

interface Converted {
  /** Where in the output the line's heading item is. */
  at: number;
  /** The section number before it, to go back to when it turns out to be a list's line. */
  sectionBefore: string | undefined;
}

/**
 * Reads, across a book's documents in reading order, the plain lines that head sections in documents
 * whose heading elements are only their chapters' titles, and in documents read by lines where the TOC
 * gives the chapters: a book written as text and converted by Calibre, or in a word processor and
 * exported by LibreOffice, whose chapters are headings (or lines in a heading style) and whose "1.1
 * States of Matter", "Activity 1.1" and "EXERCISES" are paragraphs like any other. A line becomes a
 * heading below the chapter's when it numbers the open chapter's next section (`isNextSection`: "1.1"
 * first, then "1.2" or "1.1.1") or is a section kind's name alone ("Exercises", "Activity 1.1"), short
 * and no sentence (`mayBePlainHeading`), and does not repeat the chapter's title. Two section lines in a
 * row with nothing between are a list (a chapter's own contents) and stay text. Nothing is read before a
 * chapter heading has given the number the sections carry.
 */
export class PlainSectionReader {
  private chapter: { number: number; level: number; title: string } | undefined;
  private lastSection: string | undefined;

  constructor(private readonly rules: HeadingRules) {}

  /**
   * The items of the next document: with its plain section lines made headings when `convert` (the
   * document's headings are its chapters' titles), else as they are, its headings noted either way.
   */
  read(items: readonly DocumentItem[], convert: boolean): DocumentItem[] {
    const out: DocumentItem[] = [];
    let previous: Converted | undefined;
    for (const item of items) {
      if (item.kind === 'heading') {
        this.noteHeading(item.text, item.level);
        previous = undefined;
        out.push(item);
        continue;
      }
      const level = convert && item.kind === 'block' ? this.headingLevel(item) : undefined;
      if (level === undefined || item.kind !== 'block') {
        if (item.kind === 'block') previous = undefined;
        out.push(item);
        continue;
      }
      const role = classifyHeading(item.block.text, this.rules);
      if (role.role === 'topic' && previous && previous.at === out.length - 1) {
        // The section line before was taken too, nothing between: a list of sections, not their headings.
        const before = out[previous.at];
        if (before?.kind === 'heading')
          out[previous.at] = { kind: 'block', block: { type: 'paragraph', text: before.text } };
        this.lastSection = previous.sectionBefore;
        previous = undefined;
        out.push(item);
        continue;
      }
      const sectionBefore = this.lastSection;
      if (role.role === 'topic') this.lastSection = role.number;
      previous = role.role === 'topic' ? { at: out.length, sectionBefore } : undefined;
      out.push({ kind: 'heading', level, text: item.block.text });
    }
    return out;
  }

  private noteHeading(text: string, level: number): void {
    const role = classifyHeading(text, this.rules);
    if (role.role === 'chapter' && role.number > 0) {
      this.chapter = { number: role.number, level, title: normTitle(role.title) };
      this.lastSection = undefined;
    } else if (
      role.role === 'topic' &&
      this.chapter &&
      isNextSection(role.number, this.chapter.number, this.lastSection)
    ) {
      this.lastSection = role.number;
    }
  }

  /** The level a plain paragraph's line heads a section at, or undefined when it is text. */
  private headingLevel(item: Extract<DocumentItem, { kind: 'block' }>): number | undefined {
    const chapter = this.chapter;
    const { block } = item;
    if (!chapter || block.type !== 'paragraph' || block.heading || item.styled) return undefined;
    const text = block.text;
    // A line that repeats the chapter's title ("Examples" under "Chapter 4. Examples") is no section's.
    if (!mayBePlainHeading(text) || normTitle(text) === chapter.title) return undefined;
    const numbered = PLAIN_SECTION.test(text);
    const role = classifyHeading(text, this.rules);
    if (numbered && role.role === 'topic' && isNextSection(role.number, chapter.number, this.lastSection))
      return Math.min(DEEPEST_LEVEL, chapter.level + role.number.split('.').length - 1);
    // A section kind's name ("Exercises", "Activity 1.1"), not "Note" or "Introduction" (`other`).
    if (!numbered && role.role === 'kind' && SECTION_KINDS.has(role.kind))
      return Math.min(DEEPEST_LEVEL, chapter.level + 1);
    return undefined;
  }
}
