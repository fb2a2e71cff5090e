import type { CatalogueBookResult } from './catalogue/types.js';
import type { FileHashCache, HashedFile } from './fingerprint.js';
import type { PipelineResult } from './options.js';
import type { Setup } from './prepare.js';
import type { StagePlan } from './stage-step.js';

/** What a run read: the book, the data folder, every stage's inputs and outputs, and the file hashes it used. */
export interface RunInputs {
  paths: string[];
  hashes: Record<string, HashedFile>;
}

type RunOutcome = Pick<PipelineResult, 'stages' | 'spend' | 'stopped'>;

/**
 * True when a run submitted nothing and was not stopped by a "no": the same run again, with nothing
 * changed, asks nothing and spends nothing either (the CLI rehearses such a run that did work).
 */
export function spentNothing(result: Pick<PipelineResult, 'spend' | 'stopped'>): boolean {
  return !result.spend?.submitted && result.stopped?.reason !== 'declined';
}

/** True when every stage was skipped or not run, nothing was submitted and no question was answered. */
function didNothing(result: RunOutcome): boolean {
  if (result.stages.some((outcome) => outcome.status !== 'skipped' && outcome.status !== 'not-run'))
    return false;
  return spentNothing(result);
}

function inputsOf(
  first: readonly string[],
  plans: readonly StagePlan[],
  hashes: RunInputs['hashes'],
): RunInputs {
  const paths = new Set(first);
  for (const plan of plans) for (const path of [...plan.inputs, ...plan.outputs]) paths.add(path);
  return { paths: [...paths], hashes };
}

/**
 * The inputs of a run that did nothing (every stage skipped or not run, nothing submitted, no question
 * answered), for a caller that keeps a receipt of it; undefined for any other run. Such a run, given the
 * same options, ends the same way while these paths are unchanged.
 */
export function inputsOfUnchangedRun(
  setup: Pick<Setup, 'epub' | 'paths' | 'plans'> & { files: FileHashCache },
  result: RunOutcome,
): RunInputs | undefined {
  if (!didNothing(result)) return undefined;
  return inputsOf([setup.epub, setup.paths.dataDir], setup.plans, setup.files.used);
}

/**
 * As `inputsOfUnchangedRun`, for a catalogue: every book's stages skipped on this thread, the books'
 * requests not combined again, the shared stages as a one-book run's. The paths are the sources (the
 * catalogue file, or the EPUBs and folders given), every book's EPUB, the data folder (the books'
 * workspaces are in it) and every stage's inputs and outputs. Books given as entries, not a file, are
 * not among them: a caller keeping a receipt keys it by those entries.
 */
export function inputsOfUnchangedCatalogue(
  run: {
    sources: readonly string[];
    dataDir: string;
    books: readonly CatalogueBookResult[];
    /** The stages' plans, asked for only when the run did nothing. */
    plans: () => readonly StagePlan[];
    files: FileHashCache;
    combinedAgain: boolean;
  },
  result: RunOutcome,
): RunInputs | undefined {
  if (run.combinedAgain || !didNothing(result)) return undefined;
  const hashes: RunInputs['hashes'] = {};
  for (const book of run.books) {
    if (book.failed || !book.fileHashes || book.stages.some((s) => s.status !== 'skipped')) return undefined;
    Object.assign(hashes, book.fileHashes);
  }
  Object.assign(hashes, run.files.used);
  const first = [...run.sources, ...run.books.map((book) => book.file), run.dataDir];
  return inputsOf(first, run.plans(), hashes);
}
