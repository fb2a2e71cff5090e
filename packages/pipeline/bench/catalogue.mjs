// Catalogue benchmark: generated catalogues (testkit: English and Tamil books of varied sizes) through
// `kalvimate run --catalogue`, measured as whole processes with /usr/bin/time -v (wall time, peak memory):
//   1. the offline stages (no API key) for 5 and for 50 books;
//   2. the 50 books against the OpenAI emulator with an enqueued-token limit below a tenth of their
//      tokens and a batch latency set: wall time, batches, and the queue's fill sampled every 50 ms;
//   3. the same from a fresh copy, killed with SIGKILL once half the parts have a batch, then resumed:
//      batches created twice (must be 0).
// Usage: pnpm build && pnpm --filter @kalvimate/pipeline bench   (or from the root: pnpm bench)
// BENCH_SIZES=5,50 (the catalogue sizes) and BENCH_LATENCY_MS=300 (the emulator's batch latency) change the runs.

import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildEpub, createTempDir, generatedCatalogue, REPO_ROOT } from '@kalvimate/testkit';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';

const CLI = join(REPO_ROOT, 'apps', 'cli', 'dist', 'bin.cjs');
// Parts well under the queue limit, so that several run at once (BENCH_PART_TOKENS for the smoke run).
const PART_TOKENS = Number(process.env.BENCH_PART_TOKENS ?? 20_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** A shelf of `count` generated books and its catalogue file in `dir`. */
async function writeShelf(dir, count) {
  const books = generatedCatalogue(count);
  await mkdir(join(dir, 'shelf'), { recursive: true });
  for (const book of books) await writeFile(join(dir, 'shelf', book.file), buildEpub(book.epub));
  const entries = books.map((b) => ({
    file: `shelf/${b.file}`,
    id: b.id,
    subject: b.subject,
    grade: b.grade,
  }));
  await writeFile(join(dir, 'kalvimate.catalogue.json'), JSON.stringify({ books: entries }, null, 2));
  return books;
}

async function writeConfig(dir, queueTokens) {
  const config = { split: { maxTokens: PART_TOKENS }, ...(queueTokens ? { submit: { queueTokens } } : {}) };
  await writeFile(join(dir, 'kalvimate.config.json'), JSON.stringify(config));
}

/** Runs the CLI under /usr/bin/time -v: its wall time and peak memory as a whole process. */
function timedCli(args, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code, signal) => {
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const wallS = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
      resolve({ code, signal, wallS, peakMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stderr });
    });
  });
}

/** Requests, tokens and parts of every book's parts manifest. */
async function partsOf(dataDir) {
  const root = join(dataDir, 'openai_inputs', 'parts');
  const totals = { parts: 0, requests: 0, tokens: 0 };
  for (const id of await readdir(root)) {
    const manifest = JSON.parse(await readFile(join(root, id, 'manifest.json'), 'utf8'));
    for (const part of manifest.parts) {
      totals.parts += 1;
      totals.requests += part.requests;
      totals.tokens += part.tokens;
    }
  }
  return totals;
}

function fillStats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { samples: samples.length, mean, p50: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0 };
}

