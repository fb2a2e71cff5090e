// An edited ledger or a changed part file never gets anything uploaded (OpenAI emulator on 127.0.0.1).
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLedgerEvent, emptyLedger, LEDGER_VERSION, type Ledger } from '../ledger.js';
import { type PartsInput, partsFromFiles, partsFromManifest } from '../parts.js';
import { submit } from '../submit.js';
import { writeParts } from './helpers.js';

let dir: TempDir;
let api: OpenAIEmulator;

beforeEach(async () => {
  dir = await createTempDir('km-ledger-trust-');
  api = await startOpenAIEmulator();
});
afterEach(async () => {
  await api.close();
  await dir.remove();
});

const run = (input: PartsInput) =>
  submit(input, {
    outDir: dir.join('clean_outputs'),
    ledgerPath: dir.join('batches', 'ledger.json'),
    connection: { apiKey: api.apiKey, baseURL: api.baseURL },
    pollInterval: 0.005,
  });
const uploads = () => api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/files'));

/** A ledger whose first part has a prepared (not yet uploaded) attempt reading `inputPath`. */
async function ledgerPreparing(input: PartsInput, inputPath: string, sha256: string): Promise<void> {
  const part = input.parts[0];
  if (!part) throw new Error('fixture');
  let ledger: Ledger = applyLedgerEvent(emptyLedger(), {
    type: 'part-added',
    part: {
      file: part.file,
      stem: part.stem,
      sha256: part.sha256,
      requests: part.requests,
      tokens: part.tokens,
    },
  });
  ledger = applyLedgerEvent(ledger, {
    type: 'attempt-prepared',
    part: part.sha256,
    attempt: {
      number: 1,
      file: part.file,
      inputPath,
      sha256,
      requests: part.requests,
      tokens: part.tokens,
      mode: 'batch',
    },
  });
  await writeJsonAtomic(dir.join('batches', 'ledger.json'), { ...ledger, schemaVersion: LEDGER_VERSION });
}

describe('submit trusts no path or file the ledger names without checking it', () => {
  it('refuses an attempt whose input path leads outside the data folder, before any upload', async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 1, 2));
    const secret = dir.join('..', `${dir.path.split('/').at(-1)}-secret.txt`);
    await writeFile(secret, 'not for upload');
    try {
      for (const inputPath of [secret, '../secret.txt']) {
        await ledgerPreparing(input, inputPath, input.parts[0]?.sha256 ?? '');
        await expect(run(input)).rejects.toMatchObject({
          code: 'LEDGER_PATH_OUTSIDE',
          message: expect.stringContaining('parts.0.attempts.0.inputPath'),
        });
      }
      expect(uploads()).toEqual([]);
    } finally {
      await rm(secret, { force: true });
    }
  });

  it('checks the recorded sha256 before the upload: another file inside the folder is not sent', async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 2, 2));
    await ledgerPreparing(input, 'openai_inputs/parts/part-002.jsonl', input.parts[0]?.sha256 ?? '');
    await expect(run(input)).rejects.toMatchObject({
      code: 'PART_CHANGED',
      message: expect.stringContaining('part-002.jsonl changed since'),
    });
    expect(uploads()).toEqual([]);
  });

  it('refuses a part outside the data folder, with nothing written', async () => {
    const outside = await createTempDir('km-outside-');
    try {
      await writeParts(outside.path, 1, 2);
      const input = await partsFromFiles([outside.join('openai_inputs', 'parts', 'part-001.jsonl')]);
      await expect(run(input)).rejects.toMatchObject({
        code: 'PART_OUTSIDE_DATA_DIR',
        message: expect.stringContaining('is outside the data folder'),
      });
      expect(existsSync(dir.join('batches'))).toBe(false);
      expect(api.calls).toEqual([]);
    } finally {
      await outside.remove();
    }
  });

  it('stores the part path relative to the data folder and runs from a migrated version 1 ledger', async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 1, 2));
    const part = input.parts[0];
    await ledgerPreparing(input, part?.path ?? '', part?.sha256 ?? '');
    const v1 = JSON.parse(await readFile(dir.join('batches', 'ledger.json'), 'utf8'));
    await writeFile(dir.join('batches', 'ledger.json'), JSON.stringify({ ...v1, schemaVersion: 1 }));
    const summary = await run(input);
    expect(summary).toMatchObject({ succeeded: 2, batchesCreated: 1 });
    const ledger = JSON.parse(await readFile(dir.join('batches', 'ledger.json'), 'utf8'));
    expect(ledger.schemaVersion).toBe(2);
    expect(ledger.parts[0].attempts[0].inputPath).toBe('openai_inputs/parts/part-001.jsonl');
  });
});
