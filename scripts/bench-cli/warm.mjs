#!/usr/bin/env node
// The floor under a command's time: its work repeated in ONE process (`pnpm bench:cli --warm N` runs this
// as a child). The first round pays what every `kalvimate` process pays (modules loaded, code not yet
// optimised by V8); later rounds run code V8 has optimised, with nothing to load, which no new process
// can do. A target below the warm rounds' figure cannot be met by making start-up cheaper: the work
// itself must get smaller. Figures from here hold in-process only, and are reported as such.
//
// Usage: node scripts/bench-cli/warm.mjs <case id> <rounds>   (prints one JSON line: the ms of each round)
// Runs the same library functions as the CLI (from the packages' dist/, so after `pnpm build`), each round
// in a fresh folder with no API key, so `run` stays offline as in the process benchmark.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, '..', 'shared', 'fixtures');
const epub = join(fixtures, 'kalvimate-science-9.epub');
const seedDir = join(fixtures, 'seed-batches');
/** The shapes the process benchmark gives publish and judge for the seed's template names. */
export const SEED_SHAPES = [
  'MCQ_based=session',
  'detailed_topic_breakdown=dialogues:2',
  'rapid_intuition_based_qna=dialogues:2',
  'real_world_or_casual_style=dialogues:2',
  'smart_assistant=dialogues:2',
];

const packageDist = (name) => pathToFileURL(join(root, 'packages', name, 'dist', 'index.js')).href;

/** What one round of each case does, in `dir` (a fresh folder), with the packages `pipeline` and `core`. */
const ROUNDS = {
  async 'extract-preprocess'(dir, { pipeline, core }) {
    const ctx = { paths: core.workspacePaths(dir), config: {}, reporter: core.silentReporter };
    await pipeline.extractStage(ctx, { epub });
    await pipeline.preprocessStage(ctx);
  },
  async 'run-first'(dir, { pipeline }) {
    const cache = join(dir, 'cache');
    await pipeline.runPipeline({ epub, dataDir: join(dir, 'data'), env: { KALVIMATE_CACHE_DIR: cache } });
  },
  async publish(dir, { pipeline, core }) {
    const ctx = { paths: core.workspacePaths(dir), config: {}, reporter: core.silentReporter };
    await pipeline.publishStage(ctx, { in: seedDir, upload: false, shape: SEED_SHAPES });
  },
};

/** The case ids this script measures. */
export const WARM_CASES = Object.keys(ROUNDS);

async function main() {
  const [id, roundsText] = process.argv.slice(2);
  const rounds = Number(roundsText);
  if (!ROUNDS[id] || !Number.isInteger(rounds) || rounds < 1) {
    console.error(`usage: warm.mjs <${WARM_CASES.join('|')}> <rounds>`);
    process.exit(2);
  }
  const packages = {
    pipeline: await import(packageDist('pipeline')),
    core: await import(packageDist('core')),
  };
  const ms = [];
  for (let i = 0; i < rounds; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), `km-bench-warm-${id}-`));
    try {
      const started = performance.now();
      await ROUNDS[id](dir, packages);
      ms.push(performance.now() - started);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify({ id, ms }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
