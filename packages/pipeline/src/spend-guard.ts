import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatUsd, UserInputError } from '@kalvimate/core';

// The one spend guard of KalviMate: `run` asks `decideSpend` before submit, and both `run` and
// `submit` hold an estimate to a budget with `overBudget` (submit again when it switches to direct mode).

/** What the run does at the point where it would start spending money. */
export type SpendDecision =
  | { action: 'submit' }
  | { action: 'ask' }
  | { action: 'stop'; reason: 'no-api-key' | 'over-budget' | 'needs-yes' | 'nothing-to-submit' };

export interface SpendGuardInput {
  /** What submit is expected to pay, USD (batch prices, or standard ones in direct mode). */
  estimatedUsd: number;
  requests: number;
  /** The budget, USD. */
  maxCostUsd?: number;
  /** Spend without asking. */
  yes: boolean;
  /** Someone can be asked (a `confirm` function was given). */
  canAsk: boolean;
  hasApiKey: boolean;
  /** An OpenAI-compatible server was named (OPENAI_BASE_URL); some accept any key. */
  hasBaseUrl: boolean;
}

/**
 * Decides whether the run may submit: a budget under the estimate always refuses; with no key and no
 * server the offline part is the whole job; someone who can be asked is asked; else only `yes` spends.
 */
export function decideSpend(input: SpendGuardInput): SpendDecision {
  if (input.requests === 0) return { action: 'stop', reason: 'nothing-to-submit' };
  if (input.maxCostUsd !== undefined && input.estimatedUsd > input.maxCostUsd) {
    return { action: 'stop', reason: 'over-budget' };
  }
  if (!input.hasApiKey && !input.hasBaseUrl) return { action: 'stop', reason: 'no-api-key' };
  if (input.yes) return { action: 'submit' };
  if (input.canAsk) return { action: 'ask' };
  return { action: 'stop', reason: 'needs-yes' };
}

/** What submit is expected to pay: batch prices, or standard ones in direct mode. */
export function expectedSpend(estimate: CostEstimate, direct: boolean): number {
  return direct ? estimate.costUsdStandard : estimate.costUsd;
}

/** The estimate of several request files, added up (they are priced with one model). */
export function addEstimates(estimates: readonly CostEstimate[]): CostEstimate | undefined {
  const [first, ...rest] = estimates;
  if (!first) return undefined;
  const total: CostEstimate = { ...first, perTemplate: {} };
  for (const e of rest) {
    total.requests += e.requests;
    total.inputTokens += e.inputTokens;
    total.cachedInputTokens += e.cachedInputTokens;
    total.outputTokens += e.outputTokens;
    total.costUsd += e.costUsd;
    total.costUsdStandard += e.costUsdStandard;
    total.requestsAtModelLimit += e.requestsAtModelLimit;
    if (e.outputBasis === 'model_output_limit' || total.outputBasis === 'model_output_limit')
      total.outputBasis = 'model_output_limit';
    else if (e.outputBasis !== total.outputBasis) total.outputBasis = 'max_completion_tokens';
  }
  return total;
}

/** Who holds the estimate to the budget: `run` (before submit), `submit` (its parts) or `judge` (its round). */
export type GuardedCommand = 'run' | 'submit' | 'judge';

/**
 * The refusal when the estimate is over `maxCost`, or undefined. Direct mode (chosen, or switched to
 * because the server has no Batch API) pays standard prices, so it is held to those.
 */
export function overBudget(
  estimate: CostEstimate,
  maxCost: number,
  how: { direct: boolean; switched?: boolean; by?: GuardedCommand },
): UserInputError | undefined {
  const cost = expectedSpend(estimate, how.direct);
  if (cost <= maxCost) return undefined;
  const why = how.switched
    ? 'the server has no Batch API, so the requests would be sent one by one (direct mode): '
    : '';
  const prices = how.direct ? ' at standard prices (direct mode)' : '';
  const message = `${why}the estimate of ${formatUsd(cost)}${prices} is over --max-cost ${formatUsd(maxCost)}; nothing was submitted`;
  if (how.by === 'judge') {
    return new UserInputError(
      'JUDGE_OVER_BUDGET',
      `the LLM judge round: ${message.replace('nothing was submitted', 'no judge request was sent')}`,
      {
        hint: 'Raise --max-cost, choose a cheaper --judge-model, or skip the LLM round with --no-judge (the deterministic checks still run).',
      },
    );
  }
  if (how.by === 'run') {
    return new UserInputError('RUN_OVER_BUDGET', message, {
      hint: 'Raise --max-cost, or make the run smaller with --limit N (a pilot) or --templates a,b.',
    });
  }
  return new UserInputError('SUBMIT_OVER_BUDGET', message, {
    hint: how.direct
      ? 'Raise --max-cost, submit fewer parts (kalvimate submit PART...), or use a server with the Batch API (half the price).'
      : 'Raise --max-cost, or submit fewer parts (kalvimate submit PART...).',
  });
}

/** The refusal when spending needs a yes that no one can give. */
export function needsYes(estimate: CostEstimate, direct: boolean): UserInputError {
  return new UserInputError(
    'RUN_NEEDS_YES',
    `submitting would spend about ${describeSpend(estimate, direct)} and there is no terminal to ask; nothing was submitted`,
    { hint: 'Run again with --yes to submit (and --max-cost USD to cap the spend).' },
  );
}

/** The expected spend in words, e.g. "$0.42 at standard prices (direct mode)". */
export function describeSpend(estimate: CostEstimate, direct: boolean): string {
  return `${formatUsd(expectedSpend(estimate, direct))}${direct ? ' at standard prices (direct mode)' : ''}`;
}
