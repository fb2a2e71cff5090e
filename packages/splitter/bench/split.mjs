// Splitter benchmark: throughput and peak memory on a generated request file (default 1 GB), and the
// tokenizer's own single-core speed on the same text for comparison.
// Usage: pnpm --filter @kalvimate/splitter bench   (BENCH_MB=200 for a smaller file)
// The machine may be shared: figures are wall-clock and vary with load.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTextTokens } from '@kalvimate/core';
import { analyzeLine, splitFile } from '../dist/index.js';

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
  const summary = await splitFile(input, {
    outDir: join(dirname(input), 'parts'),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds, summary, peakKb: peakRssKb() }));
  process.exit(0);
}

const targetMb = Number(process.env.BENCH_MB ?? 1024);
const dir = await mkdtemp(join(tmpdir(), 'km-split-bench-'));
const file = join(dir, 'requests.jsonl');

// Every request has its own text (no repeats a cache could exploit), drawn from a vocabulary of 6,000
// pseudo-words with a Zipf-like skew and some Tamil, about the size of a topic prompt (~6 KB).
let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
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
const topicText = () => Array.from({ length: 900 + Math.floor(rand() * 400) }, word).join(' ');

const out = createWriteStream(file);
let written = 0;
let n = 0;
const sampleLines = [];
while (written < targetMb * 1e6) {
  const line = `${JSON.stringify({
    custom_id: `req-${n}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a patient tutor. Write a quiz session about the topic below.' },
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
const size = (await stat(file)).size;

// Split in a fresh process, so that its peak memory is the splitter's alone (not the generator's):
// once with the default counting threads, once counting on the main thread only.
function splitInChild(workers) {
  const env = { ...process.env, BENCH_SPLIT_FILE: file };
  if (workers !== undefined) env.BENCH_SPLIT_WORKERS = String(workers);
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}
const runs = [splitInChild(undefined), splitInChild(0)];

// The physical limit: how fast one core does the per-line work on the same kind of lines (JSON parse,
// checks and token count: analyzeLine), and how fast the tokenizer alone counts their message text.
const sampleBytes = sampleLines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
const sampleTexts = sampleLines.map((l) =>
  JSON.parse(l)
    .body.messages.map((m) => m.content)
    .join('\n'),
);
const textBytes = sampleTexts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
for (const t of sampleTexts.slice(0, 200)) countTextTokens(t); // load the encoding
let t0 = process.hrtime.bigint();
for (const l of sampleLines) analyzeLine(l, 'o200k_base', false);
const lineMbps = sampleBytes / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);
t0 = process.hrtime.bigint();
for (const t of sampleTexts) countTextTokens(t);
const tokenizerMbps = textBytes / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);

console.log(`splitter bench: ${(size / 1e6).toFixed(0)} MB, ${n} requests (each its own text)`);
for (const { seconds, summary, peakKb } of runs) {
  console.log(
    `  ${summary.workers} counting thread(s): ${summary.parts} parts, ${(size / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s), peak RSS ${(peakKb / 1024).toFixed(0)} MiB`,
  );
}
console.log(
  `  one core, same lines (${(sampleBytes / 1e6).toFixed(0)} MB sample): ${lineMbps.toFixed(1)} MB/s of request lines (parse + check + count), tokenizer alone ${tokenizerMbps.toFixed(1)} MB/s of message text`,
);
console.log(
  `  default run / one-core limit: ${(size / 1e6 / runs[0].seconds / lineMbps).toFixed(2)}x on ${availableParallelism()} cores`,
);
await rm(dir, { recursive: true, force: true });
