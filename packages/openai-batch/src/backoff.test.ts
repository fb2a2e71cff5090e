import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextPollInterval, retryAfterMs, retryDelayMs, withRetries } from './backoff.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads retry-after-ms, Retry-After seconds and Retry-After dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500' }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
  });
  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles with each retry up to the maximum', () => {
    const policy = { ...DEFAULT_BACKOFF, baseMs: 100, maxMs: 1000 };
    const one = () => 1;
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(r, policy, undefined, one))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(50);
  });
  it('waits at least what Retry-After asks, up to a cap', () => {
    const policy = { ...DEFAULT_BACKOFF, baseMs: 100, maxRetryAfterMs: 5000 };
    expect(retryDelayMs(1, policy, 2000, () => 1)).toBe(2000);
    expect(retryDelayMs(1, policy, 60_000, () => 1)).toBe(5000);
  });
});

describe('withRetries', () => {
  it('retries what the classifier allows, waiting the asked delay, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('busy');
        return 'ok';
      },
      {
        policy: { ...DEFAULT_BACKOFF, baseMs: 10 },
        sleep: async (ms) => {
          waits.push(ms);
        },
        classify: () => ({ retry: true, afterMs: 1000, reason: 'HTTP 429' }),
        random: () => 1,
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1000, 1000]);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw new Error(`fail ${calls}`);
        },
        {
          policy: { ...DEFAULT_BACKOFF, maxRetries: 2 },
          sleep: async () => {},
          classify: () => ({ retry: true, reason: 'x' }),
        },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('does not retry what the classifier refuses', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw new Error('bad request');
        },
        { sleep: async () => {}, classify: () => ({ retry: false }) },
      ),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });
});

describe('nextPollInterval', () => {
  const adaptive = { minMs: 5000, maxMs: 60_000, growth: 1.5 };
  it('grows while nothing changes, up to the maximum, and drops back after a change', () => {
    let ms = adaptive.minMs;
    const seen: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      ms = nextPollInterval(ms, false, adaptive);
      seen.push(ms);
    }
    expect(seen[0]).toBe(7500);
    expect(seen.at(-1)).toBe(60_000);
    expect(nextPollInterval(60_000, true, adaptive)).toBe(5000);
  });
});
