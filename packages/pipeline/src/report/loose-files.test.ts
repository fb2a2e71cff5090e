import { describe, expect, it } from 'vitest';
import { summariseLedger, summariseStats } from './loose-files.js';

describe('summariseLedger', () => {
  it('counts batches by state and the requests the last attempt of each part left without a result', () => {
    const attempt = (n: number, mode: string, statuses: string[], missing: number, reasons: object) => ({
      number: n,
      mode,
      batches: statuses.map((status, i) => ({ id: `batch_${n}_${i}`, status })),
      result: { good: 5, missing, reasons, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 } },
    });
    const ledger = {
      schemaVersion: 1,
      parts: [
        {
          attempts: [
            attempt(1, 'batch', ['failed', 'completed'], 2, { error: 2 }),
            attempt(2, 'batch', ['completed'], 0, {}),
          ],
        },
        { attempts: [attempt(1, 'direct', [], 1, { expired: 1 })] },
      ],
    };
    expect(summariseLedger(ledger)).toEqual({
      total: 3,
      byState: { failed: 1, completed: 2 },
      missing: 1,
      missingReasons: { expired: 1 },
      direct: true,
    });
  });

  it('reads nothing from a ledger of unknown shape', () => {
    expect(summariseLedger({ whatever: 1 })).toEqual({ total: 0, byState: {} });
    expect(summariseLedger(null)).toEqual({ total: 0, byState: {} });
  });
});

describe('summariseStats', () => {
  it('takes counts by the names publish may use, and ignores the rest', () => {
    expect(
      summariseStats({
        splits: { train: 90, test: { rows: 10 } },
        byTemplate: { mcq_quiz: 60, lesson_openers: 40 },
        duplicates: { removed: 3 },
        other: 'x',
      }),
    ).toEqual({
      conversations: 100,
      perTemplate: { mcq_quiz: 60, lesson_openers: 40 },
      splits: { train: 90, test: 10 },
      rejectsByReason: {},
      duplicatesRemoved: 3,
    });
  });
});
