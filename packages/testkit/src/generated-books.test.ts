import { describe, expect, it } from 'vitest';
import { buildEpub } from './epub-builder.js';
import { generatedCatalogue, generatedTextbook } from './generated-books.js';

describe('generatedTextbook', () => {
  it('gives the same book for the same seed and another for another seed', () => {
    const spec = { seed: 3, language: 'ta' as const, chapters: 2, sections: 3, paragraphs: 2 };
    expect(buildEpub(generatedTextbook(spec))).toEqual(buildEpub(generatedTextbook(spec)));
    expect(generatedTextbook({ ...spec, seed: 4 }).documents[0]?.body).not.toBe(
      generatedTextbook(spec).documents[0]?.body,
    );
  });

  it('writes numbered units and sections in the medium of the book', () => {
    const book = generatedTextbook({ seed: 1, language: 'ta', chapters: 2, sections: 2, paragraphs: 1 });
    expect(book.language).toBe('ta');
    expect(book.documents).toHaveLength(2);
    expect(book.documents[1]?.body).toMatch(/^<h1>அலகு 2 /);
    expect(book.documents[1]?.body).toContain('<h2>2.2 ');
    expect(book.documents[0]?.body).toMatch(/[\u0B80-\u0BFF]{3}/);
  });
});

describe('generatedCatalogue', () => {
  it('alternates English and Tamil books of varied sizes with unique ids', () => {
    const books = generatedCatalogue(10);
    expect(books.map((b) => b.language).slice(0, 4)).toEqual(['en', 'ta', 'en', 'ta']);
    expect(new Set(books.map((b) => b.id)).size).toBe(10);
    expect(new Set(books.map((b) => b.epub.documents.length)).size).toBeGreaterThan(2);
    for (const b of books) expect(b.grade).toBeGreaterThanOrEqual(6);
  });
});
