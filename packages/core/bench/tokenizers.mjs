// Compares the three tiktoken-compatible tokenizers on the real prompts of the seed batches:
// are their o200k_base counts identical, and how fast is each on one core?
// Usage: pnpm --filter @kalvimate/core bench   (reads ../shared/fixtures when present)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures');
const files = ['batch_3_input_no_mcq.jsonl', 'mcq_input_split_1.jsonl'].map((f) =>
  join(fixtures, 'seed-batches', f),
);

if (!files.every(existsSync)) {
  console.log('tokenizers bench: ../shared/fixtures not found; skipped');
  process.exit(0);
}

const texts = [];
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    for (const message of JSON.parse(line).body.messages) texts.push(message.content);
  }
}
const megabytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / 1e6;

const gpt = require('gpt-tokenizer/encoding/o200k_base');
const { Tiktoken: JsTiktoken } = require('js-tiktoken/lite');
const o200kRanks = require('js-tiktoken/ranks/o200k_base');
const js = new JsTiktoken(o200kRanks);
const wasm = require('tiktoken').get_encoding('o200k_base');

const plain = { disallowedSpecial: new Set() };
const candidates = {
  'gpt-tokenizer': (t) => gpt.countTokens(t, plain),
  'js-tiktoken': (t) => js.encode(t, [], []).length,
  'tiktoken (wasm)': (t) => wasm.encode_ordinary(t).length,
};

const reference = texts.map(candidates['tiktoken (wasm)']);
console.log(`tokenizers bench: ${texts.length} messages, ${megabytes.toFixed(2)} MB of prompt text`);
for (const [name, count] of Object.entries(candidates)) {
  const counts = texts.map(count); // warm-up and correctness
  const mismatches = counts.filter((c, i) => c !== reference[i]).length;
  const runs = 3;
  const start = process.hrtime.bigint();
  for (let r = 0; r < runs; r += 1) for (const t of texts) count(t);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9 / runs;
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(
    `  ${name.padEnd(16)} ${(megabytes / seconds).toFixed(1).padStart(6)} MB/s  ${total} tokens  ${mismatches} mismatches vs tiktoken`,
  );
}
wasm.free();
