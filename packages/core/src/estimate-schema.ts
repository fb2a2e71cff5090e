import { z } from 'zod';
import { UserInputError } from './errors.js';
import { sha256File } from './hash.js';
import { readJsonFile } from './json-file.js';

/** What a set of requests will cost (generate's and estimate's figure, read by the spend guard and the report). */
export const CostEstimateSchema = z.object({
  model: z.string(),
  requests: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /**
   * Where the output figure comes from: `calibrated` (means learned from earlier results, capped at each
   * request's bound); else an upper bound, `max_completion_tokens` when every request sets one, and
   * `model_output_limit` when some do not and are counted at the model's output limit.
   */
  outputBasis: z.enum(['calibrated', 'max_completion_tokens', 'model_output_limit']),
  /** Requests without max_completion_tokens (or max_tokens), bounded by the model's output limit. */
  requestsAtModelLimit: z.number().int().nonnegative(),
  /** The model's output limit (max output tokens) from the model table. */
  modelOutputLimit: z.number().int().nonnegative(),
  /** US dollars at batch prices. */
  costUsd: z.number().nonnegative(),
  /** US dollars at standard prices (what direct mode pays). */
  costUsdStandard: z.number().nonnegative(),
  perTemplate: z.record(
    z.string(),
    z.object({
      requests: z.number().int().nonnegative(),
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
    }),
  ),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

export const ESTIMATE_SCHEMA_VERSION = 1;

/**
 * `openai_inputs/estimate.json`: generate's cost estimate of the requests file it wrote, with that file's
 * name and sha256 so that a reader can tell an estimate of other requests.
 */
export const EstimateFileSchema = CostEstimateSchema.extend({
  schemaVersion: z.literal(ESTIMATE_SCHEMA_VERSION),
  /** The requests file (its name, beside this file) and its sha256. */
  requestsFile: z.string(),
  requestsSha256: z.string(),
});
export type EstimateFile = z.infer<typeof EstimateFileSchema>;

/**
 * Reads and validates `estimate.json`; a missing or invalid file is a `UserInputError`
 * (`ESTIMATE_MISSING`, `ESTIMATE_NOT_JSON`, `ESTIMATE_INVALID`) naming it. Given `requestsFile`, an estimate
 * of other requests (the file changed since generate wrote both) is refused too (`ESTIMATE_STALE`).
 * @example const estimate = await readEstimateFile(paths.estimate, { requestsFile: paths.requests });
 */
export async function readEstimateFile(
  path: string,
  options: { requestsFile?: string } = {},
): Promise<EstimateFile> {
  const estimate = await readJsonFile(path, EstimateFileSchema, {
    code: 'ESTIMATE',
    what: 'cost estimate',
    missingHint: 'Run "kalvimate generate" first; it writes the estimate beside the requests.',
    invalidHint: 'Run "kalvimate generate" again to rewrite the estimate.',
  });
  if (
    options.requestsFile !== undefined &&
    (await sha256File(options.requestsFile)) !== estimate.requestsSha256
  )
    throw new UserInputError(
      'ESTIMATE_STALE',
      `${path} estimates other requests than ${options.requestsFile} holds now`,
      {
        file: path,
        hint: 'Run "kalvimate generate" again to write the requests and their estimate together.',
      },
    );
  return estimate;
}
