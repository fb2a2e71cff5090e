import type { CostEstimate } from '@kalvimate/batch-gen';
import { z } from 'zod';
import type { RunState } from './run-state.js';

// Where the spend guard gets generate's estimate. Today: generate's summary as this or an earlier run
// recorded it in run-state.json; when batch-gen writes `openai_inputs/estimate.json` with its own
// schema and reader, this is the one function to switch.

const RecordedEstimateSchema = z.looseObject({
  model: z.string(),
  requests: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  costUsdStandard: z.number(),
  // Estimates recorded before requestsAtModelLimit counted a request without a maximum as 0 output tokens.
  requestsAtModelLimit: z.number(),
  outputBasis: z.enum(['calibrated', 'max_completion_tokens', 'model_output_limit']),
});

/** Generate's estimate as the run state recorded it, or undefined when there is none that can be trusted. */
export function recordedEstimate(state: RunState): CostEstimate | undefined {
  const parsed = RecordedEstimateSchema.safeParse(state.stages.generate?.summary);
  if (!parsed.success) return undefined;
  const { outFile: _o, manifestFile: _m, templates: _t, topics: _p, ...estimate } = parsed.data;
  return { perTemplate: {}, ...estimate } as CostEstimate;
}
