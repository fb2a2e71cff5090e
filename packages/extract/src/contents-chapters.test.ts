import type { Chapter } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { ContentsLineFolder, isContentsLineChapter } from './contents-chapters.js';

function chapter(number: number, label: string | undefined, text?: string): Chapter {
  return {
    schemaVersion: 1,
    number,
    ...(label ? { label } : {}),
    title: `Title ${number}`,
    topics:
      text === undefined
        ? []
        : [{ id: 't', title: 'T', kind: 'topic', path: [], blocks: [{ type: 'paragraph', text }] }],
  };
}

/** The chapters the folder passes on for `chapters`, as "number:label" and their texts. */
function fold(chapters: Chapter[]): string[] {
  const folder = new ContentsLineFolder();
  const out = [...chapters.flatMap((c) => folder.push(c)), ...folder.finish()];
  return out.map(
    (c) => `${c.number}:${c.label ?? ''} ${c.topics.flatMap((t) => t.blocks.map((b) => b.text)).join('|')}`,
  );
}

describe('isContentsLineChapter', () => {
  it('is a chapter without text whose designation comes back with a lower number next', () => {
    expect(isContentsLineChapter(chapter(3, 'Chapter 3'), chapter(1, 'CHAPTER 1', 'x'))).toBe(true);
    expect(isContentsLineChapter(chapter(2, 'அலகு 2'), chapter(1, 'அலகு 1', 'x'))).toBe(true);
    expect(isContentsLineChapter(chapter(4, 'Chapter IV'), chapter(1, 'Chapter I', 'x'))).toBe(true);
  });

  it('is not a chapter with text, a rising number, another designation or no label', () => {
    expect(isContentsLineChapter(chapter(3, 'Chapter 3', 'text'), chapter(1, 'Chapter 1', 'x'))).toBe(false);
    expect(isContentsLineChapter(chapter(3, 'Chapter 3'), chapter(4, 'Chapter 4', 'x'))).toBe(false);
    expect(isContentsLineChapter(chapter(3, 'Chapter 3'), chapter(3, 'Chapter 3', 'x'))).toBe(false);
    // A part's page, then its first chapter.
    expect(isContentsLineChapter(chapter(2, 'Part 2'), chapter(1, 'Chapter 1', 'x'))).toBe(false);
    expect(isContentsLineChapter(chapter(3, undefined), chapter(1, undefined, 'x'))).toBe(false);
    expect(isContentsLineChapter(chapter(3, '3'), chapter(1, '1', 'x'))).toBe(false);
  });
});

describe('ContentsLineFolder', () => {
  it('puts the line back at the end of the chapter before it and passes the rest on in order', () => {
    expect(
      fold([
        chapter(0, undefined, 'CONTENTS'),
        chapter(3, 'Chapter 3'),
        chapter(1, 'CHAPTER 1', 'one'),
        chapter(2, 'CHAPTER 2', 'two'),
        chapter(3, 'CHAPTER 3', 'three'),
      ]),
    ).toEqual(['0: CONTENTS|Chapter 3 Title 3', '1:CHAPTER 1 one', '2:CHAPTER 2 two', '3:CHAPTER 3 three']);
  });

  it('keeps empty chapters that are no contents line, the last one included', () => {
    expect(
      fold([
        chapter(1, 'Part 1'),
        chapter(1, 'Chapter 1', 'one'),
        chapter(2, 'Chapter 2'),
        chapter(3, 'Chapter 3', 'three'),
        chapter(4, 'Chapter 4'),
      ]),
    ).toEqual(['1:Part 1 ', '1:Chapter 1 one', '2:Chapter 2 ', '3:Chapter 3 three', '4:Chapter 4 ']);
  });

  it('keeps a contents line with no chapter before it to take it', () => {
    expect(fold([chapter(3, 'Chapter 3'), chapter(1, 'Chapter 1', 'one')])).toEqual([
      '3:Chapter 3 ',
      '1:Chapter 1 one',
    ]);
  });
});
