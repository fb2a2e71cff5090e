import { writeFile } from 'node:fs/promises';
import type { RequestsManifest } from '@kalvimate/core';
import { createTempDir } from '@kalvimate/testkit';
import { describe, expect, it } from 'vitest';
import type { FileHashCache } from './fingerprint.js';
import { readRequestManifest } from './request-manifest.js';

const manifest = (model: string): RequestsManifest => ({
  schemaVersion: 1,
  model,
  book: { title: 'B', identifier: 'b', language: 'en' },
  requestsFile: 'requests.jsonl',
  requestsSha256: 'x',
  templates: {},
  requests: {},
});
const newRun = (): FileHashCache => ({ known: {}, used: {} });

describe('readRequestManifest', () => {
  it('parses a manifest once per version within a run, and again in another run', async () => {
    await using dir = await createTempDir('km-manifest-');
    const path = dir.join('requests.manifest.json');
    await writeFile(path, JSON.stringify(manifest('gpt-4o-mini')));
    const run = newRun();
    const first = await readRequestManifest(path, run);
    expect(first.model).toBe('gpt-4o-mini');
    expect(await readRequestManifest(path, run)).toBe(first);
    expect(await readRequestManifest(path, newRun())).not.toBe(first);
    expect(await readRequestManifest(path)).not.toBe(first);
    // Another version of the file (another size) is read again.
    await writeFile(path, JSON.stringify(manifest('gpt-4o')));
    expect((await readRequestManifest(path, run)).model).toBe('gpt-4o');
  });

  it('names a missing or invalid manifest with its own code', async () => {
    await using dir = await createTempDir('km-manifest-');
    const path = dir.join('requests.manifest.json');
    await expect(readRequestManifest(path, newRun())).rejects.toMatchObject({
      code: 'REQUEST_MANIFEST_MISSING',
    });
    await writeFile(path, JSON.stringify({ model: 1 }));
    await expect(readRequestManifest(path, newRun())).rejects.toMatchObject({
      code: 'REQUEST_MANIFEST_INVALID',
    });
  });
});
