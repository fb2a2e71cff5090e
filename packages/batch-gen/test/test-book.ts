import type { Book, Chapter, Topic } from '@kalvimate/core';

/** A small book built in code for tests. */
export function testBook(): { book: Book; chapters: Chapter[] } {
  const para = (text: string) => ({ type: 'paragraph' as const, text });
  const topic = (
    id: string,
    number: string | undefined,
    title: string,
    kind: Topic['kind'],
    texts: string[],
  ): Topic => ({
    id,
    ...(number ? { number } : {}),
    title,
    kind,
    path: number ? number.split('.').slice(0, -1) : ['1'],
    blocks: texts.map(para),
  });
  const long = 'Inertia is the tendency of a body to stay at rest or keep moving in a straight line. '.repeat(
    8,
  );
  const chapters: Chapter[] = [
    {
      schemaVersion: 1,
      number: 1,
      title: 'Laws of Motion',
      topics: [
        topic('c1-t001', '1.1', 'Inertia', 'topic', [
          long,
          'A bus stopping suddenly throws passengers forward.',
        ]),
        topic('c1-t002', '1.2', 'Force', 'topic', ['Force is a push or a pull. '.repeat(20)]),
        topic('c1-t003', undefined, 'TEXTBOOK EVALUATION', 'exercises', ['1. Define inertia. '.repeat(30)]),
        topic('c1-t004', '1.3', 'Short', 'topic', ['Too short.']),
      ],
    },
    {
      schemaVersion: 1,
      number: 2,
      title: 'வெப்பம்',
      topics: [topic('c2-t001', '2.1', 'வெப்பநிலை', 'topic', ['வெப்பம் என்பது ஆற்றலின் ஒரு வடிவம். '.repeat(20)])],
    },
  ];
  const book: Book = {
    schemaVersion: 1,
    title: 'Test Science',
    language: 'en',
    identifier: 'urn:test:1',
    source: { file: 'test.epub', sha256: '0'.repeat(64) },
    chapters: chapters.map((c) => ({ number: c.number, title: c.title, file: `chapter_${c.number}.json` })),
  };
  return { book, chapters };
}
