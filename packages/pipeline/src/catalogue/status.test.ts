// `catalogueStatus` from the files of a catalogue run: each book's requests done, in flight and waiting,
// and an ETA from the latency the ledger observed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogueStatus, describeCatalogueStatus } from './status.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-status-');
});
afterEach(async () => dir.remove());

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

async function writeJson(path: string, value: unknown) {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify(value));
}

function manifestEntry(book: string, n: number, requests: number, tokens: number) {
  return { file: `${book}.part-000${n}.jsonl`, sha256: `${book}-${n}`, requests, bytes: 100, tokens };
}

function partsManifest(parts: ReturnType<typeof manifestEntry>[]) {
  return {
    schemaVersion: 1,
    source: { file: 'requests.jsonl', sha256: 'x', requests: 0 },
    model: 'gpt-4o-mini',
    url: '/v1/chat/completions',
    limits: { maxRequests: 50000, maxBytes: 1000, maxTokens: 1000, countOutputTokens: false },
    parts,
  };
}

function ledgerPart(entry: ReturnType<typeof manifestEntry>, state: 'finished' | 'submitted', batch: object) {
  return {
    file: entry.file,
    stem: entry.file.replace('.jsonl', ''),
    sha256: entry.sha256,
    requests: entry.requests,
    tokens: entry.tokens,
    attempts: [
      {
        number: 1,
        file: entry.file,
        inputPath: `openai_inputs/parts/${entry.file.split('.')[0]}/${entry.file}`,
        sha256: entry.sha256,
        requests: entry.requests,
        tokens: entry.tokens,
        mode: 'batch',
        state,
        fileId: 'file-1',
        batches: [batch],
        capacityRetries: 0,
        resultFiles: [],
        ...(state === 'finished'
          ? {
              result: {
                good: entry.requests,
                missing: 0,
                reasons: {},
                usage: { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0 },
              },
            }
          : {}),
      },
    ],
  };
}

describe('catalogueStatus', () => {
  it('is undefined for a data folder without a catalogue run', async () => {
    expect(await catalogueStatus(dir.path)).toBeUndefined();
  });

  it('counts each book’s requests done, in flight and waiting, the spend, and an ETA from observed latency', async () => {
    const data = dir.path;
    await writeJson(join(data, 'catalogue.json'), {
      source: 'kalvimate.catalogue.json',
      books: [
        { id: 'physics', file: '/x/physics.epub' },
        { id: 'maths', file: '/x/maths.epub' },
      ],
    });
    const physics = [manifestEntry('physics', 1, 10, 600), manifestEntry('physics', 2, 5, 300)];
    const maths = [manifestEntry('maths', 1, 8, 1500)];
    await writeJson(join(data, 'openai_inputs', 'parts', 'physics', 'manifest.json'), partsManifest(physics));
    await writeJson(join(data, 'openai_inputs', 'parts', 'maths', 'manifest.json'), partsManifest(maths));
    await writeJson(join(data, 'batches', 'ledger.json'), {
      schemaVersion: 2,
      parts: [
        // Took 60 s from creation to its end.
        ledgerPart(physics[0] as never, 'finished', {
          id: 'batch_1',
          status: 'completed',
          createdAt: iso(0),
          endedAt: iso(60_000),
        }),
        // Created 20 s ago: about 40 s to go.
        ledgerPart(physics[1] as never, 'submitted', {
          id: 'batch_2',
          status: 'in_progress',
          createdAt: iso(100_000),
        }),
      ],
    });
    const status = await catalogueStatus(data, { queueTokens: 1000, now: () => T0 + 120_000 });
    expect(status?.books).toEqual([
      { id: 'physics', requests: 15, done: 10, inFlight: 5, waiting: 0, failed: 0, costUsd: 0.075 },
      { id: 'maths', requests: 8, done: 0, inFlight: 0, waiting: 8, failed: 0, costUsd: 0 },
    ]);
    expect(status?.totals).toMatchObject({ requests: 23, done: 10, inFlight: 5, waiting: 8 });
    expect(status?.running).toBe(1);
    expect(status?.latencyMs).toBe(60_000);
    // 40 s for the running batch, then 1,500 waiting tokens in 1,000-token waves: 2 × 60 s.
    expect(status?.etaMs).toBe(40_000 + 120_000);
  });
});

describe('describeCatalogueStatus', () => {
  it('lines the numbers up on the right, with thousands separators and dollars as everywhere else', () => {
    const book = (id: string, requests: number, done: number, costUsd: number) => ({
      id,
      requests,
      done,
      inFlight: 0,
      waiting: requests - done,
      failed: 0,
      costUsd,
    });
    const lines = describeCatalogueStatus({
      books: [book('physics-9', 12_345, 12_000, 1.5), book('maths-10', 59, 0, 0.0042)],
      totals: { requests: 12_404, done: 12_000, inFlight: 0, waiting: 404, failed: 0, costUsd: 1.5042 },
      running: 1,
      queueTokens: 2_000_000,
    });
    expect(lines).toEqual([
      'book       requests    done  in flight  waiting  failed    spent',
      'physics-9    12,345  12,000          0      345       0    $1.50',
      'maths-10         59       0          0       59       0  $0.0042',
      'total        12,404  12,000          0      404       0    $1.50',
      '1 batch(es) running; no ETA yet: no batch has completed yet; 2,000,000 enqueued tokens at a time',
    ]);
  });
});
