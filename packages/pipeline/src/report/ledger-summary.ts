import type { Ledger } from '@kalvimate/openai-batch';
import type { BatchesSection, ResultsSection } from './data.js';

/** Batches by state and requests still without a result, from submit's ledger. */
export function summariseLedger(ledger: Ledger): BatchesSection {
  const byState: Record<string, number> = {};
  const missingReasons: Record<string, number> = {};
  let total = 0;
  let missing: number | undefined;
  let direct = false;
  for (const part of ledger.parts) {
    let last: NonNullable<Ledger['parts'][number]['attempts'][number]['result']> | undefined;
    for (const attempt of part.attempts) {
      if (attempt.mode === 'direct') direct = true;
      for (const batch of attempt.batches) {
        total += 1;
        byState[batch.status] = (byState[batch.status] ?? 0) + 1;
      }
      if (attempt.result) last = attempt.result;
    }
    // The last finished attempt of a part says which of its requests still have no result, and why.
    if (last) {
      missing = (missing ?? 0) + last.missing;
      for (const [reason, n] of Object.entries(last.reasons))
        missingReasons[reason] = (missingReasons[reason] ?? 0) + n;
    }
  }
  return {
    total,
    byState,
    ...(missing !== undefined ? { missing, missingReasons } : {}),
    ...(direct ? { direct } : {}),
  };
}

/** The tokens and results the ledger counted (every attempt's usage), priced by the caller. */
export function ledgerResults(
  ledger: Ledger,
  costUsd: number,
  model: string | undefined,
): ResultsSection | undefined {
  const totals = { succeeded: 0, failed: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  let finished = false;
  for (const part of ledger.parts) {
    let last: number | undefined;
    for (const attempt of part.attempts) {
      if (!attempt.result) continue;
      finished = true;
      totals.succeeded += attempt.result.good;
      totals.inputTokens += attempt.result.usage.inputTokens;
      totals.cachedInputTokens += attempt.result.usage.cachedInputTokens;
      totals.outputTokens += attempt.result.usage.outputTokens;
      last = attempt.result.missing;
    }
    totals.failed += last ?? 0;
  }
  if (!finished) return undefined;
  return { ...totals, costUsd, ...(model ? { model } : {}) };
}
