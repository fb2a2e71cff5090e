import { readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyLedgerEvent,
  emptyLedger,
  isTokenLimited,
  type Ledger,
  LedgerStore,
  readLedger,
} from './ledger.js';

const part = { file: 'part-001.jsonl', stem: 'part-001', sha256: 'aaa', requests: 3, tokens: 30 };
const attempt = {
  number: 1,
  file: 'part-001.jsonl',
  inputPath: 'openai_inputs/parts/part-001.jsonl',
  sha256: 'aaa',
  requests: 3,
  tokens: 30,
  mode: 'batch' as const,
};
const ref = { part: 'aaa', attempt: 1 };

function withAttempt(): Ledger {
  return applyLedgerEvent(applyLedgerEvent(emptyLedger(), { type: 'part-added', part }), {
    type: 'attempt-prepared',
    part: 'aaa',
    attempt,
  });
}

describe('the ledger reducer', () => {
  it('walks an attempt from prepared through uploaded, creating, submitted, ended to finished', () => {
    let ledger = withAttempt();
    expect(ledger.parts[0]?.attempts[0]?.state).toBe('prepared');
    ledger = applyLedgerEvent(ledger, { type: 'file-uploaded', ...ref, fileId: 'file-1' });
    expect(ledger.parts[0]?.attempts[0]).toMatchObject({ state: 'uploaded', fileId: 'file-1' });
    ledger = applyLedgerEvent(ledger, { type: 'batch-creating', ...ref });
    expect(ledger.parts[0]?.attempts[0]?.state).toBe('creating');
    const batch = { id: 'batch_1', status: 'validating' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    ledger = applyLedgerEvent(ledger, { type: 'batch-recorded', ...ref, batch });
    expect(ledger.parts[0]?.attempts[0]?.state).toBe('submitted');
    ledger = applyLedgerEvent(ledger, {
      type: 'batch-recorded',
      ...ref,
      batch: { ...batch, status: 'completed', outputFileId: 'file-out' },
    });
    expect(ledger.parts[0]?.attempts[0]?.batches).toHaveLength(1);
    expect(ledger.parts[0]?.attempts[0]).toMatchObject({ state: 'ended' });
    ledger = applyLedgerEvent(ledger, {
      type: 'attempt-finished',
      ...ref,
      result: {
        good: 3,
        missing: 0,
        reasons: {},
        usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 2 },
      },
    });
    expect(ledger.parts[0]?.attempts[0]?.state).toBe('finished');
  });

  it('never changes the ledger it is given', () => {
    const before = withAttempt();
    const copy = structuredClone(before);
    applyLedgerEvent(before, { type: 'file-uploaded', ...ref, fileId: 'file-1' });
    expect(before).toEqual(copy);
  });

  it('adds a part or an attempt only once (replaying an event is harmless)', () => {
    const ledger = withAttempt();
    const again = applyLedgerEvent(applyLedgerEvent(ledger, { type: 'part-added', part }), {
      type: 'attempt-prepared',
      part: 'aaa',
      attempt,
    });
    expect(again).toEqual(ledger);
  });

  it('counts a token-limit resubmission without ending the attempt, and keeps a cancel request', () => {
    let ledger = withAttempt();
    const failed = {
      id: 'batch_1',
      status: 'failed' as const,
      createdAt: 'x',
      errors: [{ code: 'token_limit_exceeded', message: 'Enqueued token limit reached' }],
    };
    expect(isTokenLimited(failed)).toBe(true);
    expect(isTokenLimited({ ...failed, errors: [{ code: 'invalid_json' }] })).toBe(false);
    ledger = applyLedgerEvent(ledger, { type: 'batch-recorded', ...ref, batch: failed });
    ledger = applyLedgerEvent(ledger, { type: 'capacity-wait', ...ref });
    expect(ledger.parts[0]?.attempts[0]).toMatchObject({ state: 'waiting-capacity', capacityRetries: 1 });
    const second = { id: 'batch_2', status: 'in_progress' as const, createdAt: 'y' };
    ledger = applyLedgerEvent(ledger, { type: 'batch-creating', ...ref });
    ledger = applyLedgerEvent(ledger, { type: 'batch-recorded', ...ref, batch: second });
    ledger = applyLedgerEvent(ledger, { type: 'cancel-requested', ...ref, batchId: 'batch_2' });
    ledger = applyLedgerEvent(ledger, {
      type: 'batch-recorded',
      ...ref,
      batch: { ...second, status: 'cancelling' },
    });
    expect(ledger.parts[0]?.attempts[0]?.batches[1]).toMatchObject({
      status: 'cancelling',
      cancelRequested: true,
    });
    expect(ledger.parts[0]?.attempts[0]?.state).toBe('submitted');
  });

  it('refuses events for parts it does not know', () => {
    expect(() => applyLedgerEvent(emptyLedger(), { type: 'batch-creating', ...ref })).toThrow(/no part/);
  });
});

