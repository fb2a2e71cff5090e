import type { CostEstimate } from '@kalvimate/batch-gen';
import { describe, expect, it } from 'vitest';
import { describeEstimate } from './estimate-text.js';

function estimate(over: Partial<CostEstimate> = {}): CostEstimate {
  return {
    model: 'gpt-4o-mini',
    requests: 2339,
    inputTokens: 1_478_582,
    cachedInputTokens: 0,
    outputTokens: 4_681_600,
    outputBasis: 'max_completion_tokens',
    requestsAtModelLimit: 0,
    modelOutputLimit: 16_384,
    costUsd: 1.52,
    costUsdStandard: 3.03,
    perTemplate: {},
    ...over,
  };
}

describe('describeEstimate', () => {
  it('writes every count with thousands separators', () => {
    const [first, cost] = describeEstimate(estimate());
    expect(first).toBe(
      "estimate for gpt-4o-mini: 2,339 requests, 1,478,582 input tokens (~0 cached), at most 4,681,600 output tokens (each request's max_completion_tokens; calibrate with --calibrate-from)",
    );
    expect(cost).toBe(
      'cost: $1.52 at batch rates ($3.03 at standard rates); structured-output schema tokens are not included',
    );
  });

  it("names the requests counted at the model's output limit", () => {
    const [first] = describeEstimate(
      estimate({ outputBasis: 'model_output_limit', requestsAtModelLimit: 1200 }),
    );
    expect(first).toContain(
      "1,200 request(s) without max_completion_tokens counted at gpt-4o-mini's output limit of 16,384 tokens",
    );
  });

  it("gives a run's two rounds and their total, the judge's said to be an estimate", () => {
    const generation = estimate();
    const judge = estimate({
      requests: 10_358,
      inputTokens: 12_853_753,
      costUsd: 2.83,
      costUsdStandard: 5.66,
    });
    const lines = describeEstimate({
      ...estimate({ costUsd: 4.35, costUsdStandard: 8.69 }),
      generation,
      judge,
    });
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(
      /^LLM judge round \(an estimate: .*\): about 10,358 requests to gpt-4o-mini, .* ~12,853,753 input tokens/,
    );
    expect(lines[4]).toBe(
      'total: $4.35 at batch rates ($8.69 at standard rates); --no-judge skips the judge round',
    );
  });
});
