// Reads ../shared/fixtures/seed-batches: 2,215 real responses OpenAI returned for the seed's prompts
// (one output file for four dialogue templates, three runs of the MCQ template) and their requests.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SEED_BATCH_SHAPES, sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PublishSummary, publishDataset, type RejectRecord } from '../publish.js';

const output = sharedFixture('seed-batches', 'batch_3_output_no_mcq.jsonl');

describe.skipIf(!output)('publishing the seed batches', () => {
  let dir: TempDir;
  let summary: PublishSummary;

  beforeAll(async () => {
    dir = await createTempDir();
    summary = await publishDataset({
      inDir: dirname(output ?? ''),
      outDir: dir.join('dataset'),
      shapes: [...SEED_BATCH_SHAPES],
      book: 'Science, Standard IX',
      language: 'en',
    });
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('reads all 2,215 responses and accounts for each one', () => {
    const { responses } = summary.stats;
    expect(responses.in).toBe(2215);
    expect(responses.accepted + responses.rejected).toBe(2215);
  });

  it('keeps about 1,660 MCQ sessions and about 4,870 two-turn dialogues', () => {
    const t = summary.stats.byTemplate;
    expect(t.MCQ_based?.conversations).toBeGreaterThanOrEqual(1640);
    expect(t.MCQ_based?.conversations).toBeLessThanOrEqual(1704);
    const dialogues = [
      'detailed_topic_breakdown',
      'rapid_intuition_based_qna',
      'real_world_or_casual_style',
      'smart_assistant',
    ]
      .map((name) => t[name]?.conversations ?? 0)
      .reduce((x, y) => x + y, 0);
    expect(dialogues).toBeGreaterThanOrEqual(4800);
    expect(dialogues).toBeLessThanOrEqual(5110);
  });

  it('sets aside exactly the 44 single-message responses, with reasons', async () => {
    const { stats } = summary;
    expect(stats.responses.rejected).toBe(44);
    expect(Object.values(stats.rejectsByReason).reduce((x, y) => x + y, 0)).toBe(44);
    const rejects = (await readFile(dir.join('dataset', 'rejects.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RejectRecord)
      .filter((r) => r.scope === 'response');
    expect(rejects).toHaveLength(44);
    expect(rejects.every((r) => r.detail.includes('a single message'))).toBe(true);
    expect(rejects.every((r) => typeof r.raw === 'string' && r.raw.includes('"role"'))).toBe(true);
    // Those followed by a long whitespace run are runaways; every cut-off one is among them.
    const runaway = rejects.filter((r) => r.reason === 'runaway');
    expect(runaway.length).toBeGreaterThanOrEqual(29);
    expect(rejects.filter((r) => r.finish_reason === 'length').every((r) => r.reason === 'runaway')).toBe(
      true,
    );
  });

  it('balances the conversation counts and reports duplicates', () => {
    const c = summary.stats.conversations;
    expect(c.found).toBe(c.invalid + c.duplicates.exact + c.duplicates.near + c.written);
    expect(c.written).toBe(summary.stats.splits.train + summary.stats.splits.test);
    expect(summary.stats.repairs['merged-messages']).toBeGreaterThanOrEqual(1);
    expect(summary.stats.repairs['extra-keys']).toBeGreaterThanOrEqual(1);
  });

  it('writes retry.jsonl from the request files found beside the results', async () => {
    const retry = (await readFile(dir.join('dataset', 'retry.jsonl'), 'utf8')).trim().split('\n');
    expect(retry.length).toBe(summary.stats.retry.written);
    expect(summary.stats.retry.written).toBe(summary.stats.retry.rejectedRequests);
    for (const line of retry)
      expect(JSON.parse(line)).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
  });

  it('writes Parquet that DuckDB reads, with no topic in both splits', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const data = dir.join('dataset', 'data');
      const counted = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS rows, min(len(messages))::INTEGER AS shortest FROM read_parquet('${data}/*.parquet')`,
      );
      expect(counted.getRowObjectsJson()[0]).toEqual({
        rows: summary.stats.conversations.written,
        shortest: 3,
      });
      const overlap = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT chapter, topic FROM read_parquet('${data}/train-*.parquet')) t
         JOIN (SELECT DISTINCT chapter, topic FROM read_parquet('${data}/test-*.parquet')) s USING (chapter, topic)`,
      );
      expect(overlap.getRowObjectsJson()[0]).toEqual({ n: 0 });
      const roles = await connection.runAndReadAll(
        `SELECT DISTINCT m.role AS role FROM (SELECT unnest(messages) AS m FROM read_parquet('${data}/*.parquet')) ORDER BY role`,
      );
      expect(roles.getRowObjectsJson().map((r) => r.role)).toEqual(['assistant', 'system', 'user']);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
});
