import type { CostEstimate } from '@kalvimate/batch-gen';
import { judgeEstimateForGuard } from '../guard-spend.js';
import type { Setup } from '../prepare.js';
import { readRunState, writeRunState } from '../run-state.js';
import { addEstimates } from '../spend-guard.js';
import { bookWorkspace } from './book-workspace.js';
import type { CatalogueBookResult, RunCatalogueOptions } from './types.js';

/**
 * The LLM judge round's estimate for these books: each book's own (its requests and manifest), kept in its
 * run state while they are unchanged, so that a run with nothing new counts no tokens. Undefined when the
 * run plans no judge round.
 */
export async function booksJudgeEstimate(
  setup: Setup,
  options: RunCatalogueOptions & { dataDir: string },
  books: readonly CatalogueBookResult[],
): Promise<CostEstimate | undefined> {
  const estimates: CostEstimate[] = [];
  for (const book of books) {
    const paths = bookWorkspace(setup.paths, book.id);
    const state = await readRunState(paths.runState);
    const used = { ...(state.files ?? {}) };
    const before = JSON.stringify(state.judgeEstimate ?? null);
    const estimate = await judgeEstimateForGuard({ ...setup, paths }, options, {
      state,
      files: { known: state.files ?? {}, used },
    });
    if (estimate === undefined) return undefined;
    estimates.push(estimate);
    state.files = used;
    if (JSON.stringify(state.judgeEstimate ?? null) !== before) await writeRunState(paths.runState, state);
  }
  return addEstimates(estimates);
}

/** The estimate of a catalogue without requests: the guard then stops with `nothing-to-submit`. */
export function emptyEstimate(model: string): CostEstimate {
  return {
    model,
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    costUsdStandard: 0,
    requestsAtModelLimit: 0,
    modelOutputLimit: 0,
    outputBasis: 'calibrated',
    perTemplate: {},
  };
}
