import { UserInputError } from '@kalvimate/core/errors';
import { describe, expect, it } from 'vitest';
import type { CatalogueBookResult, CatalogueResult } from './catalogue/types.js';
import type { PipelineResult } from './options.js';
import { runExitCode } from './run-summary.js';

const oneBook: PipelineResult = {
  epub: 'book.epub',
  dataDir: 'data',
  stages: [],
  complete: true,
  reportFile: 'data/report.html',
};

function catalogue(failed: boolean, complete: boolean): CatalogueResult {
  const { epub: _epub, ...shared } = oneBook;
  const book: CatalogueBookResult = {
    id: 'maths',
    file: 'maths.epub',
    stages: [],
    entry: { id: 'maths', file: 'maths.epub' } as CatalogueBookResult['entry'],
  };
  const failure = { stage: 'extract' as const, code: 'EPUB_INVALID', message: 'not a zip' };
  const science = failed ? { ...book, id: 'science', failed: failure } : book;
  return { ...shared, complete, source: 'books', books: [book, science] };
}

describe('runExitCode', () => {
  it('is 0 for a complete run and 3 when requests are still without a result', () => {
    expect(runExitCode(oneBook)).toBe(0);
    expect(runExitCode({ ...oneBook, complete: false })).toBe(3);
    expect(runExitCode(catalogue(false, false))).toBe(3);
  });

  it("is a refusal's own code, and 2 when a book of a catalogue was left out for its own mistake", () => {
    const error = new UserInputError('OVER_BUDGET', 'the estimate is over --max-cost');
    expect(runExitCode({ ...oneBook, complete: false, stopped: { reason: 'over-budget', error } })).toBe(2);
    expect(runExitCode(catalogue(true, false))).toBe(2);
    expect(runExitCode(catalogue(false, true))).toBe(0);
  });
});
