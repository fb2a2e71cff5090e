// The catalogue's one submit against an organisation queue limit far below its total: the scheduler
// keeps the queue under the limit it knows, resubmits what the API refuses with token_limit_exceeded,
// and a kill -9 in the middle of submission followed by a resume creates no batch twice.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { buildEpub, createTempDir, generatedCatalogue, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCatalogue } from './run-catalogue.js';
import type { RunCatalogueOptions } from './types.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const shelf = generatedCatalogue(4, 11);
let dir: TempDir;
let api: OpenAIEmulator | undefined;

beforeEach(async () => {
  dir = await createTempDir('km-queue-');
  for (const book of shelf) await writeFile(dir.join(book.file), buildEpub(book.epub));
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await dir.remove();
  clearRegisteredSecrets();
});

/** Offline stages only (no key): how many input tokens each book's parts hold. */
async function partTokens(): Promise<number[]> {
  const result = await runCatalogue({ ...base(), env: {} });
  const tokens: number[] = [];
  for (const book of result.books) {
    const manifest = JSON.parse(
      await readFile(dir.join('data', 'openai_inputs', 'parts', book.id, 'manifest.json'), 'utf8'),
    );
    tokens.push(...manifest.parts.map((p: { tokens: number }) => p.tokens));
  }
  return tokens;
}

function base(): RunCatalogueOptions {
  return {
    dataDir: dir.join('data'),
    epubs: [dir.path],
    limit: 2,
    templates: ['mcq_quiz', 'misconceptions'],
    upload: false,
    pollInterval: 0.01,
    concurrency: 2,
    // The LLM judge round has batches of its own: these tests count the first round's.
    judge: false,
  };
}

/** Every batch the emulator made, by (part sha256, attempt): more than one is a batch made twice. */
function batchesPerAttempt(emulator: OpenAIEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const batch of emulator.listBatches()) {
    const key = `${batch.metadata?.kalvimate_part_sha256}#${batch.metadata?.kalvimate_attempt}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('the catalogue under the queue limit', () => {
  it('never goes over the limit it knows, one part at a time when only one fits', async () => {
    const tokens = await partTokens();
    const limit = Math.max(...tokens) + 1;
    expect(limit * 2).toBeLessThan(tokens.reduce((a, b) => a + b, 0));
    api = await startOpenAIEmulator({
      validatingMs: 1,
      batchLatencyMs: 30,
      finalizingMs: 1,
      enqueuedTokenLimit: limit,
    });
    const samples: number[] = [];
    const timer = setInterval(() => samples.push((api as OpenAIEmulator).queue().enqueuedTokens), 2);
    const result = await runCatalogue({
      ...base(),
      yes: true,
      env: {},
      openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
      config: { split: { workers: 0 }, submit: { queueTokens: limit } },
    });
    clearInterval(timer);
    expect(result.complete).toBe(true);
    expect(api.queue().failedForLimit).toBe(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(limit);
    expect(Math.max(...samples)).toBeGreaterThan(0);
    expect([...batchesPerAttempt(api).values()].every((n) => n === 1)).toBe(true);
  });

  it('resubmits the batches the API refuses with token_limit_exceeded until every request has a result', async () => {
    const tokens = await partTokens();
    // The organisation's queue holds one part at a time, but submit believes it holds them all.
    const limit = Math.max(...tokens) + 1;
    // Batches that run long enough for the refusals to be seen while one of ours still holds the queue:
    // submit then retries as soon as it ends, not after its minute-long fallback wait.
    api = await startOpenAIEmulator({
      validatingMs: 1,
      batchLatencyMs: 1000,
      finalizingMs: 1,
      enqueuedTokenLimit: limit,
    });
    const result = await runCatalogue({
      ...base(),
      yes: true,
      env: {},
      openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
      config: { split: { workers: 0 }, submit: { queueTokens: 10_000_000 } },
    });
    expect(api.queue().failedForLimit).toBeGreaterThan(0);
    expect(result.complete).toBe(true);
    const submit = result.stages.find((s) => s.stage === 'submit');
    expect(submit?.summary).toMatchObject({ failed: 0 });
    expect(submit?.summary?.missing).toEqual([]);
  });
});

const pipelineDist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Runs the catalogue in a child process against the emulator; resolves with its exit code or signal. */
function childRun(emulator: OpenAIEmulator, onBatch: (child: ReturnType<typeof spawn>) => void) {
  const script = `
    const { runCatalogue } = await import(${JSON.stringify(pipelineDist)});
    await runCatalogue(${JSON.stringify({ ...base(), yes: true, config: { split: { workers: 0 }, submit: { queueTokens: 1 } } })});
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.baseURL },
    stdio: 'ignore',
  });
  const watch = setInterval(() => {
    if (emulator.listBatches().length > 0) {
      clearInterval(watch);
      onBatch(child);
    }
  }, 5);
  return new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      resolve(signal ?? String(code));
    }),
  );
}

describe('kill -9 in the middle of a catalogue submission', () => {
  it('resumes without creating any batch twice and ends with every request answered', async () => {
    api = await startOpenAIEmulator({ validatingMs: 5, batchLatencyMs: 200, finalizingMs: 5 });
    // Offline stages first, so that the child is killed while it submits.
    await runCatalogue({ ...base(), env: {}, config: { split: { workers: 0 } } });
    const ended = await childRun(api, (child) => child.kill('SIGKILL'));
    expect(ended).toBe('SIGKILL');
    const before = api.listBatches().length;
    expect(before).toBeGreaterThan(0);
    const result = await runCatalogue({
      ...base(),
      yes: true,
      env: {},
      openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
      config: { split: { workers: 0 }, submit: { queueTokens: 1 } },
    });
    expect(result.complete).toBe(true);
    const twice = [...batchesPerAttempt(api).entries()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const ledger = JSON.parse(await readFile(join(dir.path, 'data', 'batches', 'ledger.json'), 'utf8'));
    expect(api.listBatches().length).toBe(ledger.parts.length);
  });
});
