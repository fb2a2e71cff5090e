/** Faults a test can switch on at any time (the object is live: the emulator reads it on every event). */
export interface EmulatorFaults {
  /** Requests with these custom_ids fail: 500 lines in the batch's error file, 500 for a direct completion. */
  failCustomIds: Set<string>;
  /** Like `failCustomIds`, but each id fails once and is then removed (a retry of it succeeds). */
  failCustomIdsOnce: Set<string>;
  /** The next N batches complete only the first half of their lines and end `expired`. */
  expireNextBatches: number;
  /** The next N batches to finish validation end `failed` with `token_limit_exceeded`. */
  tokenLimitNextBatches: number;
  /** The next N HTTP calls answer 429 with `retry-after` / `retry-after-ms` headers. */
  rateLimitNext: number;
  /** The next N HTTP calls answer 500. */
  serverErrorNext: number;
  /** Overrides the `in_progress` time of batches that start from now on. */
  batchLatencyMs?: number;
  /** The wait 429/500 fault answers ask for, in ms (`retry-after-ms`; `retry-after` in whole seconds). Default 1. */
  retryAfterMs?: number;
}

/** A Batch object as `batches.retrieve` returns it. */
export interface EmulatedBatch {
  id: string;
  object: 'batch';
  endpoint: string;
  model: string | null;
  errors: { object: 'list'; data: BatchErrorEntry[] } | null;
  input_file_id: string;
  completion_window: string;
  status:
    | 'validating'
    | 'failed'
    | 'in_progress'
    | 'finalizing'
    | 'completed'
    | 'expired'
    | 'cancelling'
    | 'cancelled';
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage?: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

/** One entry of a failed batch's `errors.data`. */
export interface BatchErrorEntry {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}
