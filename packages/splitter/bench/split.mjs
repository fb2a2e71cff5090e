// Splitter benchmark: throughput and peak memory on a generated request file (default 1 GB), and the
// tokenizer's own single-core speed on the same text for comparison.
// Usage: pnpm --filter @kalvimate/splitter bench   (BENCH_MB=200 for a smaller file)

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTextTokens } from '@kalvimate/core';
import { splitFile } from '../dist/index.js';

if (process.env.BENCH_SPLIT_FILE) {
  const input = process.env.BENCH_SPLIT_FILE;
  const start = process.hrtime.bigint();
  const summary = await splitFile(input, { outDir: join(dirname(input), 'parts') });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // maxRSS covers the worker threads too (one process).
  console.log(JSON.stringify({ seconds, summary, peakKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const targetMb = Number(process.env.BENCH_MB ?? 1024);
const dir = await mkdtemp(join(tmpdir(), 'km-split-bench-'));
const file = join(dir, 'requests.jsonl');
const words =
  'the force acting on a body equals its mass times its acceleration measured in newtons while heat flows from hot to cold'.split(
    ' ',
  );
const texts = Array.from(
  { length: 64 },
  (_, k) =>
    Array.from({ length: 900 }, (_, i) => words[(i * 7 + k) % words.length]).join(' ') +
    ` அலகு ${k} 9.8 m s⁻²`,
);

const out = createWriteStream(file);
let written = 0;
let n = 0;
while (written < targetMb * 1e6) {
  const line = `${JSON.stringify({
    custom_id: `req-${n}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a tutor.' },
        { role: 'user', content: texts[n % texts.length] },
      ],
      max_completion_tokens: 1200,
    },
  })}\n`;
  written += Buffer.byteLength(line);
  n += 1;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'close');
const size = (await stat(file)).size;

// Split in a fresh process, so that its peak memory is the splitter's alone (not the generator's).
const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
  env: { ...process.env, BENCH_SPLIT_FILE: file },
  encoding: 'utf8',
});
if (child.status !== 0) throw new Error(child.stderr);
const { seconds, summary, peakKb } = JSON.parse(child.stdout);
const peak = peakKb * 1024;

// The physical limit: how fast one core counts the same text (the 64 distinct texts, repeated).
const sample = texts.join('\n');
const t0 = process.hrtime.bigint();
let reps = 0;
while (Number(process.hrtime.bigint() - t0) < 2e9) {
  for (const t of texts) countTextTokens(t);
  reps += 1;
}
const tokenizerMbps = (Buffer.byteLength(sample) * reps) / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);

console.log(
  `splitter bench: ${(size / 1e6).toFixed(0)} MB, ${n} requests -> ${summary.parts} parts with ${summary.workers} counting threads`,
);
console.log(
  `  throughput ${(size / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s), peak RSS ${(peak / 1e6).toFixed(0)} MB`,
);
console.log(`  tokenizer alone on one core: ${tokenizerMbps.toFixed(1)} MB/s of message text`);
await rm(dir, { recursive: true, force: true });
