import { describe, expect, it } from 'vitest';
import { bookIdFromFile, catalogueFromEpubs, parseCatalogue, validateCatalogue } from './catalogue.js';
import { UserInputError } from './errors.js';

function refusal(run: () => unknown): UserInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('parseCatalogue', () => {
  it('reads a JSON catalogue: ids from the file names when absent, grades as text', () => {
    const catalogue = parseCatalogue(
      JSON.stringify({
        books: [
          { file: 'books/Science Class 9 (EM).epub', language: 'en', subject: 'Science', grade: 9 },
          { file: 'books/அறிவியல் 9.epub', id: 'science-9-ta', language: 'ta', grade: 'IX', limit: 5 },
        ],
      }),
      'kalvimate.catalogue.json',
    );
    expect(catalogue.books).toEqual([
      {
        file: 'books/Science Class 9 (EM).epub',
        id: 'science-class-9-em',
        language: 'en',
        subject: 'Science',
        grade: '9',
      },
      { file: 'books/அறிவியல் 9.epub', id: 'science-9-ta', language: 'ta', grade: 'IX', limit: 5 },
    ]);
  });

  it('reads the same catalogue from YAML', () => {
    const yaml =
      'books:\n  - file: a.epub\n    templates: [mcq_quiz]\n  - file: b.epub\n    subject: Maths\n';
    expect(parseCatalogue(yaml, 'shelf.yaml').books.map((b) => [b.id, b.templates, b.subject])).toEqual([
      ['a', ['mcq_quiz'], undefined],
      ['b', undefined, 'Maths'],
    ]);
  });

  it('names the file and the entry of a bad value', () => {
    const error = refusal(() =>
      parseCatalogue(
        JSON.stringify({ books: [{ file: 'a.epub' }, { file: 'physics.epub', limit: 0 }] }),
        'c.json',
      ),
    );
    expect(error.code).toBe('CATALOGUE_INVALID');
    expect(error.message).toMatch(/^c\.json: books\[1\] \(physics\.epub\): limit: /);
  });

  it('refuses unknown keys, a missing file and an empty list', () => {
    expect(
      refusal(() => validateCatalogue({ books: [{ file: 'a.epub', grde: 9 }] }, 'c.json')).message,
    ).toContain('books[0] (a.epub)');
    expect(refusal(() => validateCatalogue({ books: [{ id: 'x' }] }, 'c.json')).message).toContain(
      'books[0]: file',
    );
    expect(refusal(() => validateCatalogue({ books: [] }, 'c.json')).message).toContain('lists no books');
  });

  it('refuses two books with one id, naming both', () => {
    const error = refusal(() =>
      validateCatalogue({ books: [{ file: 'x/science.epub' }, { file: 'y/Science.epub' }] }, 'c.json'),
    );
    expect(error.message).toContain('book id "science" is already used by books[0] (x/science.epub)');
  });

  it('says which format did not parse', () => {
    expect(refusal(() => parseCatalogue('{ books: ', 'c.json')).code).toBe('CATALOGUE_NOT_PARSED');
    expect(refusal(() => parseCatalogue('books: [', 'c.yml')).message).toMatch(/^c\.yml: not valid YAML/);
  });
});

describe('catalogueFromEpubs', () => {
  it('numbers books whose file names give the same id', () => {
    expect(
      catalogueFromEpubs(['a/Science-9.epub', 'b/science 9.epub', 'c/maths.epub']).books.map((b) => b.id),
    ).toEqual(['science-9', 'science-9-2', 'maths']);
  });

  it('falls back to "book" for a name with no letters or digits', () => {
    expect(bookIdFromFile('---.epub')).toBe('book');
  });
});
