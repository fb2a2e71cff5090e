// Reads ../shared/fixtures/seed-batches: real Batch API requests and the usage OpenAI billed for them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countChatTokens, countTextTokens, countTextTokensPieceWise } from '../tokens.js';

const here = dirname(fileURLToPath(import.meta.url));
const seed = join(
  process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', '..', 'shared', 'fixtures'),
  'seed-batches',
);
const pairs = [
  ['batch_3_input_no_mcq.jsonl', 'batch_3_output_no_mcq.jsonl'],
  ['mcq_input_split_1.jsonl', 'iteration_2_mcq_response.jsonl'],
] as const;
const present = pairs.every(([i, o]) => existsSync(join(seed, i)) && existsSync(join(seed, o)));
if (!present)
  process.stderr.write('notice: ../shared/fixtures not found; skipping the billed-token integration test\n');

function jsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(join(seed, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!present)('countChatTokens on real billed requests', () => {
  it.each(pairs)('equals usage.prompt_tokens for every request of %s', (input, output) => {
    const billed = new Map<string, number>();
    for (const line of jsonl(output)) {
      const body = (line.response as { body: { usage: { prompt_tokens: number } } }).body;
      billed.set(line.custom_id as string, body.usage.prompt_tokens);
    }
    let compared = 0;
    for (const line of jsonl(input)) {
      const body = line.body as { messages: Array<{ role: string; content: string }> };
      expect(countChatTokens(body.messages), line.custom_id as string).toBe(
        billed.get(line.custom_id as string),
      );
      compared += 1;
    }
    expect(compared).toBeGreaterThan(500);
  });

  // Text with a long run of characters is counted piece by piece; on real prompts that path must agree.
  it.each(pairs)('counts piece by piece exactly as whole for every message of %s', (input) => {
    for (const line of jsonl(input)) {
      const body = line.body as { messages: Array<{ role: string; content: string }> };
      for (const message of body.messages)
        expect(countTextTokensPieceWise(message.content), line.custom_id as string).toBe(
          countTextTokens(message.content),
        );
    }
  });
});