describe('the ledger file', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir();
  });
  afterEach(() => dir.remove());

  it('is written after every event and read back equal', async () => {
    const path = dir.join('batches', 'ledger.json');
    const store = await LedgerStore.open(path);
    await Promise.all([
      store.apply({ type: 'part-added', part }),
      store.apply({ type: 'attempt-prepared', part: 'aaa', attempt }),
    ]);
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk.schemaVersion).toBe(2);
    expect(await readLedger(path)).toEqual(store.ledger);
    expect(store.part('aaa').attempts).toHaveLength(1);
  });

  it('is empty when absent', async () => {
    expect(await readLedger(dir.join('nope.json'))).toEqual(emptyLedger());
  });

  it('names the file when it is not JSON or not a ledger', async () => {
    const path = dir.join('ledger.json');
    await writeFile(path, '{ nope');
    await expect(readLedger(path)).rejects.toMatchObject({ code: 'LEDGER_NOT_JSON', exitCode: 2 });
    await writeFile(path, JSON.stringify({ schemaVersion: 9, parts: [] }));
    await expect(readLedger(path)).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      message: expect.stringContaining('ledger.json'),
    });
  });

  /** A ledger file in `<dir>/batches/` whose one attempt has `inputPath` (and `extra` fields). */
  async function ledgerWith(version: number, inputPath: string, extra: Record<string, unknown> = {}) {
    const path = dir.join('batches', 'ledger.json');
    const ledger = withAttempt();
    const first = ledger.parts[0]?.attempts[0];
    if (!first) throw new Error('fixture');
    Object.assign(first, { inputPath, ...extra });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir.join('batches'), { recursive: true });
    await writeFile(path, JSON.stringify({ ...ledger, schemaVersion: version }));
    return path;
  }

  it('refuses a path outside the data folder, naming the ledger and the field', async () => {
    for (const inputPath of ['/any/file', '../../etc/passwd', 'openai_inputs/../../x.jsonl']) {
      const path = await ledgerWith(2, inputPath);
      await expect(readLedger(path)).rejects.toMatchObject({
        code: 'LEDGER_PATH_OUTSIDE',
        exitCode: 2,
        message: expect.stringMatching(
          /ledger\.json: parts\.0\.attempts\.0\.inputPath ".+" is outside the data folder/,
        ),
      });
    }
  });

  it('refuses file names that are paths', async () => {
    const path = await ledgerWith(2, 'openai_inputs/parts/part-001.jsonl', {
      resultFiles: ['../../x.jsonl'],
    });
    await expect(readLedger(path)).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      message: expect.stringContaining('parts.0.attempts.0.resultFiles.0: must be a file name, not a path'),
    });
  });

  it('migrates a version 1 ledger: absolute paths inside the data folder and retry paths beside the ledger', async () => {
    const path = await ledgerWith(1, dir.join('openai_inputs', 'parts', 'part-001.jsonl'));
    expect((await readLedger(path)).parts[0]?.attempts[0]?.inputPath).toBe(
      'openai_inputs/parts/part-001.jsonl',
    );
    await ledgerWith(1, 'retry/part-001.retry-1.jsonl');
    expect(await readLedger(path)).toMatchObject({
      schemaVersion: 2,
      parts: [{ attempts: [{ inputPath: 'batches/retry/part-001.retry-1.jsonl' }] }],
    });
    await ledgerWith(1, '/elsewhere/part-001.jsonl');
    await expect(readLedger(path)).rejects.toMatchObject({ code: 'LEDGER_PATH_OUTSIDE' });
  });
});
