/** How long to wait between tries of a request that failed with 429, 5xx or a dropped connection. */
export interface BackoffPolicy {
  /** Retries after the first try. */
  maxRetries: number;
  /** First delay; it doubles with each retry (with jitter). */
  baseMs: number;
  /** Longest computed delay. */
  maxMs: number;
  /** Longest wait a `Retry-After` header may ask for; longer asks are cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxRetries: 6,
  baseMs: 1_000,
  maxMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
};

/** A minimal view of response headers (fetch `Headers` fits). */
export interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms`, else `Retry-After` as seconds or
 * as an HTTP date. Undefined when absent or unreadable. Pure.
 * @example retryAfterMs(new Headers({ 'retry-after': '2' }), Date.now()) // 2000
 */
export function retryAfterMs(headers: HeaderLookup | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (1-based): exponential with jitter in [50 %, 100 %] of the step,
 * never shorter than what the server asked for. Pure given `random`.
 */
export function retryDelayMs(
  retry: number,
  policy: BackoffPolicy,
  askedMs: number | undefined,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  const computed = Math.round(step * (0.5 + 0.5 * random()));
  if (askedMs === undefined) return computed;
  return Math.max(computed, Math.min(askedMs, policy.maxRetryAfterMs));
}

/** What to do with an error: retry it (after at least `afterMs`), or give up. */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number; reason: string };

export interface RetryOptions {
  policy?: BackoffPolicy;
  sleep: (ms: number) => Promise<void>;
  classify: (error: unknown) => RetryVerdict;
  /** Told before each wait (for a log line). */
  onRetry?: (info: { retry: number; delayMs: number; reason: string }) => void;
  random?: () => number;
}

/** Runs `task`, retrying it by `classify`'s verdict with backoff; the last error is rethrown. */
export async function withRetries<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  for (let retry = 1; ; retry += 1) {
    try {
      return await task();
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry || retry > policy.maxRetries) throw error;
      const delayMs = retryDelayMs(retry, policy, verdict.afterMs, options.random);
      options.onRetry?.({ retry, delayMs, reason: verdict.reason });
      await options.sleep(delayMs);
    }
  }
}

/** The adaptive poll interval: shorter after a change, longer (up to `maxMs`) while nothing moves. Pure. */
export function nextPollInterval(
  currentMs: number,
  changed: boolean,
  adaptive: { minMs: number; maxMs: number; growth: number },
): number {
  if (changed) return adaptive.minMs;
  return Math.min(adaptive.maxMs, Math.round(currentMs * adaptive.growth));
}
