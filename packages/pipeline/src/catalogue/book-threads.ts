import { stat } from 'node:fs/promises';
import {
  type CatalogueBook,
  ExternalServiceError,
  isKalvimateError,
  KalvimateError,
  UserInputError,
} from '@kalvimate/core';
import type { PipelineConfig } from '../config.js';
import type { PipelineEvent } from '../events.js';
import type { RunStageOptions } from '../plan.js';
import type { PipelineStage } from '../run-state.js';
import type { CatalogueBookResult } from './types.js';

/** What a thread needs to run a book's offline stages: plain data only (no clients, no functions). */
export interface BookThreadSetup {
  dataDir: string;
  config: PipelineConfig;
  /** The options the offline stages read (and fingerprint): model, templates, limit, prompts. */
  options: Pick<RunStageOptions, 'model' | 'templates' | 'limit' | 'prompts'>;
  policy: { force: boolean; from?: PipelineStage };
}

/** An error as it crosses from a thread: enough to rebuild the one the CLI maps to a line and an exit code. */
export interface ThreadError {
  kind: 'user' | 'external' | 'kalvimate' | 'other';
  message: string;
  name?: string;
  code?: string;
  hint?: string;
  file?: string;
  line?: number;
  path?: string;
  stack?: string;
}

/** Messages from a book thread. */
export type BookThreadMessage =
  | { type: 'event'; event: PipelineEvent & { book: string } }
  | { type: 'done'; result: CatalogueBookResult }
  | { type: 'error'; error: ThreadError };

/** An error as plain data, for `postMessage`. */
export function toThreadError(error: unknown): ThreadError {
  if (isKalvimateError(error)) {
    const kind =
      error instanceof UserInputError
        ? 'user'
        : error instanceof ExternalServiceError
          ? 'external'
          : 'kalvimate';
    return {
      kind,
      message: error.message,
      code: error.code,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  const { code, path } = plain as NodeJS.ErrnoException;
  return {
    kind: 'other',
    message: plain.message,
    name: plain.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(plain.stack ? { stack: plain.stack } : {}),
  };
}

/** The error a thread reported, rebuilt as the same class (so the CLI's exit codes and hints hold). */
export function fromThreadError(error: ThreadError): Error {
  const options = {
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.file ? { file: error.file } : {}),
    ...(error.line ? { line: error.line } : {}),
  };
  let rebuilt: Error;
  if (error.kind === 'user') rebuilt = new UserInputError(error.code ?? 'UNKNOWN', error.message, options);
  else if (error.kind === 'external')
    rebuilt = new ExternalServiceError(error.code ?? 'UNKNOWN', error.message, options);
  else if (error.kind === 'kalvimate')
    rebuilt = new KalvimateError(error.code ?? 'UNKNOWN', error.message, options);
  else {
    rebuilt = new Error(error.message);
    if (error.name) rebuilt.name = error.name;
    Object.assign(rebuilt, {
      ...(error.code ? { code: error.code } : {}),
      ...(error.path ? { path: error.path } : {}),
    });
  }
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/** The compiled thread file: under a TypeScript test runner this file is src/*.ts, and threads need dist/. */
function threadFileUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/catalogue/book-thread.js', here)
    : new URL('./book-thread.js', here);
}

/**
 * A book thread with this process's Node options, where a thread takes them: `--input-type` (a script run
 * with `node -e`) is refused by a thread started from a file, and `new Worker` refuses at once some V8
 * options given to node (`ERR_WORKER_INVALID_EXEC_ARGV`, as `--semi-space-growth-factor=1`); the thread then
 * starts without any.
 */
export function startThread(
  Worker: typeof import('node:worker_threads').Worker,
  file: URL,
  setup: BookThreadSetup,
): import('node:worker_threads').Worker {
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  try {
    return new Worker(file, { workerData: setup, execArgv });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { workerData: setup, execArgv: [] });
  }
}

/**
 * The order in which to start books of the given sizes: the largest first, equal sizes in their own
 * order. Each thread takes the next book when it is free, so a big book taken last would run alone on
 * one core at the end while the others wait; taken first, the small ones fill the other cores meanwhile.
 */
export function largestFirst(sizes: readonly number[]): number[] {
  return sizes.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0) || a - b);
}

/**
 * The size of each book's EPUB, the stand-in for its work (text compresses alike from book to book;
 * pictures make a book look bigger than its work, which costs only some balance). An unreadable file
 * counts as 0: its thread reports the error as before.
 */
async function epubSizes(books: readonly CatalogueBook[]): Promise<number[]> {
  return Promise.all(
    books.map((book) =>
      stat(book.file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
}

/**
 * Runs the offline stages of the books on up to `threads` worker threads (one book at a time each, the
 * largest EPUBs first), so that CPU-bound extraction of several books uses several cores. Events come
 * back tagged with the book; the results keep the books' order. A book's error that `isolate` turns
 * into a result (a user error) leaves the others going; after any other failure no new book starts,
 * the running ones end, and the first error is thrown.
 */
export async function runBooksOnThreads(
  books: readonly CatalogueBook[],
  threads: number,
  setup: BookThreadSetup,
  emit: (event: PipelineEvent & { book: string }) => void,
  isolate: (book: CatalogueBook, error: unknown) => CatalogueBookResult | undefined = () => undefined,
): Promise<CatalogueBookResult[]> {
  // Loaded here: a run of one book, which loads this module too, starts 4 ms sooner without it.
  const { Worker } = await import('node:worker_threads');
  const results: CatalogueBookResult[] = new Array(books.length);
  const order = largestFirst(await epubSizes(books));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    const worker = startThread(Worker, threadFileUrl(), setup);
    try {
      while (failure === undefined && next < books.length) {
        const index = order[next++] as number;
        const book = books[index] as CatalogueBook;
        try {
          results[index] = await new Promise<CatalogueBookResult>((resolve, reject) => {
            const onMessage = (message: BookThreadMessage) => {
              if (message.type === 'event') return emit(message.event);
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('exit', onExit);
              if (message.type === 'done') resolve(message.result);
              else reject(fromThreadError(message.error));
            };
            const onError = (error: Error) => reject(error);
            const onExit = (code: number) =>
              reject(new Error(`the thread of book "${book.id}" ended (exit ${code})`));
            worker.on('message', onMessage);
            worker.once('error', onError);
            worker.once('exit', onExit);
            worker.postMessage(book);
          });
        } catch (error) {
          const isolated = isolate(book, error);
          if (isolated) results[index] = isolated;
          else failure ??= { error };
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, books.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}
