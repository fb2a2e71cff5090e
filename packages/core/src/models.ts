import { z } from 'zod';
import { UserInputError } from './errors.js';
import { parseWith } from './zod-issues.js';

/** Prices in US dollars per million tokens. */
export const PriceSchema = z
  .object({
    input: z.number().nonnegative(),
    cachedInput: z.number().nonnegative(),
    output: z.number().nonnegative(),
  })
  .strict();
export type Price = z.infer<typeof PriceSchema>;

/** What KalviMate needs to know about one model. */
export const ModelInfoSchema = z
  .object({
    encoding: z.enum(['o200k_base', 'cl100k_base']),
    contextWindow: z.number().int().positive(),
    /** Most output tokens one response may have: the bound of a request without max_completion_tokens. */
    maxOutputTokens: z.number().int().positive(),
    /** Most input tokens that may be enqueued in batches at once (the "batch queue limit"). */
    batchQueueTokens: z.number().int().positive(),
    standard: PriceSchema,
    batch: PriceSchema,
    /** Where the numbers come from and when they were read. */
    source: z.string(),
  })
  .strict();
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** A partial override of a model's numbers, as the config file gives it. */
export const ModelOverrideSchema = ModelInfoSchema.extend({
  standard: PriceSchema.partial(),
  batch: PriceSchema.partial(),
}).partial();
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/** Limits of the Batch API itself, per input file (OpenAI Batch API reference, read 2026-11). */
export const BATCH_API_LIMITS = {
  maxRequestsPerFile: 50_000,
  maxBytesPerFile: 200 * 1024 * 1024,
  source:
    'OpenAI API reference, Batch: input file "up to 50,000 requests, and can be up to 200 MB" (read 2026-11-24)',
} as const;

const PRICING = 'OpenAI pricing page, per 1M tokens (read 2026-11-24)';
const TIER1 =
  'batch queue limit: OpenAI usage tier 1 default; raise it in kalvimate.config.json for your tier';
const LIMITS =
  'context window and max output tokens: OpenAI model pages, platform.openai.com/docs/models/<name>';

/**
 * The model table. Prices are per million tokens; batch prices are half the standard ones.
 * Queue limits are usage-tier-1 defaults (the lowest tier), so a new account never overfills its queue.
 */
export const MODELS: Readonly<Record<string, ModelInfo>> = {
  'gpt-4o-mini': {
    encoding: 'o200k_base',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    batchQueueTokens: 2_000_000,
    standard: { input: 0.15, cachedInput: 0.075, output: 0.6 },
    batch: { input: 0.075, cachedInput: 0.0375, output: 0.3 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-4o': {
    encoding: 'o200k_base',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    batchQueueTokens: 90_000,
    standard: { input: 2.5, cachedInput: 1.25, output: 10 },
    batch: { input: 1.25, cachedInput: 0.625, output: 5 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-4.1': {
    encoding: 'o200k_base',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    batchQueueTokens: 900_000,
    standard: { input: 2, cachedInput: 0.5, output: 8 },
    batch: { input: 1, cachedInput: 0.25, output: 4 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-4.1-mini': {
    encoding: 'o200k_base',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    batchQueueTokens: 2_000_000,
    standard: { input: 0.4, cachedInput: 0.1, output: 1.6 },
    batch: { input: 0.2, cachedInput: 0.05, output: 0.8 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-4.1-nano': {
    encoding: 'o200k_base',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    batchQueueTokens: 2_000_000,
    standard: { input: 0.1, cachedInput: 0.025, output: 0.4 },
    batch: { input: 0.05, cachedInput: 0.0125, output: 0.2 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-5': {
    encoding: 'o200k_base',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    batchQueueTokens: 1_500_000,
    standard: { input: 1.25, cachedInput: 0.125, output: 10 },
    batch: { input: 0.625, cachedInput: 0.0625, output: 5 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-5-mini': {
    encoding: 'o200k_base',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    batchQueueTokens: 5_000_000,
    standard: { input: 0.25, cachedInput: 0.025, output: 2 },
    batch: { input: 0.125, cachedInput: 0.0125, output: 1 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
  'gpt-5-nano': {
    encoding: 'o200k_base',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    batchQueueTokens: 2_000_000,
    standard: { input: 0.05, cachedInput: 0.005, output: 0.4 },
    batch: { input: 0.025, cachedInput: 0.0025, output: 0.2 },
    source: `${PRICING}; ${LIMITS}; ${TIER1}`,
  },
};

/** The model KalviMate uses when none is given. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

function mergeModel(
  base: ModelInfo | undefined,
  override: ModelOverride | undefined,
  name: string,
): ModelInfo {
  if (!base) {
    return parseWith(
      ModelInfoSchema,
      override,
      (issue) =>
        new UserInputError(
          'MODEL_UNKNOWN',
          override === undefined
            ? `unknown model "${name}": it is not in the model table and the config does not describe it`
            : `unknown model "${name}" and its config override is incomplete (${issue})`,
          {
            hint: `Use one of ${Object.keys(MODELS).join(', ')}, or give every field under models."${name}" in the config.`,
          },
        ),
      { topLevel: 'top level' },
    );
  }
  if (!override) return base;
  return {
    ...base,
    ...override,
    standard: { ...base.standard, ...override.standard },
    batch: { ...base.batch, ...override.batch },
    source: override.source ?? `${base.source}; overridden in config`,
  } as ModelInfo;
}

/**
 * Looks a model up in the table, with config overrides applied. Dated snapshots resolve to their
 * family ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini", the longest matching name).
 */
export function resolveModel(name: string, overrides: Record<string, ModelOverride> = {}): ModelInfo {
  const exactOverride = overrides[name];
  if (MODELS[name] || exactOverride) return mergeModel(MODELS[name], exactOverride, name);
  const family = Object.keys(MODELS)
    .filter((known) => name.startsWith(`${known}-`))
    .sort((a, b) => b.length - a.length)[0];
  if (family) return mergeModel(MODELS[family], overrides[family], name);
  return mergeModel(undefined, undefined, name);
}

export interface TokenUsageEstimate {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

/** Cost in US dollars of the given token counts. `cachedInputTokens` is a part of `inputTokens`. */
export function costUsd(usage: TokenUsageEstimate, price: Price): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  return (
    (uncached * price.input +
      usage.cachedInputTokens * price.cachedInput +
      usage.outputTokens * price.output) /
    1_000_000
  );
}
