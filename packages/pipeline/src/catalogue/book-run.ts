import type { CatalogueBook, Reporter, WorkspacePaths } from '@kalvimate/core';
import type { PipelineConfig } from '../config.js';
import { definedOnly } from '../config.js';
import type { Secrets } from '../environment.js';
import { generateEstimate } from '../estimate-source.js';
import { eventReporter, type PipelineEvent } from '../events.js';
import type { FileHashCache } from '../fingerprint.js';
import { planStages, type RunStageOptions, type StageRunners } from '../plan.js';
import { type PipelineStage, readRunState, writeRunState } from '../run-state.js';
import { skippedAsUnchanged, throwIfAborted } from '../stage-events.js';
import { checkStage, runStage, type StageOutcome, type StagePlan } from '../stage-step.js';
import type { HubAccess } from '../stages/publish.js';
import { bookWorkspace } from './book-workspace.js';
import { applyEntryMetadata } from './entry-metadata.js';
import type { CatalogueBookResult } from './types.js';

/** What every book of a run shares. */
export interface BookRunContext {
  paths: WorkspacePaths;
  config: PipelineConfig;
  options: RunStageOptions;
  secrets: Secrets;
  hub: HubAccess;
  stages: StageRunners;
  policy: { force: boolean; from?: PipelineStage };
  now(): number;
  signal?: AbortSignal;
}

/** The offline stages of one book: extract, preprocess, generate (its templates, its limit), split (its parts). */
export function planBook(run: BookRunContext, book: CatalogueBook, files?: FileHashCache): StagePlan[] {
  const paths = bookWorkspace(run.paths, book.id);
  const options: RunStageOptions = {
    ...run.options,
    ...definedOnly({ templates: book.templates, limit: book.limit }),
  };
  const context = (reporter: Reporter) => ({
    paths,
    config: run.config,
    reporter,
    ...(files ? { files } : {}),
  });
  const plans = planStages({
    // The offline stages spend nothing: no budget to share.
    budget: { committedUsd: 0 },
    epub: book.file,
    paths,
    config: run.config,
    options,
    secrets: run.secrets,
    hub: run.hub,
    stages: run.stages,
    context,
  });
  const byStage = (stage: PipelineStage) => plans.find((p) => p.stage === stage) as StagePlan;
  const split = byStage('split');
  return [
    byStage('extract'),
    byStage('preprocess'),
    byStage('generate'),
    {
      ...split,
      // The parts are named after the book, so that every book's parts can be submitted together.
      options: { ...(split.options as object), partName: book.id },
      run: (reporter) =>
        run.stages.split(context(reporter), definedOnly({ model: options.model, partName: book.id })),
    },
  ];
}

/**
 * The result of a book whose offline stages are all unchanged, with their skipped events emitted; undefined
 * (and nothing emitted) when one of them has to run. Cheap: a run with nothing to redo needs no thread.
 */
export async function currentBook(
  run: BookRunContext,
  book: CatalogueBook,
  emit: (event: PipelineEvent & { book: string }) => void,
): Promise<CatalogueBookResult | undefined> {
  const events: (PipelineEvent & { book: string })[] = [];
  // Any trouble is the real run's to report, with the stage it happens in.
  const result = await walkBook(run, book, (event) => events.push(event), true).catch(() => undefined);
  if (result) for (const event of events) emit(event);
  return result;
}

/**
 * Runs the offline stages of one book in its own workspace (`books/<id>/`, its own `run-state.json`),
 * each skipped when its inputs and options are unchanged; emits the events tagged with the book.
 */
export async function runBook(
  run: BookRunContext,
  book: CatalogueBook,
  emit: (event: PipelineEvent & { book: string }) => void,
): Promise<CatalogueBookResult> {
  // Allowed to run every stage, the walk always gets to the end.
  return (await walkBook(run, book, emit, false)) as CatalogueBookResult;
}

/** The book's stages in order, each run or skipped; with `onlyIfCurrent`, undefined instead of running one. */
async function walkBook(
  run: BookRunContext,
  book: CatalogueBook,
  emit: (event: PipelineEvent & { book: string }) => void,
  onlyIfCurrent: boolean,
): Promise<CatalogueBookResult | undefined> {
  const paths = bookWorkspace(run.paths, book.id);
  const state = await readRunState(paths.runState);
  // Files this book's stages hash are recorded with its state (see fingerprint.ts).
  const files: FileHashCache = { known: state.files ?? {}, used: {} };
  state.files = files.used;
  const outcomes: StageOutcome[] = [];
  for (const plan of planBook(run, book, files)) {
    throwIfAborted(run.signal);
    if (plan.stage === 'generate') await applyEntryMetadata(paths.preprocessedBook, book);
    if (plan.stage === 'split') {
      const estimate = await generateEstimate(paths, state, files);
      if (estimate?.requests === 0) {
        // Nothing to split (no topic fits a template): the book adds no parts.
        const outcome = { stage: 'split', status: 'skipped', reason: 'no requests' } as StageOutcome;
        outcomes.push(outcome);
        emit({ type: 'stage-skipped', stage: 'split', outcome, book: book.id });
        continue;
      }
    }
    const { inputHash, reason } = await checkStage(plan, state, run.policy, files);
    if (reason === undefined) {
      const { outcome, event } = skippedAsUnchanged(plan.stage, state);
      outcomes.push(outcome);
      emit({ ...event, book: book.id });
      continue;
    }
    if (onlyIfCurrent) return undefined;
    emit({ type: 'stage-start', stage: plan.stage, reason, book: book.id });
    const reporter = eventReporter(plan.stage, (event) => emit({ ...event, book: book.id }));
    const outcome = await runStage(
      plan,
      { reporter, inputHash, reason, state, statePath: paths.runState },
      run.now,
    );
    outcomes.push(outcome);
    emit({ type: 'stage-end', stage: plan.stage, outcome, book: book.id });
  }
  const estimate = await generateEstimate(paths, state, files);
  // A book whose stages were all skipped still records the hashes it had to read again (files written
  // just before their last hashing), so that the next run reads none of them.
  const hashedAgain = Object.entries(files.used).some(([path, entry]) => entry !== files.known[path]);
  if (hashedAgain) await writeRunState(paths.runState, state);
  return {
    id: book.id,
    file: book.file,
    stages: outcomes,
    entry: book,
    ...(estimate ? { estimate } : {}),
    fileHashes: files.used,
  };
}
