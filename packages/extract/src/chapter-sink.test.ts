import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { Chapter } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChapterSink } from './chapter-sink.js';

function chapter(number: number, text: string): Chapter {
  return {
    schemaVersion: 1,
    number,
    title: `Chapter ${number}`,
    topics: [{ id: 't', title: 'Topic', kind: 'topic', path: [], blocks: [{ type: 'paragraph', text }] }],
  };
}

describe('ChapterSink', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('km-sink-');
  });
  afterEach(async () => dir.remove());

  it('writes every chapter in order, numbers made unique', async () => {
    const sink = new ChapterSink(dir.path, 4_000);
    // More chapters than it writes at once; the second 3 is a repeated number, renumbered.
    const chapters = [1, 2, 3, 3, 5, 6, 7].map((n) => chapter(n, `text of ${n}`));
    await sink.write(chapters.slice(0, 3));
    await sink.write(chapters.slice(3));
    // The last chapter waits for the next one (a contents line taken for a chapter goes back); finish writes it.
    expect(sink.refs).toHaveLength(6);
    await sink.finish();
    expect(sink.refs.map((r) => r.file)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `chapter_${n}.json`));
    expect((await readdir(dir.path)).sort()).toEqual(sink.refs.map((r) => r.file).sort());
    const fourth = JSON.parse(await readFile(dir.join('chapter_4.json'), 'utf8')) as Chapter;
    expect(fourth.label).toBe('3');
    expect(sink.counts.chapters).toBe(7);
  });

  it('puts a contents line taken for a chapter back at the end of the chapter before it', async () => {
    const sink = new ChapterSink(dir.path, 4_000);
    const list = { ...chapter(0, 'Contents'), title: 'Front matter' };
    const line: Chapter = {
      schemaVersion: 1,
      number: 3,
      label: 'Chapter 3',
      title: 'Our Environment',
      topics: [],
    };
    const real = [1, 2, 3].map((n) => ({ ...chapter(n, `text of ${n}`), label: `CHAPTER ${n}` }));
    await sink.write([list, line, ...real]);
    await sink.finish();
    // The real chapter 3 keeps its number; no empty chapter.
    expect(sink.refs.map((r) => [r.number, r.label])).toEqual([
      [0, undefined],
      [1, 'CHAPTER 1'],
      [2, 'CHAPTER 2'],
      [3, 'CHAPTER 3'],
    ]);
    const front = JSON.parse(await readFile(dir.join('chapter_0.json'), 'utf8')) as Chapter;
    expect(front.topics[0]?.blocks.map((b) => b.text)).toEqual(['Contents', 'Chapter 3 Our Environment']);
  });

  it('fails when a chapter file cannot be written', async () => {
    // A file where the folder should be: every write fails.
    await writeFile(dir.join('not-a-folder'), '');
    const sink = new ChapterSink(dir.join('not-a-folder'), 4_000);
    await sink.write([chapter(1, 'one')]);
    await expect(sink.finish()).rejects.toMatchObject({
      code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/),
    });
  });
});
