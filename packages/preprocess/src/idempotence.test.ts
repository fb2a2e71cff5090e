import type { Chapter, Topic } from '@kalvimate/core';
import { seededRandom } from '@kalvimate/testkit/random';
import { describe, expect, it } from 'vitest';
import { buildBookContext } from './book-context.js';
import { preprocessBook } from './preprocess-book.js';
import { RULES } from './rules.js';
import { testBook } from './test-book.js';

// Fragments with every kind of trouble the rules fix, and text they must leave alone.
const FRAGMENTS = [
  'G ravity',
  'gravity',
  'Gravity',
  'trans- port',
  'transport',
  'sulphuricacid',
  'sulphuric acid',
  'sulphuric acid',
  'metre second power minus two',
  '10 power 8',
  '3 times 10 power 8',
  'open bracket F plus 460 close bracket',
  'open bracket',
  'close bracket',
  '5 by 9',
  'by',
  '9.8',
  '3.1.2',
  '2-Methylpropane',
  'CH₃COOH',
  'https://example.org/a.b',
  'நீர்க்கரைசல்',
  'α β',
  '37 °C',
  '−5',
  ' , ',
  ' . ',
  ' : ',
  '\u00a0',
  '\u200b',
  '\u00ad',
  'ﬁ',
  '  ',
  '\n',
  ' \n \n \n ',
  'three times a day',
  'sometimes',
  'surplus',
  'power plants',
  'A and B',
  'plus',
  'minus',
  'R power 2',
  'x',
  '10⁸',
  '1',
  '(',
  ')',
];

function texts(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const parts = Array.from(
      { length: 1 + Math.floor(next() * 8) },
      () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)],
    );
    return parts.join(next() < 0.7 ? ' ' : '');
  });
}

describe('idempotence on generated texts', () => {
  const samples = [1, 2, 3, 42].flatMap((seed) => texts(300, seed));
  const context = buildBookContext(samples);

  it.each(RULES.map((r) => [r.name, r] as const))('%s changes nothing on its own output', (_name, rule) => {
    for (const text of samples) {
      const once = rule.apply(text, context);
      expect(rule.apply(once, context), JSON.stringify(text)).toBe(once);
    }
  });

  const asBook = (list: string[]) => {
    const { book, chapters } = testBook();
    const chapter = chapters[0] as Chapter;
    const topic = chapter.topics[0] as Topic;
    return {
      book,
      chapters: [
        {
          ...chapter,
          topics: [{ ...topic, blocks: list.map((text) => ({ type: 'paragraph' as const, text })) }],
        },
      ],
    };
  };
  const paragraphs = (chapters: Chapter[]) => chapters[0]?.topics[0]?.blocks.map((b) => b.text) ?? [];

  it('the whole pass changes nothing on its own output', () => {
    const { book, chapters } = asBook(samples);
    const once = preprocessBook(book, chapters);
    expect(once.changes.edits).toBeGreaterThan(0);
    const twice = preprocessBook(once.book, once.chapters);
    expect(paragraphs(twice.chapters)).toEqual(paragraphs(once.chapters));
    expect(twice.changes.edits).toBe(0);
  });

  it('keeps every decimal, Tamil word and chemical name of the input', () => {
    const { book, chapters } = asBook(samples);
    const cleaned = paragraphs(preprocessBook(book, chapters).chapters);
    samples.forEach((text, i) => {
      for (const keep of [
        '9.8',
        '3.1.2',
        'நீர்க்கரைசல்',
        '2-Methylpropane',
        'CH₃COOH',
        'https://example.org/a.b',
      ])
        if (text.includes(keep)) expect(cleaned[i], JSON.stringify(text)).toContain(keep);
    });
  });
});
