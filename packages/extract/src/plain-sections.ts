import type { DocumentItem } from './dom-items.js';
import { classifyHeading, type HeadingRules, isNextSection } from './headings.js';
import { normTitle } from './outline-plan.js';
import { SECTION_KINDS } from './segment.js';
import { mayBePlainHeading, plainSectionLine } from './styled-headings.js';

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
   * document's headings are its chapters' titles), else as they are (the same array), its headings noted
   * either way.
   */
  read(items: DocumentItem[], convert: boolean): DocumentItem[] {
    if (!convert) {
      for (const item of items) if (item.kind === 'heading') this.noteHeading(item.text, item.level);
      return items;
    }
    const out: DocumentItem[] = [];
    let previous: Converted | undefined;
    for (const item of items) {
      if (item.kind === 'heading') {
        this.noteHeading(item.text, item.level);
        previous = undefined;
        out.push(item);
        continue;
      }
      const line = item.kind === 'block' ? this.plainLine(item) : undefined;
      if (line === undefined) {
        if (item.kind === 'block') previous = undefined;
        out.push(item);
        continue;
      }
      const section = plainSectionLine(line, this.rules);
      if (section && previous?.at === out.length - 1) {
        // A section's line right after the one taken before it, nothing between: a list of sections (a
        // chapter's own contents), not their headings; both stay text, as in `BookSegmenter`.
        const before = out[previous.at];
        if (before?.kind === 'heading')
          out[previous.at] = { kind: 'block', block: { type: 'paragraph', text: before.text } };
        this.lastSection = previous.sectionBefore;
        previous = undefined;
        out.push(item);
        continue;
      }
      const level = this.headingLevel(line, section);
      previous = undefined;
      if (level === undefined) {
        out.push(item);
        continue;
      }
      if (section) {
        previous = { at: out.length, sectionBefore: this.lastSection };
        this.lastSection = section.number;
      }
      out.push({ kind: 'heading', level, text: line });
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

  /** The text of a plain paragraph, read for a section's heading once a chapter has opened. */
  private plainLine(item: Extract<DocumentItem, { kind: 'block' }>): string | undefined {
    const { block } = item;
    if (!this.chapter || block.type !== 'paragraph' || block.heading || item.styled) return undefined;
    return block.text;
  }

  /**
   * The level a plain line heads a section at (`section`: the section it may number), or undefined when
   * it is text.
   */
  private headingLevel(text: string, section: ReturnType<typeof plainSectionLine>): number | undefined {
    const chapter = this.chapter;
    // A line that repeats the chapter's title ("Examples" under "Chapter 4. Examples") is no section's.
    if (!chapter || !mayBePlainHeading(text) || normTitle(text) === chapter.title) return undefined;
    if (section)
      return isNextSection(section.number, chapter.number, this.lastSection)
        ? Math.min(DEEPEST_LEVEL, chapter.level + section.number.split('.').length - 1)
        : undefined;
    // A section kind's name ("Exercises", "Activity 1.1"), not "Note" or "Introduction" (`other`).
    const role = classifyHeading(text, this.rules);
    return role.role === 'kind' && SECTION_KINDS.has(role.kind)
      ? Math.min(DEEPEST_LEVEL, chapter.level + 1)
      : undefined;
  }
}
