// Publish benchmark: wall time and peak memory (the process's own VmHWM) of publishDataset on the seed fixtures and on a
// generated results folder of BENCH_MB megabytes (default 1024), each run in its own process so the peaks
// do not mix. The generated results are the seed's responses with their words shuffled per copy, so that
// dedupe keeps most of them and every stage does its full work.
// Usage: pnpm --filter @kalvimate/publish bench   (BENCH_MB=200 for a smaller folder)

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_BATCH_SHAPES, sharedFixture } from '@kalvimate/testkit/fixtures';
import { peakRssKb } from '@kalvimate/testkit/peak-memory';
import { publishDataset } from '../dist/index.js';

if (process.env.BENCH_PUBLISH_IN) {
  const inDir = process.env.BENCH_PUBLISH_IN;
  const outDir = process.env.BENCH_PUBLISH_OUT;
  const start = process.hrtime.bigint();
  const { stats } = await publishDataset({ inDir, outDir, shapes: SEED_BATCH_SHAPES, book: 'bench' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds, peakKb: peakRssKb(), stats }));
  process.exit(0);
}

const seedDir = sharedFixture('seed-batches');
if (!seedDir) {
  console.log('seed fixtures absent; nothing to benchmark');
  process.exit(0);
}

function run(label, inDir, outDir, bytes) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_PUBLISH_IN: inDir, BENCH_PUBLISH_OUT: outDir },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`${label}: ${child.stderr}`);
  const { seconds, peakKb, stats } = JSON.parse(child.stdout.trim().split('\n').at(-1));
  const mb = bytes / 1e6;
  console.log(
    `${label}: ${mb.toFixed(0)} MB of results, ${stats.responses.in} responses -> ${stats.conversations.written} conversations ` +
      `(train ${stats.splits.train}, test ${stats.splits.test}); set aside ${stats.responses.rejected} responses ` +
      `${JSON.stringify(stats.rejectsByReason)}, ${stats.conversations.invalid} conversations; duplicates removed ` +
      `${stats.conversations.duplicates.exact} exact + ${stats.conversations.duplicates.near} near`,
  );
  console.log(
    `  ${seconds.toFixed(1)} s (${(mb / seconds).toFixed(1)} MB/s), peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
  );
  return stats;
}

const resultFiles = (await readdir(seedDir)).filter((n) => /output|response/.test(n));
let seedBytes = 0;
for (const name of resultFiles) seedBytes += readFileSync(join(seedDir, name)).length;
const work = await mkdtemp(join(tmpdir(), 'km-publish-bench-'));
try {
  const stats = run('seed fixtures', seedDir, join(work, 'seed-out'), seedBytes);
  console.log(
    `  by template: ${Object.entries(stats.perTemplate)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  // Generate the large folder: every seed result line, copied with new custom_ids and shuffled words.
  const targetBytes = Number(process.env.BENCH_MB ?? 1024) * 1e6;
  const genDir = join(work, 'generated');
  await mkdir(genDir);
  const lines = resultFiles.flatMap((name) =>
    readFileSync(join(seedDir, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const shuffle = (text) => {
    const words = text.split(' ');
    for (let i = words.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [words[i], words[j]] = [words[j], words[i]];
    }
    return words.join(' ');
  };
  let written = 0;
  let copy = 0;
  let fileIndex = 0;
  let out;
  let fileBytes = 0;
  const started = Date.now();
  while (written < targetBytes) {
    for (const line of lines) {
      if (!out || fileBytes > 190e6) {
        if (out) {
          out.end();
          await once(out, 'close');
        }
        out = createWriteStream(join(genDir, `batch_${String(fileIndex).padStart(3, '0')}_output.jsonl`));
        fileIndex += 1;
        fileBytes = 0;
      }
      const value = JSON.parse(line);
      value.custom_id = value.custom_id.replace(
        /^req_(\d+)_chap(\d+)/,
        (_m, n, c) => `req_${n}x${copy}_chap${Number(c) + 100 * (copy % 50)}`,
      );
      const choice = value.response?.body?.choices?.[0];
      if (copy > 0 && typeof choice?.message?.content === 'string') {
        try {
          const parsed = JSON.parse(choice.message.content);
          const walk = (v) => {
            if (Array.isArray(v)) v.forEach(walk);
            else if (v && typeof v === 'object')
              for (const k of Object.keys(v)) {
                if (k === 'content' && typeof v[k] === 'string') v[k] = shuffle(v[k]);
                else walk(v[k]);
              }
          };
          walk(parsed);
          choice.message.content = JSON.stringify(parsed, null, 2);
        } catch {
          // Keep what does not parse as it is.
        }
      }
      const text = `${JSON.stringify(value)}\n`;
      if (!out.write(text)) await once(out, 'drain');
      written += Buffer.byteLength(text);
      fileBytes += Buffer.byteLength(text);
      if (written >= targetBytes) break;
    }
    copy += 1;
  }
  out.end();
  await once(out, 'close');
  console.log(
    `generated ${(written / 1e6).toFixed(0)} MB in ${fileIndex} files (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  run('generated results', genDir, join(work, 'generated-out'), written);
} finally {
  await rm(work, { recursive: true, force: true });
  if (existsSync(work)) console.log(`could not remove ${work}`);
}
