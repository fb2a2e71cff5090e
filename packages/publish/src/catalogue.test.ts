// Publish for a catalogue: rows carry their book, the test split is chosen per book, duplicates go
// across books, each book has its counts, and a book left out of the catalogue leaves the dataset.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishCatalogueBook } from './catalogue.js';
import { publishDataset } from './publish.js';
import { readPublishStats } from './stats.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });

function result(customId: string, topic: string) {
  const content = JSON.stringify({
    session: [u(`Quiz me on ${topic}`), a(`First question on ${topic}?`), u('B'), a(`Right, ${topic} is B.`)],
  });
  return {
    id: `batch_req_${customId}`,
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: `r-${customId}`,
      body: {
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      },
    },
    error: null,
  };
}

const BOOKS: PublishCatalogueBook[] = [
  {
    id: 'science-9-en',
    tag: 'b111111',
    title: 'Science IX',
    language: 'en',
    subject: 'Science',
    grade: '9',
    costUsd: 0.5,
  },
  {
    id: 'science-9-ta',
    tag: 'b222222',
    title: 'அறிவியல் IX',
    language: 'ta',
    subject: 'Science',
    grade: '9',
    costUsd: 0.25,
  },
];

let dir: TempDir;
let inDir: string;
let outDir: string;

beforeEach(async () => {
  dir = await createTempDir();
  inDir = dir.join('clean_outputs');
  outDir = dir.join('dataset');
  await mkdir(inDir);
  const lines = [];
  // 40 topics in chapter 1 of each book: the same chapter and topic numbers in both.
  for (let t = 1; t <= 40; t += 1) {
    lines.push(result(`b111111-c1-t${t}-mcq_quiz-p1`, `force ${t} in English`));
    lines.push(result(`b222222-c1-t${t}-mcq_quiz-p1`, `force ${t} in Tamil`));
  }
  // The same topic taught in both books, word for word: a duplicate across books.
  lines.push(result('b111111-c2-t1-mcq_quiz-p1', 'levers'));
  lines.push(result('b222222-c2-t1-mcq_quiz-p1', 'levers'));
  // A book removed from the catalogue: its results are still on disk.
  lines.push(result('b333333-c1-t1-mcq_quiz-p1', 'removed book'));
  await writeFile(`${inDir}/part.output.jsonl`, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  // The request manifest gives each request its chapter and topic, as the catalogue's combined one does.
  const requests = Object.fromEntries(
    lines.map((line) => {
      const [, chapter, topic] = /-c(\d+)-t(\d+)-/.exec(line.custom_id) ?? [];
      return [
        line.custom_id,
        {
          book: 'from the manifest',
          chapter: Number(chapter),
          chapterTitle: `Chapter ${chapter}`,
          topicId: `c${chapter}-t${topic}`,
          topicNumber: `${chapter}.${topic}`,
          topicTitle: `Topic ${topic}`,
          template: 'mcq_quiz',
          part: 1,
          parts: 1,
          inputTokens: 10,
        },
      ];
    }),
  );
  await writeFile(
    manifestPath(),
    JSON.stringify({
      schemaVersion: 1,
      model: 'gpt-4o-mini',
      book: { title: '3 books', identifier: 'kalvimate-catalogue', language: 'mul' },
      requestsFile: 'requests.jsonl',
      requestsSha256: '0'.repeat(64),
      templates: {
        mcq_quiz: { shape: 'session', count: 1, turns: 4, maxOutputTokens: 1000, file: 'mcq_quiz.md' },
      },
      requests,
    }),
  );
});
const manifestPath = () => dir.join('requests.manifest.json');
afterEach(async () => {
  await dir.remove();
});

type Row = {
  id: string;
  book: string;
  book_id: string;
  language: string;
  subject: string;
  grade: string;
  topic: string;
  chapter: string;
  messages: { role: string; content: string }[];
};

async function rows(split: 'train' | 'test'): Promise<Row[]> {
  try {
    const buffer = await readFile(`${outDir}/data/${split}-00000-of-00001.parquet`);
    const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    return (await parquetReadObjects({ file })) as Row[];
  } catch {
    return [];
  }
}

async function publish() {
  return publishDataset({ inDir, outDir, manifestPath: manifestPath(), testSplit: 0.3, catalogue: BOOKS });
}

describe('publish for a catalogue', () => {
  it('gives every row its book id, title, language, subject and grade, and its language’s system message', async () => {
    await publish();
    const all = [...(await rows('train')), ...(await rows('test'))];
    const tamil = all.find((r) => r.book_id === 'science-9-ta');
    expect(tamil).toMatchObject({ book: 'அறிவியல் IX', language: 'ta', subject: 'Science', grade: '9' });
    expect(tamil?.messages[0]?.content).toContain('Tamil');
    const english = all.find((r) => r.book_id === 'science-9-en');
    expect(english?.messages[0]?.content).toContain('English');
  });

  it('leaves out the rows of a book that is no longer in the catalogue, and counts them', async () => {
    const { stats } = await publish();
    const all = [...(await rows('train')), ...(await rows('test'))];
    expect(all.some((r) => r.book_id === null || r.id.startsWith('b333333'))).toBe(false);
    expect(stats.notInCatalogue).toBe(1);
    expect(stats.responses.in).toBe(82);
  });

  it('splits each book’s topics on their own, never one topic of a book in both splits', async () => {
    await publish();
    const train = await rows('train');
    const test = await rows('test');
    const key = (r: Row) => `${r.book_id}|${r.chapter}|${r.topic}`;
    const trainKeys = new Set(train.map(key));
    expect(test.some((r) => trainKeys.has(key(r)))).toBe(false);
    // The same chapter and topic numbers land in different splits in different books for some topics.
    const testTopics = (book: string) => new Set(test.filter((r) => r.book_id === book).map((r) => r.topic));
    expect(testTopics('science-9-en')).not.toEqual(testTopics('science-9-ta'));
  });

  it('removes a duplicate across books, keeping the first one seen', async () => {
    const { stats } = await publish();
    expect(stats.conversations.duplicates.exact).toBe(1);
    const [en, ta] = stats.books ?? [];
    expect(en?.conversations.duplicates).toBe(0);
    expect(ta?.conversations.duplicates).toBe(1);
  });

  it('writes every book’s counts and the totals to stats.json and the card', async () => {
    await publish();
    const stats = await readPublishStats(`${outDir}/stats.json`);
    expect(stats.books?.map((b) => [b.id, b.conversations.written, b.splits.train + b.splits.test])).toEqual([
      ['science-9-en', 41, 41],
      ['science-9-ta', 40, 40],
    ]);
    const card = await readFile(`${outDir}/README.md`, 'utf8');
    expect(card).toContain('# Tutor conversations from 2 books');
    expect(card).toMatch(/language:\n {2}- "en"\n {2}- "ta"/);
    expect(card).toMatch(
      /\| Science IX \| science-9-en \| en \| Science \| 9 \| \d+ \| \d+ \| 0 \| 0 \| \$0\.50 \|/,
    );
    expect(card).toMatch(/\| \*\*total\*\* \| \| \| \| \| \d+ \| \d+ \| 0 \| 1 \| \$0\.75 \|/);
    expect(card).toContain('1 result lines of books no longer in the catalogue were left out.');
  });
});