/** Batches per (part sha256, attempt): more than one is a batch created twice. */
function createdTwice(api) {
  const counts = new Map();
  for (const b of api.listBatches()) {
    const key = `${b.metadata?.kalvimate_part_sha256}#${b.metadata?.kalvimate_attempt}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n > 1).length;
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;
const run = ['--quiet', 'run', '--catalogue', 'kalvimate.catalogue.json'];

console.log(`load average at start: ${load()}`);
const temp = await createTempDir('km-bench-catalogue-');
try {
  // 1. Offline stages, 5 and 50 books.
  const offline = {};
  // BENCH_SIZES=2,3 makes a quick smoke run of the script itself.
  const sizes = (process.env.BENCH_SIZES ?? '5,50').split(',').map(Number);
  for (const count of sizes) {
    const dir = join(temp.path, `offline-${count}`);
    await mkdir(dir);
    await writeShelf(dir, count);
    await writeConfig(dir);
    const first = await timedCli(run, dir, {});
    const again = await timedCli(run, dir, {});
    const parts = await partsOf(join(dir, 'data'));
    offline[count] = { dir, parts };
    console.log(
      `offline, ${count} books: ${first.wallS.toFixed(2)} s, peak ${first.peakMb.toFixed(0)} MB (exit ${first.code}); ` +
        `${parts.requests} requests, ${parts.tokens} tokens, ${parts.parts} parts; ` +
        `again with nothing to redo: ${again.wallS.toFixed(2)} s, peak ${again.peakMb.toFixed(0)} MB`,
    );
  }

  // 2. The 50 books against the emulator, the queue limit below a tenth of their tokens.
  const largest = sizes.at(-1);
  const { dir: offlineDir, parts } = offline[largest];
  const limit = Math.floor(parts.tokens * 0.09);
  if (limit < PART_TOKENS)
    throw new Error(`the queue limit ${limit} is under a part (${PART_TOKENS} tokens): use more books`);
  const killDir = join(temp.path, 'kill');
  await cp(offlineDir, killDir, { recursive: true });
  await writeConfig(offlineDir, limit);
  await writeConfig(killDir, limit);
  const emulatorOptions = {
    enqueuedTokenLimit: limit,
    batchLatencyMs: LATENCY_MS,
    validatingMs: 20,
    finalizingMs: 20,
  };
  const api = await startOpenAIEmulator(emulatorOptions);
  const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
  const samples = [];
  const sampler = setInterval(() => {
    const q = api.queue();
    if (api.listBatches().length > 0) samples.push(q.acceptedTokens / limit);
  }, 50);
  const online = await timedCli(
    [...run, '--yes', '--no-upload', '--no-judge', '--poll-interval', '0.05'],
    offlineDir,
    env,
  );
  clearInterval(sampler);
  // The last samples after the queue emptied are the download and publish: the fill is of the submission.
  while (samples.length > 0 && samples.at(-1) === 0) samples.pop();
  const fill = fillStats(samples);
  console.log(
    `emulator, ${largest} books, limit ${limit} tokens (${pct(limit / parts.tokens)} of ${parts.tokens}), batch latency ${LATENCY_MS} ms: ` +
      `${online.wallS.toFixed(2)} s, peak ${online.peakMb.toFixed(0)} MB (exit ${online.code}); ` +
      `${api.listBatches().length} batches for ${parts.parts} parts, ${api.queue().failedForLimit} refused for the limit; ` +
      `queue fill over ${fill.samples} samples: mean ${pct(fill.mean)}, median ${pct(fill.p50)}, p90 ${pct(fill.p90)}, max ${pct(fill.max)}`,
  );
  await api.close();

  // 3. kill -9 once half the parts have a batch, then resume.
  const api2 = await startOpenAIEmulator(emulatorOptions);
  const env2 = { OPENAI_API_KEY: api2.apiKey, OPENAI_BASE_URL: api2.baseURL };
  let killedAt = 0;
  const killed = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, ...run, '--yes', '--no-upload', '--no-judge', '--poll-interval', '0.05'],
      {
        cwd: killDir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env2 },
        stdio: 'ignore',
      },
    );
    const watch = setInterval(() => {
      if (api2.listBatches().length >= parts.parts / 2) {
        clearInterval(watch);
        killedAt = api2.listBatches().length;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      resolve(signal ?? code);
    });
  });
  const resumed = await timedCli(
    [...run, '--yes', '--no-upload', '--no-judge', '--poll-interval', '0.05'],
    killDir,
    env2,
  );
  console.log(
    `kill -9 (${killed}) after ${killedAt} of ${parts.parts} parts had a batch, resume ${resumed.wallS.toFixed(2)} s (exit ${resumed.code}): ` +
      `${api2.listBatches().length} batches in all, created twice: ${createdTwice(api2)}`,
  );
  await api2.close();
} finally {
  await temp.remove();
  console.log(`load average at end: ${load()}`);
}
