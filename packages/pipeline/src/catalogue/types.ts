import type { CostEstimate } from '@kalvimate/batch-gen';
import type { CatalogueBook } from '@kalvimate/core';
import type { PipelineEvent } from '../events.js';
import type { HashedFile } from '../fingerprint.js';
import type { PipelineResult, RunPipelineOptions } from '../options.js';
import type { PipelineStage } from '../run-state.js';
import type { StageOutcome } from '../stage-step.js';
import type { CatalogueSource } from './sources.js';

/** Everything `runCatalogue` takes: a one-book run's options (but the book) and where the books come from. */
export interface RunCatalogueOptions extends Omit<RunPipelineOptions, 'epub' | 'onEvent'>, CatalogueSource {
  /** Books whose offline stages run at once (default: the machine's cores). */
  concurrency?: number;
  /**
   * Run the books' offline stages on worker threads (default true when `concurrency` > 1), so that
   * extraction uses every core; false keeps them on the main thread (concurrent, not parallel). Stage
   * functions passed in `stages` always run on the main thread.
   */
  threads?: boolean;
  /** Folder relative paths are read from (default the process's). */
  cwd?: string;
  /** Receives every event (with `runCatalogue`; `runCatalogueIter` yields them). */
  onEvent?: (event: CatalogueEvent) => void;
}

/** What a catalogue run reports: a one-book run's events, those of one book's stages tagged with it. */
export type CatalogueEvent =
  /** The books of the run, before any stage. */
  | { type: 'catalogue'; source: string; books: { id: string; file: string }[] }
  /** A stage of one book (extract, preprocess, generate, split), or that book's estimate before the total. */
  | (PipelineEvent & { book: string })
  /** A book whose EPUB (or entry) is wrong: it is left out of this run, the other books go on. */
  | { type: 'book-failed'; book: string; failure: BookFailure }
  /** A shared stage (submit, judge, publish), the total estimate, the stop, the report. */
  | PipelineEvent;

/** Why a book was left out of a run: the user error its stage gave, as the CLI shows one. */
export interface BookFailure {
  /** The stage that failed (extract for an EPUB that cannot be read). */
  stage?: PipelineStage;
  code: string;
  message: string;
  hint?: string;
}

/** What one book of a catalogue run did. */
export interface CatalogueBookResult {
  id: string;
  file: string;
  /** extract, preprocess, generate and split of this book. */
  stages: StageOutcome[];
  /** What this book's requests would cost (generate's estimate). */
  estimate?: CostEstimate;
  entry: CatalogueBook;
  /** The file hashes this book's stages took or used, when they ran on this thread (its run state records them). */
  fileHashes?: Readonly<Record<string, HashedFile>>;
  /**
   * Set when a stage of the book failed on a user error (an EPUB that cannot be read, say): the book
   * is left out of this run's submit and judge, and publish does not run, so that the dataset never
   * loses a book silently. The other books go on.
   */
  failed?: BookFailure;
}

/** What a catalogue run did: each book's offline stages, then the shared ones (as a one-book run's). */
export interface CatalogueResult extends Omit<PipelineResult, 'epub'> {
  /** The catalogue file, `books`, or `the EPUBs given`. */
  source: string;
  books: CatalogueBookResult[];
}
