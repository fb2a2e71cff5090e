import type { Chapter } from '@kalvimate/core';
import { designationWord } from './outline-plan.js';

function hasText(chapter: Chapter): boolean {
  return chapter.topics.some((topic) => topic.blocks.some((block) => block.text.trim() !== ''));
}

/**
 * True when `chapter`, which holds no text, is a line of the book's contents list that a converter made a
 * heading: the chapter after it (`next`) has the same designation and a lower number ("Chapter 3 Our
 * Environment" from the list, then "CHAPTER 1 MATTER AROUND US"). Calibre's text input takes a contents
 * list's last line for a chapter; a PDF's conversion keeps a list's line among the headings.
 */
export function isContentsLineChapter(chapter: Chapter, next: Chapter): boolean {
  if (hasText(chapter) || chapter.number <= 0 || next.number <= 0 || next.number >= chapter.number)
    return false;
  const word = chapter.label === undefined ? undefined : designationWord(chapter.label);
  return word !== undefined && next.label !== undefined && word === designationWord(next.label);
}

/**
 * Passes chapters on in order, holding back the last one and a chapter without text after it, so that a
 * contents line taken for a chapter (`isContentsLineChapter`) goes back, as a paragraph, to the end of the
 * chapter before it, where the rest of the list is, instead of opening an empty chapter that takes the
 * number of the real one. Holds at most two chapters.
 */
export class ContentsLineFolder {
  private held: Chapter | undefined;
  private empty: Chapter | undefined;

  /** The chapters that can be written now, in order. */
  push(chapter: Chapter): Chapter[] {
    const out: Chapter[] = [];
    if (this.empty) {
      const empty = this.empty;
      this.empty = undefined;
      const before = this.held;
      if (before && before.topics.length > 0 && isContentsLineChapter(empty, chapter)) {
        this.held = withLineAtEnd(before, [empty.label, empty.title].filter(Boolean).join(' '));
      } else {
        if (before) out.push(before);
        this.held = empty;
      }
    }
    if (this.held && !hasText(chapter) && chapter.number > 0) {
      this.empty = chapter;
      return out;
    }
    if (this.held) out.push(this.held);
    this.held = chapter;
    return out;
  }

  /** The chapters still held, in order. */
  finish(): Chapter[] {
    const out = [this.held, this.empty].filter((c): c is Chapter => c !== undefined);
    this.held = undefined;
    this.empty = undefined;
    return out;
  }
}

/** `chapter` with `line` as a paragraph at the end of its last topic. */
function withLineAtEnd(chapter: Chapter, line: string): Chapter {
  const topics = [...chapter.topics];
  const last = topics.at(-1);
  if (!last) return chapter;
  topics[topics.length - 1] = { ...last, blocks: [...last.blocks, { type: 'paragraph', text: line }] };
  return { ...chapter, topics };
}
