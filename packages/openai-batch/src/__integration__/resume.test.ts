// Kills a real submit process (SIGKILL) at several moments and runs submit again: never a second batch
// for a part, never a lost result. Runs the built package (dist) in a child process against the emulator.
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MemoryReporter, readJsonl } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelBatches } from '../cancel.js';
import { partsFromManifest } from '../parts.js';
import { batchStatus } from '../status.js';
import { submit } from '../submit.js';
import { ensureBuilt } from './built-package.js';
import { idOf, writeParts } from './helpers.js';

const CHILD = fileURLToPath(new URL('./kill-child.mjs', import.meta.url));

let dir: TempDir;
let api: OpenAIEmulator;

beforeEach(async () => {
  dir = await createTempDir('km-resume-');
});
afterEach(async () => {
  await api?.close();
  await dir.remove();
});

/** Runs the child until a stdout line matches `killAt`, then SIGKILLs it. Resolves with its output. */
function runChildAndKill(manifest: string, killAt: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, manifest, dir.path, api.baseURL], {
      env: { ...process.env, KM_TEST_KEY: api.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAt.test(out)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child ended (${code}) before the kill point:\n${out}\n${err}`));
    });
  });
}

async function goodIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const name of await readdir(dir.join('clean_outputs'))) {
    if (!name.endsWith('.jsonl')) continue;
    for await (const { value } of readJsonl<{ custom_id: string; response: { status_code: number } | null }>(
      dir.join('clean_outputs', name),
    ))
      if (value.response?.status_code === 200) ids.push(value.custom_id);
  }
  return ids.sort();
}

describe('kill -9 and submit again', () => {
  // The child runs dist/: build it when it is missing or older than the sources, never skip.
  beforeAll(() => {
    ensureBuilt();
  }, 120_000);

  it.each([
    ['while the first batch is being created', /creating its batch/],
    ['right after the first batch is created', /batch batch_\S+ created/],
    ['after three batches are created', /(batch batch_\S+ created[\s\S]*){3}/],
    ['after the first results are downloaded', /request\(s\) answered/],
  ])('never creates a second batch and loses no result when killed %s', async (_label, killAt) => {
    api = await startOpenAIEmulator({ batchLatencyMs: 150 });
    const manifest = await writeParts(dir.path, 4, 3);
    await runChildAndKill(manifest, killAt);
    const summary = await submit(await partsFromManifest(manifest), {
      outDir: dir.join('clean_outputs'),
      ledgerPath: dir.join('batches', 'ledger.json'),
      connection: { apiKey: api.apiKey, baseURL: api.baseURL },
      pollInterval: 0.01,
    });
    expect(summary).toMatchObject({ succeeded: 12, failed: 0 });
    const perPart = new Map<string, number>();
    for (const batch of api.listBatches()) {
      const part = batch.metadata?.kalvimate_part ?? '?';
      perPart.set(part, (perPart.get(part) ?? 0) + 1);
    }
    expect([...perPart.values()]).toEqual([1, 1, 1, 1]);
    const expected = Array.from({ length: 4 }, (_, p) => [1, 2, 3].map((r) => idOf(p + 1, r)))
      .flat()
      .sort();
    expect(await goodIds()).toEqual(expected);
  });
});

describe('status and cancel', () => {
  it('shows running batches live, cancels them, and a later submit sends the rest again', async () => {
    api = await startOpenAIEmulator({ batchLatencyMs: 5_000 });
    const manifest = await writeParts(dir.path, 2, 3);
    const ledgerPath = dir.join('batches', 'ledger.json');
    const connection = { apiKey: api.apiKey, baseURL: api.baseURL };
    const base = { outDir: dir.join('clean_outputs'), ledgerPath, connection, pollInterval: 0.01 };
    await submit(await partsFromManifest(manifest), { ...base, wait: false });

    const before = await batchStatus(ledgerPath, { connection });
    expect(before.live).toBe(true);
    expect(before.totals).toMatchObject({ requests: 6, succeeded: 0, running: 2 });
    expect(before.parts[0]).toMatchObject({
      part: 'part-001.jsonl',
      attempts: 1,
      batch: { id: expect.any(String) },
    });

    const cancelled = await cancelBatches(ledgerPath, { connection });
    expect(cancelled.cancelled.map((c) => c.part)).toEqual(['part-001.jsonl', 'part-002.jsonl']);
    const offline = await batchStatus(ledgerPath);
    expect(offline.live).toBe(false);
    expect(offline.parts[0]?.state).toMatch(/cancel requested/);
    expect(await cancelBatches(ledgerPath, { connection: {} })).toMatchObject({ nothingToCancel: true });

    api.faults.batchLatencyMs = 20;
    const reporter = new MemoryReporter();
    const summary = await submit(await partsFromManifest(manifest), { ...base, reporter });
    expect(summary).toMatchObject({ succeeded: 6, failed: 0, retryParts: 2 });
    const after = await batchStatus(ledgerPath);
    expect(after.parts.map((p) => p.state)).toEqual(['done', 'done']);
    expect(after.totals.costUsd).toBeGreaterThan(0);
  });

  it('refuses to cancel while another submit holds the ledger, and without a ledger', async () => {
    api = await startOpenAIEmulator({ batchLatencyMs: 60_000 });
    const connection = { apiKey: api.apiKey, baseURL: api.baseURL };
    const ledgerPath = dir.join('batches', 'ledger.json');
    await expect(cancelBatches(ledgerPath, { connection })).rejects.toMatchObject({ code: 'LEDGER_MISSING' });
    const manifest = await writeParts(dir.path, 1, 1);
    await submit(await partsFromManifest(manifest), {
      outDir: dir.join('out'),
      ledgerPath,
      connection,
      wait: false,
    });
    await writeFile(dir.join('batches', '.submit.lock'), `${process.ppid}\n`);
    await expect(cancelBatches(ledgerPath, { connection })).rejects.toMatchObject({
      code: 'LEDGER_BUSY',
      message: expect.stringContaining(`pid ${process.ppid}`),
    });
    expect(api.calls.some((c) => c.path.endsWith('/cancel'))).toBe(false);
  });
});
