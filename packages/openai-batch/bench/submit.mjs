// Submit benchmark: wall time until every result of 8 parts is on disk, against the OpenAI emulator with a
// batch latency of L seconds, (a) all parts in flight at once, as submit runs them, and (b) one after
// another (the seed's way), forced by a queue budget of one part.
// Usage: pnpm --filter @kalvimate/openai-batch bench   (BENCH_LATENCY_S=2 BENCH_PARTS=8 BENCH_REQUESTS=50)

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@kalvimate/core';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { partsFromManifest, submit } from '../dist/index.js';

const latencyS = Number(process.env.BENCH_LATENCY_S ?? 2);
const partCount = Number(process.env.BENCH_PARTS ?? 8);
const perPart = Number(process.env.BENCH_REQUESTS ?? 50);

async function writeParts(dir) {
  const partsDir = join(dir, 'openai_inputs', 'parts');
  await mkdir(partsDir, { recursive: true });
  const parts = [];
  for (let p = 1; p <= partCount; p += 1) {
    const lines = [];
    for (let r = 1; r <= perPart; r += 1)
      lines.push(
        JSON.stringify({
          custom_id: `bench-p${p}-r${r}`,
          method: 'POST',
          url: '/v1/chat/completions',
          body: {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Explain Newton's law number ${r} in part ${p}.` }],
          },
        }),
      );
    const text = `${lines.join('\n')}\n`;
    const file = `part-${String(p).padStart(3, '0')}.jsonl`;
    await writeFile(join(partsDir, file), text);
    parts.push({
      file,
      sha256: sha256(text),
      requests: perPart,
      bytes: Buffer.byteLength(text),
      tokens: perPart * 20,
    });
  }
  const manifest = join(partsDir, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify({
      schemaVersion: 1,
      source: { file: 'requests.jsonl', sha256: 'bench', requests: partCount * perPart },
      model: 'gpt-4o-mini',
      url: '/v1/chat/completions',
      limits: { maxRequests: perPart, maxBytes: 209715200, maxTokens: 2000000, countOutputTokens: false },
      parts,
    }),
  );
  return manifest;
}

async function measure(label, extra) {
  const api = await startOpenAIEmulator({ batchLatencyMs: latencyS * 1000 });
  const dir = await mkdtemp(join(tmpdir(), 'km-submit-bench-'));
  try {
    const input = await partsFromManifest(await writeParts(dir));
    const start = process.hrtime.bigint();
    const summary = await submit(input, {
      outDir: join(dir, 'clean_outputs'),
      ledgerPath: join(dir, 'batches', 'ledger.json'),
      connection: { apiKey: api.apiKey, baseURL: api.baseURL },
      ...extra,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (summary.succeeded !== partCount * perPart)
      throw new Error(`${label}: only ${summary.succeeded} results`);
    return {
      label,
      seconds: Number(seconds.toFixed(2)),
      batches: summary.batchesCreated,
      requests: summary.succeeded,
    };
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = [
  await measure('parallel, --poll-interval 0.25', { pollInterval: 0.25 }),
  await measure('parallel, adaptive polling (default)', {}),
  await measure('one after another, --poll-interval 0.25', { pollInterval: 0.25, queueTokens: perPart * 20 }),
];
console.log(
  `${partCount} parts × ${perPart} requests, emulator batch latency L = ${latencyS} s (8 × L = ${partCount * latencyS} s)`,
);
for (const row of rows)
  console.log(
    `${row.label.padEnd(42)} ${String(row.seconds).padStart(6)} s  (${row.batches} batches, ${row.requests} results)`,
  );
console.log(JSON.stringify({ latencyS, partCount, perPart, rows }));
