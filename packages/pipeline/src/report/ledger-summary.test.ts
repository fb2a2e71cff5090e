import type { Ledger } from '@kalvimate/openai-batch';
import { describe, expect, it } from 'vitest';
import { ledgerResults, summariseLedger } from './ledger-summary.js';

type Attempt = Ledger['parts'][number]['attempts'][number];

function attempt(
  n: number,
  mode: Attempt['mode'],
  statuses: string[],
  good: number,
  missing: number,
  reasons: Record<string, number>,
): Attempt {
  return {
    number: n,
    file: `part.${n}.jsonl`,
    inputPath: `openai_inputs/parts/part.${n}.jsonl`,
    sha256: 'x',
    requests: good + missing,
    tokens: 10,
    mode,
    state: 'finished',
    batches: statuses.map((status, i) => ({
      id: `batch_${n}_${i}`,
      status: status as Attempt['batches'][number]['status'],
      createdAt: '2026-01-01T00:00:00Z',
    })),
    capacityRetries: 0,
    resultFiles: [],
    result: { good, missing, reasons, usage: { inputTokens: 100, cachedInputTokens: 10, outputTokens: 50 } },
  };
}

function part(file: string, attempts: Attempt[]): Ledger['parts'][number] {
  return { file, stem: file.replace('.jsonl', ''), sha256: file, requests: 7, tokens: 70, attempts };
}

const ledger: Ledger = {
  schemaVersion: 2,
  parts: [
    part('a.jsonl', [
      attempt(1, 'batch', ['failed', 'completed'], 5, 2, { error: 2 }),
      attempt(2, 'batch', ['completed'], 2, 0, {}),
    ]),
    part('b.jsonl', [attempt(1, 'direct', [], 6, 1, { expired: 1 })]),
  ],
};

describe('summariseLedger', () => {
  it('counts batches by state and the requests the last attempt of each part left without a result', () => {
    expect(summariseLedger(ledger)).toEqual({
      total: 3,
      byState: { failed: 1, completed: 2 },
      missing: 1,
      missingReasons: { expired: 1 },
      direct: true,
    });
  });
});

describe('ledgerResults', () => {
  it("adds up every attempt's usage and good results, with the cost it is given", () => {
    expect(ledgerResults(ledger, 0.5, 'gpt-4o-mini')).toEqual({
      succeeded: 13,
      failed: 1,
      inputTokens: 300,
      cachedInputTokens: 30,
      outputTokens: 150,
      costUsd: 0.5,
      model: 'gpt-4o-mini',
    });
  });

  it('has nothing to say before any attempt finished', () => {
    const started: Ledger = {
      schemaVersion: 2,
      parts: [part('a.jsonl', [{ ...attempt(1, 'batch', ['in_progress'], 0, 0, {}), result: undefined }])],
    };
    expect(ledgerResults(started, 0, 'gpt-4o-mini')).toBeUndefined();
  });
});
