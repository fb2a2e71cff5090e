// Reads ../shared/fixtures/kalvimate-science-9.epub, the textbook this project was started for.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Chapter, countWords } from '@kalvimate/core';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir } from '@kalvimate/testkit/temp-dir';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExtractSummary, extractEpub } from '../extract-epub.js';
import { readCentralDirectory, readEntry } from '../zip-inspect.js';
import { wordBag, wordCoverage } from './word-bag.js';

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

const epub = sharedFixture('kalvimate-science-9.epub');

describe.skipIf(!epub)('the fixture textbook', () => {
  let chapters: Chapter[] = [];
  let summary: ExtractSummary;

  beforeAll(async () => {
    const dir = await createTempDir();
    summary = await extractEpub(epub as string, { outDir: dir.path });
    const book = JSON.parse(await readFile(join(dir.path, 'book.json'), 'utf8')) as {
      chapters: Array<{ file: string }>;
    };
    chapters = await Promise.all(
      book.chapters.map(async (c) => JSON.parse(await readFile(join(dir.path, c.file), 'utf8')) as Chapter),
    );
    await dir.remove();
  });

  it('finds the 23 units with clean titles, split titles joined', () => {
    const units = chapters.filter((c) => c.number >= 1 && c.number <= 23);
    expect(units.map((c) => c.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(units[0]?.title).toBe('LAWS OF MOTION');
    expect(units[5]?.title).toBe('NUCLEAR PHYSICS');
    expect(units[11]?.title).toBe('PLANT ANATOMY AND PLANT PHYSIOLOGY');
    expect(units.every((c) => /^[A-Z][A-Z ,]+$/.test(c.title))).toBe(true);
  });

  it('keeps the back matter (practicals, glossary) instead of dropping it', () => {
    const titles = chapters.filter((c) => c.number > 23).map((c) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['PRACTICALS', 'GLOSSARY']));
  });

  it('turns the numbered headings into numbered topics with their parents', () => {
    const numbered = chapters.flatMap((c) => c.topics.filter((t) => t.number));
    expect(numbered.length).toBeGreaterThanOrEqual(440);
    const topic = numbered.find((t) => t.number === '2.5.1');
    expect(topic?.path).toEqual(['2', '2.5']);
  });

  it('marks solved problems, textbook evaluation and summaries by kind', () => {
    expect(summary.topicsByKind['solved-problems']).toBeGreaterThanOrEqual(4);
    expect(summary.topicsByKind.exercises).toBeGreaterThanOrEqual(21);
    expect(summary.topicsByKind.summary).toBeGreaterThanOrEqual(15);
  });

  it('keeps at least 98% of the words of the text and 90% of the alt text, duplicating nothing', async () => {
    const file = epub as string;
    let sourceText = '';
    let sourceAlt = '';
    for (const entry of await readCentralDirectory(file)) {
      if (!entry.name.endsWith('.xhtml') || entry.name.endsWith('nav.xhtml')) continue;
      const body = (await readEntry(file, entry)).toString('utf8').replace(/<head[\s\S]*?<\/head>/, '');
      sourceAlt += ` ${[...body.matchAll(/alt="([^"]*)"/g)].map((m) => decode(m[1] ?? '')).join(' ')}`;
      sourceText += ` ${decode(body.replace(/<[^>]+>/g, ' '))}`;
    }
    let outText = '';
    let outAlt = '';
    for (const chapter of chapters) {
      outText += ` ${chapter.title}`;
      for (const topic of chapter.topics) {
        outText += ` ${topic.number ?? ''} ${topic.title}`;
        for (const block of topic.blocks) {
          if (block.type === 'figure') outAlt += ` ${block.alt} ${block.caption ?? ''}`;
          else outText += ` ${block.text}`;
        }
      }
    }
    expect(wordCoverage(wordBag(sourceText), wordBag(outText))).toBeGreaterThanOrEqual(0.98);
    expect(wordCoverage(wordBag(sourceAlt), wordBag(outAlt))).toBeGreaterThanOrEqual(0.9);
    const ratio =
      (countWords(outText) + countWords(outAlt)) / (countWords(sourceText) + countWords(sourceAlt));
    expect(ratio).toBeLessThanOrEqual(1.03);
  });

  it('keeps the alt text of the figures and the decimals', () => {
    expect(summary.figures).toBeGreaterThanOrEqual(450);
    const text = chapters
      .flatMap((c) => c.topics.flatMap((t) => [t.number ?? '', t.title, ...t.blocks.map((b) => b.text)]))
      .join('\n');
    expect(text.match(/\b\d+\.\d+\b/g)?.length ?? 0).toBeGreaterThanOrEqual(1705);
    expect(text).toContain('absolute scale');
    expect(text).not.toMatch(/absolutescale/);
  });
});
