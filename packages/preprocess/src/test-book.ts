import { BOOK_SCHEMA_VERSION, type Book, type Chapter } from '@kalvimate/core';

/** A small book with the troubles the cleaner fixes and the text it must not damage. */
export function testBook(): { book: Book; chapters: Chapter[] } {
  const chapters: Chapter[] = [
    {
      schemaVersion: BOOK_SCHEMA_VERSION,
      number: 1,
      title: 'Laws\u00a0of  Motion',
      topics: [
        {
          id: 'c1-t001',
          number: '1.1',
          title: 'G ravity',
          kind: 'topic',
          path: ['1'],
          blocks: [
            {
              type: 'paragraph',
              text: 'Gravity pulls. The acceleration due to gravity is 9.8 metre second power minus two .',
            },
            {
              type: 'paragraph',
              text: 'Light travels at 3 times 10 power 8 metre second power minus one; three times a day.',
            },
            {
              type: 'paragraph',
              text: 'K = open bracket F plus 460 close bracket into 5 by 9, sometimes a surplus.',
            },
            { type: 'math', text: 'F = m a', latex: 'F = m\\,a \\quad 9.8\\ \\mathrm{m\\,s^{-2}}' },
            { type: 'paragraph', text: '\u200b\u00ad' },
          ],
        },
        {
          id: 'c1-t002',
          number: '1.1.2',
          title: 'Glossary',
          kind: 'glossary',
          path: ['1', '1.1'],
          blocks: [
            {
              type: 'list',
              text: '1. Aqueous - நீர்க்கரைசல்\n2. Gravity - ஈர்ப்பு',
              items: ['Aqueous - நீர்க்கரைசல்', 'Gravity - ஈர்ப்பு'],
              ordered: true,
            },
            {
              type: 'table',
              text: 'Metal | Coefficient (K power minus one)\nCopper | 1.7 × ten power minus five',
              rows: [
                ['Metal', 'Coefficient (K power minus one)'],
                ['Copper', '1.7 × ten power minus five'],
              ],
              caption: 'Table  1.1 Expansion',
            },
            {
              type: 'figure',
              text: 'A ball of mass 1 kg',
              alt: 'A ball of mass 1 kg',
              caption: 'Figure 1.2 G ravity',
            },
            { type: 'note', text: 'See https://example.org/a.b and 2-Methylpropane, CH₃COOH.' },
          ],
        },
      ],
    },
  ];
  const book: Book = {
    schemaVersion: BOOK_SCHEMA_VERSION,
    title: 'Science',
    language: 'en',
    identifier: 'test-book',
    source: { file: 'science.epub', sha256: 'a'.repeat(64) },
    chapters: [{ number: 1, title: 'Laws\u00a0of  Motion', file: 'chapter_1.json' }],
  };
  return { book, chapters };
}
