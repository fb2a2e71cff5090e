import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatCount, formatUsd } from '@kalvimate/core';

/** Where an upper bound on output tokens comes from, in words. */
function outputBound(e: CostEstimate): string {
  const atLimit = e.requestsAtModelLimit ?? 0;
  if (atLimit === 0) return "each request's max_completion_tokens";
  const limit = `${e.model}'s output limit of ${formatCount(e.modelOutputLimit ?? 0)} tokens`;
  return atLimit === e.requests
    ? `no request sets max_completion_tokens: each is counted at ${limit}`
    : `${formatCount(atLimit)} request(s) without max_completion_tokens counted at ${limit}, the rest at their max_completion_tokens`;
}

/**
 * An estimate in words: requests and tokens, then the cost at batch and standard rates; for a run's estimate
 * with an LLM judge round, the first round's lines, the judge round's (said to be an estimate made before its
 * requests exist) and the total.
 */
export function describeEstimate(
  e: CostEstimate & { generation?: CostEstimate; judge?: CostEstimate },
): string[] {
  if (e.judge) {
    const j = e.judge;
    return [
      ...(e.generation ? describeRound(e.generation) : []),
      `LLM judge round (an estimate: its requests are made from the first round's answers): about ${formatCount(j.requests)} requests to ${j.model}, one per conversation expected, ~${formatCount(j.inputTokens)} input tokens (rubric, topic text and the conversation at its share of max_completion_tokens), at most ${formatCount(j.outputTokens)} output tokens`,
      `judge cost: about ${formatUsd(j.costUsd)} at batch rates (${formatUsd(j.costUsdStandard)} at standard rates); conversations the checks set aside are not sent`,
      ...(e.generation
        ? [
            `total: ${formatUsd(e.costUsd)} at batch rates (${formatUsd(e.costUsdStandard)} at standard rates); --no-judge skips the judge round`,
          ]
        : []),
    ];
  }
  return describeRound(e);
}

function describeRound(e: CostEstimate): string[] {
  const output =
    e.outputBasis === 'calibrated'
      ? `~${formatCount(e.outputTokens)} output tokens (calibrated from earlier results)`
      : `at most ${formatCount(e.outputTokens)} output tokens (${outputBound(e)}; calibrate with --calibrate-from)`;
  return [
    `estimate for ${e.model}: ${formatCount(e.requests)} requests, ${formatCount(e.inputTokens)} input tokens (~${formatCount(e.cachedInputTokens)} cached), ${output}`,
    `cost: ${formatUsd(e.costUsd)} at batch rates (${formatUsd(e.costUsdStandard)} at standard rates); structured-output schema tokens are not included`,
  ];
}
