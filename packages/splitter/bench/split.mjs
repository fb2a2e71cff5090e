// Splitter benchmark: throughput and peak memory on a generated request file (default 1 GB), and the
// tokenizer's own single-core speed on the same text for comparison.
// Usage: pnpm --filter @kalvimate/splitter bench   (BENCH_MB=256 for smaller files; BENCH_VARIANTS=templates,distinct
// and BENCH_RUNS=default,0,1,2 choose the files and the counting-thread counts; by default the
// splitter's default and the other of 0 and 1)
// The machine may be shared: figures are wall-clock and vary with load.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTextTokens } from '@kalvimate/core';
import { analyzeLine } from '../dist/analyze.js';
import { defaultWorkerCount, splitFile } from '../dist/index.js';

/**
 * Peak resident memory of this process, in KiB. On Linux this reads VmHWM: getrusage's maxRSS of a
 * spawned child also counts the parent's memory at fork time, which would blame the generator's
 * memory on the code under test. Worker threads share the process, so they are included.
 */
function peakRssKb() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

if (process.env.BENCH_SPLIT_FILE) {
  const input = process.env.BENCH_SPLIT_FILE;
  const start = process.hrtime.bigint();
  const workers = process.env.BENCH_SPLIT_WORKERS;
  // (workers: the splitter's default unless set)
  const summary = await splitFile(input, {
    outDir: join(dirname(input), 'parts'),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds, summary, peakKb: peakRssKb() }));
  process.exit(0);
}

const targetMb = Number(process.env.BENCH_MB ?? 1024);
// Which files to generate (`templates`: a handful of templates, each with its own long system message,
// as real Batch files repeat them; `distinct`: every message its own text) and which splits to run
// (worker counts; `default` is the splitter's default).
const variants = (process.env.BENCH_VARIANTS ?? 'templates,distinct').split(',');
const workerRuns = (process.env.BENCH_RUNS ?? `default,${defaultWorkerCount() === 0 ? 1 : 0}`).split(',');
const dir = await mkdtemp(join(tmpdir(), 'km-split-bench-'));

// Texts are drawn from a vocabulary of 6,000 pseudo-words with a Zipf-like skew and some Tamil; a user
// message is about the size of a topic prompt (~6 KB) and never repeats.
// A 32-bit generator (mulberry32): the float LCG used before cycled after ~150 user messages, so
// the "distinct" texts were in fact repeated.
let seed = 12345;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const letters = 'etaoinshrdlcumwfgypbvkjxqz';
const vocabulary = Array.from({ length: 6000 }, () =>
  Array.from({ length: 2 + Math.floor(rand() * 8) }, () => letters[Math.floor(rand() ** 2 * 26)]).join(''),
);
const tamil = ['அலகு', 'வெப்பம்', 'ஆற்றல்', 'விசை', 'இயக்கம்', 'அளவீடு'];
const word = () => {
  const r = rand();
  if (r < 0.03) return tamil[Math.floor(rand() * tamil.length)];
  if (r < 0.06) return `${Math.floor(rand() * 1000) / 10}`;
  return vocabulary[Math.floor(rand() ** 3 * vocabulary.length)];
};
const words = (min, spread) => Array.from({ length: min + Math.floor(rand() * spread) }, word).join(' ');
const topicText = () => words(900, 400);
// Six templates, each with its own fixed system message of 1,000–2,000 characters.
const systemMessages = Array.from({ length: 6 }, (_, i) => {
  let text = `You are tutor ${i + 1}. Follow these rules for every reply.`;
  while (text.length < 1000 + i * 180) text += ` ${words(8, 6)}.`;
  return text;
});
const SHORT_SYSTEM = 'You are a patient tutor. Write a quiz session about the topic below.';

async function generate(variant, file) {
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  const sampleLines = [];
  while (written < targetMb * 1e6) {
    const system =
      variant === 'templates' ? systemMessages[Math.floor(rand() * systemMessages.length)] : SHORT_SYSTEM;
    const line = `${JSON.stringify({
      custom_id: `req-${n}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: topicText() },
        ],
        max_completion_tokens: 1200,
      },
    })}\n`;
    if (sampleLines.length < 3000) sampleLines.push(line.slice(0, -1));
    written += Buffer.byteLength(line);
    n += 1;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return { size: (await stat(file)).size, requests: n, sampleLines };
}

// Split in a fresh process, so that its peak memory is the splitter's alone (not the generator's).
function splitInChild(file, workers) {
  const env = { ...process.env, BENCH_SPLIT_FILE: file };
  if (workers !== 'default') env.BENCH_SPLIT_WORKERS = workers;
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

let distinctSample;
for (const variant of variants) {
  const file = join(dir, `${variant}.jsonl`);
  const { size, requests, sampleLines } = await generate(variant, file);
  if (variant === 'distinct') distinctSample = sampleLines;
  const what =
    variant === 'templates'
      ? '6 templates: a fixed 1-2 KB system message each, a distinct ~6 KB user message per request'
      : 'every message its own text';
  console.log(`splitter bench, ${variant}: ${(size / 1e6).toFixed(0)} MB, ${requests} requests (${what})`);
  for (const workers of workerRuns) {
    const { seconds, summary, peakKb } = splitInChild(file, workers);
    console.log(
      `  ${summary.workers} counting thread(s)${workers === 'default' ? ' (default)' : ''}: ${summary.parts} parts, ${summary.tokens} tokens, ${(size / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s), peak RSS ${(peakKb / 1024).toFixed(0)} MiB`,
    );
  }
  await rm(file, { force: true });
  await rm(join(dir, 'parts'), { recursive: true, force: true });
}

// The physical limit: how fast one core does the per-line work on distinct lines (JSON parse, checks and
// token count: analyzeLine, whose cache cannot help there), and how fast the tokenizer alone counts their
// message text.
if (distinctSample) {
  const sampleBytes = distinctSample.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
  const sampleTexts = distinctSample.map((l) =>
    JSON.parse(l)
      .body.messages.map((m) => m.content)
      .join('\n'),
  );
  const textBytes = sampleTexts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  for (const t of sampleTexts.slice(0, 200)) countTextTokens(t); // load the encoding
  let t0 = process.hrtime.bigint();
  for (const l of distinctSample) analyzeLine(l, 'o200k_base', false);
  const lineMbps = sampleBytes / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);
  t0 = process.hrtime.bigint();
  for (const t of sampleTexts) countTextTokens(t);
  const tokenizerMbps = textBytes / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);
  console.log(
    `one core, distinct lines (${(sampleBytes / 1e6).toFixed(0)} MB sample): ${lineMbps.toFixed(1)} MB/s of request lines (parse + check + count), tokenizer alone ${tokenizerMbps.toFixed(1)} MB/s of message text; ${availableParallelism()} cores`,
  );
}
await rm(dir, { recursive: true, force: true });
