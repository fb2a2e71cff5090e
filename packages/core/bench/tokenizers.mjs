// Compares the three tiktoken-compatible tokenizers on the real prompts of the seed batches:
// are their o200k_base counts identical, and how fast is each on one core? (core countText is
// @kalvimate/core's countTextTokens: its own rank table and merge, with a bound on over-long words; build core first)
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

const core = await import('../dist/index.js');
const plain = { disallowedSpecial: new Set() };
const candidates = {
  'gpt-tokenizer': (t) => gpt.countTokens(t, plain),
  'js-tiktoken': (t) => js.encode(t, [], []).length,
  'tiktoken (wasm)': (t) => wasm.encode_ordinary(t).length,
  'core countText': (t) => core.countTextTokens(t),
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

// Over-long words: KalviMate counts a pre-tokenizer piece longer than MAX_PIECE_LENGTH in chunks, so that
// counting stays linear; how long does a 1 MB word take, and how far is a chunked count from the whole one?
function randomWord(length, alphabet, seed = 7) {
  let word = '';
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 48271) % 2147483647;
    word += alphabet[seed % alphabet.length];
  }
  return word;
}
const latin = 'abcdefghijklmnopqrstuvwxyz';
const tamil = [...'அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறன'];
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
console.log(`long words (counted in chunks of ${core.MAX_PIECE_LENGTH} characters):`);
for (const [name, word] of [
  ['"a" x 1,000,000', 'a'.repeat(1_000_000)],
  ['random latin 1,000,000', randomWord(1_000_000, latin)],
  ['random Tamil 333,000 (1 MB)', randomWord(333_000, tamil).replaceAll(',', '')],
]) {
  const start = process.hrtime.bigint();
  const tokens = core.countTextTokens(word);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  ${name.padEnd(28)} ${seconds.toFixed(2).padStart(6)} s  ${tokens} tokens`);
}
for (const [name, word] of [
  ['random latin 8,000', randomWord(8_000, latin)],
  ['random Tamil 3,000', randomWord(3_000, tamil)],
  ['random base64 letters 8,000', randomWord(8_000, base64)],
  ['dashes 8,000', '-'.repeat(8_000)],
]) {
  const whole = core.countTextTokensPieceWise(word, 'o200k_base', Number.POSITIVE_INFINITY);
  const chunked = core.countTextTokens(word);
  const off = (((chunked - whole) / whole) * 100).toFixed(2);
  console.log(`  ${name.padEnd(28)} whole ${whole}, in chunks ${chunked} tokens (${off}%)`);
}
