import { BATCH_API_LIMITS } from '@kalvimate/core';
import { z } from 'zod';

/** Options of the splitter; also the `split` section of kalvimate.config.json. */
export const SplitOptionsSchema = z
  .object({
    /** Most requests in one part (Batch API: 50,000). */
    maxRequests: z
      .number()
      .int()
      .positive()
      .max(BATCH_API_LIMITS.maxRequestsPerFile)
      .default(BATCH_API_LIMITS.maxRequestsPerFile),
    /** Most bytes in one part (Batch API: 200 MB). */
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(BATCH_API_LIMITS.maxBytesPerFile)
      .default(BATCH_API_LIMITS.maxBytesPerFile),
    /** Most prompt tokens in one part; default: the model's batch queue limit. */
    maxTokens: z.number().int().positive().optional(),
    /** Model whose tokenizer and queue limit apply; default: the model named in the first request. */
    model: z.string().min(1).optional(),
    /** Also count each request's max_completion_tokens (for queues that count them). */
    countOutputTokens: z.boolean().default(false),
    /** Write invalid lines to rejected.jsonl instead of stopping. */
    skipInvalid: z.boolean().default(false),
    /** Token-counting worker threads; 0 counts on the main thread. Default: 0 on up to 2 cores, else cores − 1, at most 2. */
    workers: z.number().int().min(0).max(16).optional(),
  })
  .strict();
export type SplitOptions = z.infer<typeof SplitOptionsSchema>;
export type SplitOptionsInput = z.input<typeof SplitOptionsSchema>;
