import { z } from 'zod';

/** How requests are sent: as Batch API jobs (half price, up to 24 h) or as ordinary chat completions. */
export const SubmitModeSchema = z.enum(['batch', 'direct']);
export type SubmitMode = z.infer<typeof SubmitModeSchema>;

/** Options of the submit stage; also the `submit` section of kalvimate.config.json. */
export const SubmitOptionsSchema = z
  .object({
    /** `batch` (default) or `direct`; batch switches to direct by itself when the server has no Batch API. */
    mode: SubmitModeSchema.default('batch'),
    /** Model whose queue limit and prices apply (default: the parts manifest's model, else the first request's). */
    model: z.string().min(1).optional(),
    /** Wait until every request has a final result (default) or return once the batches are submitted. */
    wait: z.boolean().default(true),
    /** Fixed poll interval in seconds; without it the interval adapts from 5 s up to 60 s. */
    pollInterval: z.number().positive().max(3600).optional(),
    /** Attempts per request: the first batch plus retry parts for failed, expired or cancelled requests. */
    maxAttempts: z.number().int().min(1).max(20).default(3),
    /** Most input tokens enqueued at once (default: the model's batch queue limit from the model table). */
    queueTokens: z.number().int().positive().optional(),
    /**
     * Seconds to wait before resubmitting a batch refused with token_limit_exceeded while none of ours
     * runs (another job fills the organisation's queue); the wait doubles up to 16 times this. Default 60.
     */
    capacityWait: z.number().positive().max(3600).optional(),
    /** Requests in flight at once in direct mode. */
    concurrency: z.number().int().min(1).max(256).default(8),
  })
  .strict();
export type SubmitOptions = z.infer<typeof SubmitOptionsSchema>;
export type SubmitOptionsInput = z.input<typeof SubmitOptionsSchema>;

/** Adaptive polling: the first wait and the longest one, in milliseconds. */
export const ADAPTIVE_POLL = { minMs: 5_000, maxMs: 60_000, growth: 1.5 } as const;
