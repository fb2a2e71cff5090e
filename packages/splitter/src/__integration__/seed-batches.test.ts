// Reads ../shared/fixtures/seed-batches: real Batch API inputs and the usage OpenAI billed for them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartsManifestSchema } from '@kalvimate/core';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir } from '@kalvimate/testkit/temp-dir';
import { describe, expect, it } from 'vitest';
import { splitFile } from '../split-file.js';

const pairs = [
  ['batch_3_input_no_mcq.jsonl', 'batch_3_output_no_mcq.jsonl'],
  ['mcq_input_split_1.jsonl', 'iteration_3_mcq_response.jsonl'],
] as const;
const present = pairs.every(([i, o]) => sharedFixture('seed-batches', i) && sharedFixture('seed-batches', o));

describe.skipIf(!present)('splitting the seed batches', () => {
  it.each(pairs)('gives %s parts whose token sums equal what OpenAI billed', async (input, output) => {
    const inPath = sharedFixture('seed-batches', input) as string;
    const billed = new Map<string, number>();
    for (const line of readFileSync(sharedFixture('seed-batches', output) as string, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as {
        custom_id: string;
        response: { body: { usage: { prompt_tokens: number } } };
      };
      billed.set(r.custom_id, r.response.body.usage.prompt_tokens);
    }
    const dir = await createTempDir();
    await splitFile(inPath, { outDir: dir.path, maxTokens: 150_000 });
    const manifest = PartsManifestSchema.parse(
      JSON.parse(readFileSync(join(dir.path, 'manifest.json'), 'utf8')),
    );
    expect(manifest.parts.length).toBeGreaterThan(1);
    for (const part of manifest.parts) {
      const ids = readFileSync(join(dir.path, part.file), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
      const sum = ids.reduce((s, id) => s + (billed.get(id) ?? Number.NaN), 0);
      expect(part.tokens).toBe(sum);
      expect(part.tokens).toBeLessThanOrEqual(150_000);
    }
    await dir.remove();
  });
});
