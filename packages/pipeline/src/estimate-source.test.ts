import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256, workspacePaths } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEstimate } from './estimate-source.js';
import type { FileHashCache } from './fingerprint.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-estimate-source-');
});
afterEach(async () => dir.remove());

const REQUESTS = '{"custom_id":"a"}\n';
const ESTIMATE = {
  model: 'gpt-4o-mini',
  requests: 1,
  inputTokens: 10,
  cachedInputTokens: 0,
  outputTokens: 5,
  outputBasis: 'max_completion_tokens',
  requestsAtModelLimit: 0,
  modelOutputLimit: 16_384,
  costUsd: 0.01,
  costUsdStandard: 0.02,
  perTemplate: {},
};

/** A workspace whose estimate.json estimates REQUESTS, with both files a minute old. */
async function workspace() {
  const paths = workspacePaths(dir.join('data'));
  await mkdir(dirname(paths.requests), { recursive: true });
  await writeFile(paths.requests, REQUESTS);
  const file = { schemaVersion: 1, requestsFile: 'requests.jsonl', requestsSha256: sha256(REQUESTS) };
  await writeFile(paths.estimate, JSON.stringify({ ...ESTIMATE, ...file }));
  const old = new Date(Date.now() - 60_000);
  await utimes(paths.requests, old, old);
  return paths;
}

describe('generateEstimate', () => {
  it("reads generate's estimate of the requests file as it is, and records the file's hash", async () => {
    const paths = await workspace();
    const files: FileHashCache = { known: {}, used: {} };
    expect(await generateEstimate(paths, { schemaVersion: 1, stages: {} }, files)).toEqual(ESTIMATE);
    expect(files.used[paths.requests]?.sha256).toBe(sha256(REQUESTS));
  });

  it('takes the requests file as the last run hashed it, without reading it again', async () => {
    const paths = await workspace();
    const info = await stat(paths.requests);
    const recorded = {
      size: info.size,
      mtimeMs: info.mtimeMs,
      ctimeMs: info.ctimeMs,
      ino: info.ino,
      hashedAt: Math.max(info.mtimeMs, info.ctimeMs) + 10_000,
    };
    // The last run recorded another hash for the unchanged file: the estimate is then of other requests.
    const files: FileHashCache = {
      known: { [paths.requests]: { ...recorded, sha256: 'f'.repeat(64) } },
      used: {},
    };
    expect(await generateEstimate(paths, { schemaVersion: 1, stages: {} }, files)).toBeUndefined();
    const right: FileHashCache = {
      known: { [paths.requests]: { ...recorded, sha256: sha256(REQUESTS) } },
      used: {},
    };
    expect(await generateEstimate(paths, { schemaVersion: 1, stages: {} }, right)).toEqual(ESTIMATE);
  });

  it('falls back to the recorded estimate when the requests changed since generate', async () => {
    const paths = await workspace();
    await writeFile(paths.requests, `${REQUESTS}{"custom_id":"b"}\n`);
    const summary = { ...ESTIMATE, requests: 2, outFile: 'x', manifestFile: 'y', templates: 1, topics: 1 };
    const state = { schemaVersion: 1 as const, stages: { generate: { summary } } };
    expect(await generateEstimate(paths, state as never)).toMatchObject({ requests: 2 });
    expect(await generateEstimate(paths, { schemaVersion: 1, stages: {} })).toBeUndefined();
  });
});
