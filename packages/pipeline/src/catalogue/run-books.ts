import type { CatalogueBook } from '@kalvimate/core';
import { mapPool, UserInputError } from '@kalvimate/core';
import type { PipelineEvent } from '../events.js';

import type { PipelineStage } from '../run-state.js';
import { type BookRunContext, currentBook, runBook } from './book-run.js';
import { type BookThreadSetup, runBooksOnThreads } from './book-threads.js';
import type { BookFailure, CatalogueBookResult, CatalogueEvent } from './types.js';

/** A book's user error as a failure that leaves the other books going; undefined for any other error. */
function bookFailure(error: unknown, stage: PipelineStage | undefined): BookFailure | undefined {
  if (!(error instanceof UserInputError)) return undefined;
  return {
    ...(stage ? { stage } : {}),
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

/**
 * Runs the offline stages of every book, `concurrency` at once: on worker threads when `threads` gives
 * their set-up (a book whose stages are all unchanged is checked here and needs none), else on this
 * thread. A book's user error leaves that book out (a `book-failed` event, `failed` on its result) and
 * the others go on; any other error ends the run. The results keep the books' order.
 */
export async function runCatalogueBooks(
  run: BookRunContext,
  books: readonly CatalogueBook[],
  how: { concurrency: number; threads: BookThreadSetup | undefined },
  emit: (event: CatalogueEvent) => void,
): Promise<CatalogueBookResult[]> {
  // The stage each book is in, to say which one failed.
  const stageOf = new Map<string, PipelineStage>();
  const tagged = (event: PipelineEvent & { book: string }) => {
    if (event.type === 'stage-start') stageOf.set(event.book, event.stage);
    emit(event);
  };
  const isolate = (book: CatalogueBook, error: unknown): CatalogueBookResult | undefined => {
    const failed = bookFailure(error, stageOf.get(book.id));
    if (!failed) return undefined;
    emit({ type: 'book-failed', book: book.id, failure: failed });
    return { id: book.id, file: book.file, stages: [], entry: book, failed };
  };
  const { concurrency, threads } = how;
  if (!threads)
    return mapPool(books, concurrency, (book) =>
      runBook(run, book, tagged).catch((error: unknown) => {
        const result = isolate(book, error);
        if (!result) throw error;
        return result;
      }),
    );
  // A book with nothing to redo needs no thread: a run with nothing to do starts none.
  const current = await mapPool(books, concurrency, (book) => currentBook(run, book, tagged));
  const toRun = books.filter((_, i) => current[i] === undefined);
  const ran = toRun.length === 0 ? [] : await runBooksOnThreads(toRun, concurrency, threads, tagged, isolate);
  return current.map((result) => result ?? (ran.shift() as CatalogueBookResult));
}
