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
