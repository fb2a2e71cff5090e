import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatCount, formatUsd } from '@kalvimate/core';

/** Where an upper bound on output tokens comes from, in words. */
function outputBound(e: CostEstimate): string {
  const atLimit = e.requestsAtModelLimit ?? 0;
  if (atLimit === 0) return "each request's max_completion_tokens";
  const limit = `${e.model}'s output limit of ${formatCount(e.modelOutputLimit ?? 0)} tokens`;
  return atLimit === e.requests
    ? `no request sets max_completion_tokens: each is counted at ${limit}`
    : `${atLimit} request(s) without max_completion_tokens counted at ${limit}, the rest at their max_completion_tokens`;
}

/** An estimate in two lines of words: requests and tokens, then the cost at batch and standard rates. */
export function describeEstimate(e: CostEstimate): string[] {
  const output =
    e.outputBasis === 'calibrated'
      ? `~${formatCount(e.outputTokens)} output tokens (calibrated from earlier results)`
      : `at most ${formatCount(e.outputTokens)} output tokens (${outputBound(e)}; calibrate with --calibrate-from)`;
  return [
    `estimate for ${e.model}: ${e.requests} requests, ${formatCount(e.inputTokens)} input tokens (~${formatCount(e.cachedInputTokens)} cached), ${output}`,
    `cost: ${formatUsd(e.costUsd)} at batch rates (${formatUsd(e.costUsdStandard)} at standard rates); structured-output schema tokens are not included`,
  ];
}
