import { writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountAttempt, judgeResultLine, reasonWithoutLine, scanResultFiles } from './results.js';

const good = (id: string, usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }) => ({
  id: `batch_req_${id}`,
  custom_id: id,
  response: { status_code: 200, request_id: 'r', body: { choices: [], usage } },
  error: null,
});

describe('judgeResultLine', () => {
  it('calls a status 200 response good and reads its usage', () => {
    expect(
      judgeResultLine(
        good('a', {
          prompt_tokens: 10,
          completion_tokens: 5,
          total_tokens: 15,
          prompt_tokens_details: { cached_tokens: 4 },
        } as never),
      ),
    ).toEqual({ customId: 'a', ok: true, usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 5 } });
  });

  it('gives the reason of a non-200 response and of an error line', () => {
    expect(
      judgeResultLine({
        id: 'x',
        custom_id: 'b',
        response: { status_code: 400, body: { error: { message: 'bad schema' } } },
        error: null,
      }),
    ).toMatchObject({ ok: false, reason: 'HTTP 400: bad schema' });
    expect(
      judgeResultLine({
        id: 'x',
        custom_id: 'c',
        response: null,
        error: {
          code: 'batch_expired',
          message: 'This request could not be executed before the completion window expired.',
        },
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^batch_expired: This request/) });
  });
});

describe('accountAttempt', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir();
  });
  afterEach(() => dir.remove());

  it('finds the requests without a good result and why, from output and error files', async () => {
    const out = dir.join('p.output.jsonl');
    const err = dir.join('p.errors.jsonl');
    await writeFile(out, `${JSON.stringify(good('a'))}\n${JSON.stringify(good('b'))}\n`);
    await writeFile(
      err,
      `${JSON.stringify({ id: 'x', custom_id: 'c', response: { status_code: 500, body: {} }, error: null })}\n`,
    );
    const scan = await scanResultFiles([out, err]);
    expect(scan.usage).toEqual({ inputTokens: 20, cachedInputTokens: 0, outputTokens: 10 });
    const account = accountAttempt(['a', 'b', 'c', 'd'], scan, { status: 'expired' });
    expect(account.good).toBe(2);
    expect([...account.missing]).toEqual([
      ['c', 'HTTP 500'],
      ['d', 'batch expired before this request ran'],
    ]);
    expect(account.reasons).toEqual({ 'HTTP 500': 1, 'batch expired before this request ran': 1 });
  });

  it('lets a later good result win over an earlier failure', async () => {
    const a = dir.join('a.jsonl');
    await writeFile(
      a,
      `${JSON.stringify({ id: 'x', custom_id: 'a', response: { status_code: 429, body: {} }, error: null })}\n${JSON.stringify(good('a'))}\n`,
    );
    const scan = await scanResultFiles([a]);
    expect(accountAttempt(['a'], scan, { status: 'completed' }).missing.size).toBe(0);
  });

  it('names a bad result line by file and line', async () => {
    const bad = dir.join('bad.jsonl');
    await writeFile(bad, `${JSON.stringify(good('a'))}\n{"custom_id": 3}\n`);
    await expect(scanResultFiles([bad])).rejects.toMatchObject({
      code: 'JSONL_BAD_RECORD',
      message: expect.stringContaining('bad.jsonl:2'),
    });
  });
});

describe('reasonWithoutLine', () => {
  it('says why a request has no line, from the batch state', () => {
    expect(reasonWithoutLine({ status: 'cancelled' })).toMatch(/cancelled/);
    expect(reasonWithoutLine({ status: 'failed', errors: [{ code: 'invalid_file', message: 'bad' }] })).toBe(
      'batch failed (invalid_file: bad)',
    );
    expect(reasonWithoutLine({ status: 'completed' })).toMatch(/no line/);
  });
});
