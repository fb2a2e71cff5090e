// batch-gen benchmark: input-token estimate vs billed on the seed's 1,079 requests, calibrated output
// estimate vs another run, and the time to generate and estimate the fixture textbook's requests.
// Usage: pnpm --filter @kalvimate/batch-gen bench
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countChatTokens } from '@kalvimate/core';
import { extractEpub } from '@kalvimate/extract';
import { estimateRequestFile, generateRequestFile } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures');
const seed = (n) => join(fixtures, 'seed-batches', n);
if (!existsSync(seed('mcq_input_split_1.jsonl'))) {
  console.log('batch-gen bench: ../shared/fixtures not found; skipped');
  process.exit(0);
}
const jsonl = (f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

let exact = 0;
let total = 0;
for (const [input, output] of [
  ['batch_3_input_no_mcq.jsonl', 'batch_3_output_no_mcq.jsonl'],
  ['mcq_input_split_1.jsonl', 'iteration_2_mcq_response.jsonl'],
]) {
  const billed = new Map(jsonl(seed(output)).map((r) => [r.custom_id, r.response.body.usage.prompt_tokens]));
  for (const r of jsonl(seed(input))) {
    total += 1;
    if (countChatTokens(r.body.messages) === billed.get(r.custom_id)) exact += 1;
  }
}
console.log(`batch-gen bench: input tokens exact for ${exact}/${total} seed requests`);

const est = await estimateRequestFile(seed('mcq_input_split_1.jsonl'), {
  calibrateFrom: [seed('iteration_2_mcq_response.jsonl')],
});
for (const run of ['iteration_3_mcq_response.jsonl', 'iteration_4_mcq_response.jsonl']) {
  const actual = jsonl(seed(run)).reduce((s, r) => s + r.response.body.usage.completion_tokens, 0);
  console.log(
    `  calibrated on iteration 2, predicted ${est.outputTokens} output tokens for ${run}: actual ${actual} (${(((est.outputTokens - actual) / actual) * 100).toFixed(1)}%)`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'km-gen-bench-'));
await extractEpub(join(fixtures, 'kalvimate-science-9.epub'), { outDir: join(dir, 'chapters') });
const prompts = join(here, '..', '..', '..', 'prompts');
const t0 = process.hrtime.bigint();
const g = await generateRequestFile({
  inDir: join(dir, 'chapters'),
  promptsDir: prompts,
  outFile: join(dir, 'requests.jsonl'),
});
const t1 = process.hrtime.bigint();
await estimateRequestFile(join(dir, 'requests.jsonl'));
const t2 = process.hrtime.bigint();
console.log(
  `  fixture textbook: ${g.estimate.requests} requests for ${g.topics} topics generated in ${(Number(t1 - t0) / 1e6).toFixed(0)} ms, estimated again in ${(Number(t2 - t1) / 1e6).toFixed(0)} ms`,
);
console.log(
  `  estimate: ${g.estimate.inputTokens} input tokens, at most ${g.estimate.outputTokens} output tokens, $${g.estimate.costUsd.toFixed(2)} batch`,
);
await rm(dir, { recursive: true, force: true });
