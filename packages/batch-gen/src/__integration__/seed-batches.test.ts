// Reads ../shared/fixtures/seed-batches: the seed's real requests, and what OpenAI billed and returned.
import { readFileSync } from 'node:fs';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import { describe, expect, it } from 'vitest';
import { estimateRequestFile } from '../generate.js';

const f = (name: string) => sharedFixture('seed-batches', name);
const present = [
  'batch_3_input_no_mcq.jsonl',
  'batch_3_output_no_mcq.jsonl',
  'mcq_input_split_1.jsonl',
  'iteration_2_mcq_response.jsonl',
  'iteration_3_mcq_response.jsonl',
].every((n) => f(n));

function sumUsage(file: string, key: 'prompt_tokens' | 'completion_tokens'): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .reduce(
      (s, l) =>
        s +
        ((JSON.parse(l) as { response: { body: { usage: Record<string, number> } } }).response.body.usage[
          key
        ] ?? 0),
      0,
    );
}

describe.skipIf(!present)('estimating the seed batches', () => {
  it('gives exactly the input tokens OpenAI billed for all 1,079 requests', async () => {
    const a = await estimateRequestFile(f('batch_3_input_no_mcq.jsonl') as string);
    const b = await estimateRequestFile(f('mcq_input_split_1.jsonl') as string);
    expect(a.requests + b.requests).toBe(1079);
    expect(a.inputTokens).toBe(sumUsage(f('batch_3_output_no_mcq.jsonl') as string, 'prompt_tokens'));
    expect(b.inputTokens).toBe(sumUsage(f('iteration_2_mcq_response.jsonl') as string, 'prompt_tokens'));
  });

  it('predicts another run of the MCQ requests within 10% when calibrated from one run', async () => {
    const estimate = await estimateRequestFile(f('mcq_input_split_1.jsonl') as string, {
      calibrateFrom: [f('iteration_2_mcq_response.jsonl') as string],
    });
    const actual = sumUsage(f('iteration_3_mcq_response.jsonl') as string, 'completion_tokens');
    expect(Math.abs(estimate.outputTokens - actual) / actual).toBeLessThan(0.1);
  });
});
