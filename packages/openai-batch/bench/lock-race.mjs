// Lock race: two `submit`s started at the same moment, in two processes, on one data folder whose
// `batches/.submit.lock` was left behind — empty (a crash between creating the file and writing it),
// stale (its submit was killed with kill -9) or foreign (its pid now belongs to another live process,
// pid 1). Each trial counts the batches the OpenAI emulator created per part: exactly 1 is right; 2 is
// paying twice; 0 means both submits were refused.
// Usage: pnpm --filter @kalvimate/openai-batch bench:lock   (LOCK_RACE_TRIALS=20)
// Measures; asserts nothing. Needs `pnpm build` first (it runs the built package, as a user does).

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@kalvimate/core';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';

const trials = Number(process.env.LOCK_RACE_TRIALS ?? 20);
const child = join(dirname(fileURLToPath(import.meta.url)), 'lock-race-child.mjs');
const PARTS = 2;
const PER_PART = 3;

async function writeParts(dataDir) {
  const dir = join(dataDir, 'openai_inputs', 'parts');
  await mkdir(dir, { recursive: true });
  const parts = [];
  for (let p = 1; p <= PARTS; p += 1) {
    const lines = [];
    for (let r = 1; r <= PER_PART; r += 1)
      lines.push(
        JSON.stringify({
          custom_id: `race-p${p}-r${r}`,
          method: 'POST',
          url: '/v1/chat/completions',
          body: {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Question ${r} of part ${p}.` }],
          },
        }),
      );
    const text = `${lines.join('\n')}\n`;
    const file = `part-${p}.jsonl`;
    await writeFile(join(dir, file), text);
    parts.push({
      file,
      sha256: sha256(text),
      requests: PER_PART,
      bytes: Buffer.byteLength(text),
      tokens: 40,
    });
  }
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      schemaVersion: 1,
      source: { file: 'requests.jsonl', sha256: 'race', requests: PARTS * PER_PART },
      model: 'gpt-4o-mini',
      url: '/v1/chat/completions',
      limits: { maxRequests: PER_PART, maxBytes: 1_000_000, maxTokens: 1_000_000, countOutputTokens: false },
      parts,
    }),
  );
}

/** Runs the child script; resolves with its stdout once it exits (or once `until` shows in it). */
function runChild(args, until) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      if (until && out.includes(until)) resolve({ proc, out });
    });
    proc.on('error', reject);
    proc.on('exit', () => resolve({ proc, out }));
  });
}

/** The lock a submit leaves when it is killed with kill -9 while holding it (whatever this version writes). */
async function killedHolderLock() {
  const dataDir = await mkdtemp(join(tmpdir(), 'km-lock-race-'));
  try {
    const { proc } = await runChild(['hold', dataDir], 'held');
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
    return await readFile(join(dataDir, 'batches', '.submit.lock'), 'utf8');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function trial(lockText) {
  const dataDir = await mkdtemp(join(tmpdir(), 'km-lock-race-'));
  const api = await startOpenAIEmulator({ batchLatencyMs: 200 });
  try {
    await writeParts(dataDir);
    await mkdir(join(dataDir, 'batches'), { recursive: true });
    await writeFile(join(dataDir, 'batches', '.submit.lock'), lockText);
    const startAt = String(Date.now() + 1500);
    const runs = await Promise.all(
      [0, 1].map(() => runChild(['submit', dataDir, api.baseURL, api.apiKey, startAt])),
    );
    const outcomes = runs.map(({ out }) => {
      try {
        const result = JSON.parse(out.trim().split('\n').at(-1));
        return result.ok ? 'ran' : result.code;
      } catch {
        return 'crashed';
      }
    });
    const perPart = new Map();
    for (const batch of api.listBatches()) {
      const part = batch.metadata?.kalvimate_part ?? '?';
      perPart.set(part, (perPart.get(part) ?? 0) + 1);
    }
    const counts = Array.from({ length: PARTS }, (_, i) => perPart.get(`part-${i + 1}.jsonl`) ?? 0);
    return { counts, outcomes: outcomes.sort().join(' + ') };
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const stale = await killedHolderLock();
const scenarios = [
  { name: 'empty', lock: '' },
  { name: 'stale', lock: stale },
  // The same leftover, but its pid now belongs to a live process that is not a submit.
  { name: 'foreign-pid', lock: stale.replace(/^\d+/, '1') },
];
const report = [];
for (const scenario of scenarios) {
  const histogram = {};
  const outcomes = {};
  for (let i = 0; i < trials; i += 1) {
    const result = await trial(scenario.lock);
    for (const n of result.counts) histogram[n] = (histogram[n] ?? 0) + 1;
    outcomes[result.outcomes] = (outcomes[result.outcomes] ?? 0) + 1;
  }
  const exact = histogram[1] ?? 0;
  const row = {
    scenario: scenario.name,
    trials,
    partsSeen: trials * PARTS,
    exactlyOne: exact,
    histogram,
    outcomes,
  };
  report.push(row);
  console.log(
    `${scenario.name.padEnd(12)} ${trials} trials × ${PARTS} parts: batches per part ${JSON.stringify(histogram)} — exactly 1 for ${exact}/${trials * PARTS}; submits: ${JSON.stringify(outcomes)}`,
  );
}
console.log(JSON.stringify({ lockLeftByKill9: stale.trim(), report }));
