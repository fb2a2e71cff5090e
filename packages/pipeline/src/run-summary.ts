import { ExitCode } from '@kalvimate/core/errors';
import { redact } from '@kalvimate/core/redact';
import type { CatalogueResult } from './catalogue/types.js';
import type { PipelineResult } from './options.js';

/**
 * A run's result as plain JSON, for a log, a database or `kalvimate run --json`: `stopped` as its
 * reason alone and a refusal's error as its code and message (secrets removed).
 */
export function runSummary(run: PipelineResult | CatalogueResult) {
  const error = run.stopped?.error;
  return {
    // A catalogue's books, each with its own stages and estimate, where a one-book run names its EPUB.
    ...('epub' in run
      ? { epub: run.epub }
      : {
          books: run.books.map(({ id, stages, estimate, failed }) => ({
            id,
            stages,
            estimate,
            ...(failed ? { failed: { ...failed, message: redact(failed.message) } } : {}),
          })),
        }),
    dataDir: run.dataDir,
    ...(run.estimate ? { estimate: run.estimate } : {}),
    ...(run.spend ? { spend: run.spend } : {}),
    ...(run.stopped ? { stopped: run.stopped.reason } : {}),
    ...(error ? { error: { code: error.code, message: redact(error.message) } } : {}),
    stages: run.stages,
    ...(run.dataset ? { dataset: run.dataset } : {}),
    complete: run.complete,
    reportFile: run.reportFile,
  };
}

/**
 * A run's exit status for a shell or CI (what `kalvimate run` exits with): a refusal's own code (2 for a
 * user's mistake); 0 when complete; 2 when a book of a catalogue was left out for its own mistake, as a
 * one-book run's mistake is; else 3, requests still without a result (run again to retry them).
 */
export function runExitCode(run: PipelineResult | CatalogueResult): number {
  const error = run.stopped?.error;
  if (error) return error.exitCode;
  if (run.complete) return ExitCode.ok;
  return 'books' in run && run.books.some((book) => book.failed)
    ? ExitCode.userInput
    : ExitCode.externalService;
}
