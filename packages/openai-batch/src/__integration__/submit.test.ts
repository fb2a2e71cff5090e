// Runs the real openai SDK against the OpenAI emulator of @kalvimate/testkit on 127.0.0.1.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { MemoryReporter, readJsonl } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLedger } from '../ledger.js';
import { partsFromFiles, partsFromManifest } from '../parts.js';
import { type SubmitPartsOptions, submit } from '../submit.js';
import { customIdOfBody, idOf, requestLine, writeParts } from './helpers.js';

let dir: TempDir;
let api: OpenAIEmulator | undefined;

beforeEach(async () => {
  dir = await createTempDir('km-submit-');
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await dir.remove();
});

async function emulator(options: Parameters<typeof startOpenAIEmulator>[0] = {}): Promise<OpenAIEmulator> {
  api = await startOpenAIEmulator({ customIdOf: customIdOfBody, ...options });
  return api;
}

function options(extra: Partial<SubmitPartsOptions> = {}): SubmitPartsOptions {
  return {
    outDir: dir.join('clean_outputs'),
    ledgerPath: dir.join('batches', 'ledger.json'),
    connection: { apiKey: api?.apiKey, baseURL: api?.baseURL },
    pollInterval: 0.005,
    capacityWaitMs: 5,
    backoff: { maxRetries: 6, baseMs: 1, maxMs: 5, maxRetryAfterMs: 50 },
    ...extra,
  };
}

async function goodIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const name of await readdir(dir.join('clean_outputs'))) {
    if (!name.endsWith('.jsonl')) continue;
    for await (const { value } of readJsonl<{ custom_id: string; response: { status_code: number } | null }>(
      dir.join('clean_outputs', name),
    ))
      if (value.response?.status_code === 200) ids.add(value.custom_id);
  }
  return ids;
}

const allIds = (parts: number, perPart: number) =>
  Array.from({ length: parts }, (_, p) =>
    Array.from({ length: perPart }, (_, r) => idOf(p + 1, r + 1)),
  ).flat();

describe('submit against the emulator', () => {
  it('runs one batch per part, downloads every result, and a re-run does nothing', async () => {
    const emu = await emulator();
    const input = await partsFromManifest(await writeParts(dir.path, 3, 4));
    const summary = await submit(input, options());
    expect(summary).toMatchObject({
      parts: 3,
      requests: 12,
      succeeded: 12,
      failed: 0,
      pending: 0,
      batchesCreated: 3,
    });
    expect(emu.listBatches()).toHaveLength(3);
    expect(await goodIds()).toEqual(new Set(allIds(3, 4)));
    expect((await readdir(dir.join('clean_outputs'))).sort()).toEqual([
      'part-001.output.jsonl',
      'part-002.output.jsonl',
      'part-003.output.jsonl',
    ]);
    const ledger = await readLedger(dir.join('batches', 'ledger.json'));
    expect(ledger.parts.map((p) => p.attempts[0]?.state)).toEqual(['finished', 'finished', 'finished']);
    expect(summary.costUsd).toBeGreaterThan(0);

    const callsBefore = emu.calls.length;
    const reporter = new MemoryReporter();
    const again = await submit(input, { ...options(), reporter });
    expect(again.nothingToDo).toBe(true);
    expect(emu.calls.length).toBe(callsBefore);
    expect(reporter.messages('info').join('\n')).toContain('nothing to do');
  });

  it('removes the temp files a killed run left behind, and nothing else', async () => {
    await emulator();
    const input = await partsFromManifest(await writeParts(dir.path, 1, 1));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir.join('clean_outputs'), { recursive: true });
    await writeFile(dir.join('clean_outputs', '.part-001.output.jsonl.tmp-999999-abcd1234'), 'half');
    await writeFile(dir.join('clean_outputs', 'notes.txt'), 'mine');
    await submit(input, options());
    expect((await readdir(dir.join('clean_outputs'))).sort()).toEqual(['notes.txt', 'part-001.output.jsonl']);
  });

  it('keeps the parts in flight within the enqueued-token budget, and starts them together when it allows', async () => {
    const emu = await emulator({ batchLatencyMs: 60 });
    const input = await partsFromManifest(await writeParts(dir.path, 6, 2));
    // At every wait, count the batches not yet ended, and the batches created before the first wait.
    const seen = { peak: 0, atFirstWait: -1 };
    const watch = async (ms: number) => {
      const batches = (api ?? emu).listBatches();
      const active = batches.filter((b) => ['validating', 'in_progress', 'finalizing'].includes(b.status));
      seen.peak = Math.max(seen.peak, active.length);
      if (seen.atFirstWait < 0) seen.atFirstWait = batches.length;
      await new Promise((r) => setTimeout(r, ms));
    };
    // Each part is 80 tokens in the manifest: a budget of 200 fits two at a time.
    const small = await submit(input, options({ queueTokens: 200, sleep: watch }));
    expect(small.succeeded).toBe(12);
    expect(seen.peak).toBeLessThanOrEqual(2);
    expect(seen.atFirstWait).toBe(2);

    await rm(dir.join('batches'), { recursive: true });
    await rm(dir.join('clean_outputs'), { recursive: true });
    const emu2 = await startOpenAIEmulator({ batchLatencyMs: 60 });
    await emu.close();
    api = emu2;
    seen.atFirstWait = -1;
    const wide = await submit(input, options({ sleep: watch }));
    expect(wide.succeeded).toBe(12);
    expect(seen.atFirstWait).toBe(6);
  });

  it('resubmits a batch that failed with token_limit_exceeded, without counting an attempt', async () => {
    const emu = await emulator();
    emu.faults.tokenLimitNextBatches = 2;
    const input = await partsFromManifest(await writeParts(dir.path, 2, 3));
    const summary = await submit(input, options());
    expect(summary).toMatchObject({ succeeded: 6, failed: 0, capacityResubmits: 2, retryParts: 0 });
    const ledger = await readLedger(dir.join('batches', 'ledger.json'));
    expect(ledger.parts.flatMap((p) => p.attempts).every((a) => a.number === 1)).toBe(true);
    expect(ledger.parts.reduce((n, p) => n + (p.attempts[0]?.capacityRetries ?? 0), 0)).toBe(2);
  });

  it('waits capacityWait seconds (the config key) before resubmitting into a queue another job fills', async () => {
    const emu = await emulator();
    emu.faults.tokenLimitNextBatches = 1;
    const input = await partsFromManifest(await writeParts(dir.path, 1, 2));
    // A clock that moves only when the run sleeps: its reading at the end is the time the run waited.
    let clock = 1_000_000;
    const summary = await submit(
      input,
      options({
        capacityWaitMs: undefined,
        capacityWait: 7,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
          await new Promise((resolve) => setImmediate(resolve));
        },
      }),
    );
    expect(summary).toMatchObject({ succeeded: 2, capacityResubmits: 1 });
    const waited = clock - 1_000_000;
    expect(waited).toBeGreaterThanOrEqual(7_000);
    expect(waited).toBeLessThan(60_000);
  });

  it("waits for capacity under the emulator's enqueued-token limit and still finishes every part", async () => {
    const emu = await emulator({ enqueuedTokenLimit: 300, batchLatencyMs: 30 });
    const input = await partsFromManifest(await writeParts(dir.path, 4, 3));
    const summary = await submit(input, options());
    expect(summary.succeeded).toBe(12);
    expect(summary.failed).toBe(0);
    expect(await goodIds()).toEqual(new Set(allIds(4, 3)));
    const alive = emu.listBatches().filter((b) => b.status !== 'failed');
    expect(alive).toHaveLength(4);
  });

  it('resubmits failed lines as a retry part, and names what still fails after the last attempt', async () => {
    const emu = await emulator();
    emu.faults.failCustomIdsOnce.add(idOf(1, 2));
    emu.faults.failCustomIds.add(idOf(2, 1));
    const input = await partsFromManifest(await writeParts(dir.path, 2, 3));
    const summary = await submit(input, options({ maxAttempts: 3 }));
    expect(summary.succeeded).toBe(5);
    expect(summary.missing).toEqual([
      { customId: idOf(2, 1), part: 'part-002.jsonl', reason: expect.stringMatching(/^HTTP 500/) },
    ]);
    const names = await readdir(dir.join('clean_outputs'));
    expect(names).toContain('part-001.retry-1.output.jsonl');
    expect(names).toContain('part-002.retry-2.errors.jsonl');
    expect(await readFile(dir.join('batches', 'retry', 'part-002.retry-1.jsonl'), 'utf8')).toContain(
      idOf(2, 1),
    );
    expect(emu.listBatches().filter((b) => b.metadata?.kalvimate_part === 'part-002.jsonl')).toHaveLength(3);
  });

  it('does not retry a batch that failed validation, and says why its requests have no result', async () => {
    const emu = await emulator();
    const other = JSON.parse(requestLine('b'));
    other.body.model = 'gpt-4o';
    await writeFile(dir.join('mixed.jsonl'), `${requestLine('a')}\n${JSON.stringify(other)}\n`);
    const summary = await submit(await partsFromFiles([dir.join('mixed.jsonl')]), options());
    expect(summary).toMatchObject({ succeeded: 0, failed: 2, retryParts: 0 });
    expect(summary.missing[0]?.reason).toMatch(/^batch failed \(mismatched_model: /);
    expect(emu.listBatches()).toHaveLength(1);
  });

  it('keeps the partial output of an expired batch and sends only the rest again', async () => {
    const emu = await emulator();
    emu.faults.expireNextBatches = 1;
    const input = await partsFromManifest(await writeParts(dir.path, 1, 6));
    const summary = await submit(input, options());
    expect(summary).toMatchObject({ succeeded: 6, failed: 0, retryParts: 1 });
    expect(await goodIds()).toEqual(new Set(allIds(1, 6)));
    const ledger = await readLedger(dir.join('batches', 'ledger.json'));
    const [first, second] = ledger.parts[0]?.attempts ?? [];
    expect(first?.batches[0]?.status).toBe('expired');
    expect(second?.requests).toBe(6 - (first?.result?.good ?? 0));
  });

  it('retries 429 and 500 answers, waiting at least what Retry-After asks', async () => {
    const emu = await emulator();
    emu.faults.retryAfterMs = 40;
    emu.faults.rateLimitNext = 2;
    emu.faults.serverErrorNext = 1;
    const waits: number[] = [];
    const reporter = new MemoryReporter();
    const input = await partsFromManifest(await writeParts(dir.path, 1, 2));
    const summary = await submit(input, {
      ...options({
        sleep: async (ms) => {
          waits.push(ms);
          await new Promise((r) => setTimeout(r, 1));
        },
      }),
      reporter,
    });
    expect(summary.succeeded).toBe(2);
    expect(waits.slice(0, 3)).toEqual([40, 40, 40]);
    expect(reporter.messages('warn').join('\n')).toMatch(/HTTP 429, retry 1\/6/);
  });

  it('sends requests directly in direct mode, through 429s, and writes Batch output lines', async () => {
    const emu = await emulator();
    emu.faults.failCustomIds.add(idOf(1, 3));
    emu.faults.rateLimitNext = 3;
    const input = await partsFromManifest(await writeParts(dir.path, 2, 5));
    const summary = await submit(input, options({ mode: 'direct', concurrency: 3, maxAttempts: 1 }));
    expect(summary).toMatchObject({ mode: 'direct', succeeded: 9, failed: 1 });
    expect(emu.calls.some((c) => c.path.startsWith('/v1/batches') || c.path.startsWith('/v1/files'))).toBe(
      false,
    );
    const lines = (await readFile(dir.join('clean_outputs', 'part-001.direct-0001.output.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      id: expect.stringMatching(/^batch_req_/),
      custom_id: expect.any(String),
      response: { status_code: 200, body: { object: 'chat.completion' } },
      error: null,
    });
    expect(await goodIds()).toEqual(new Set(allIds(2, 5).filter((id) => id !== idOf(1, 3))));
  });

  it('switches to direct mode by itself when the server has no Batch API', async () => {
    await emulator({ batchApi: false });
    const reporter = new MemoryReporter();
    const input = await partsFromManifest(await writeParts(dir.path, 1, 3));
    const summary = await submit(input, { ...options(), reporter });
    expect(summary).toMatchObject({ switchedToDirect: true, mode: 'direct', succeeded: 3 });
    expect(reporter.messages('warn').join('\n')).toMatch(
      /no Batch API \(404 on \/v1\/batches\): switching to direct mode/,
    );
  });

  it('asks beforeDirectMode before the automatic switch, and sends nothing when it refuses', async () => {
    const emu = await emulator({ batchApi: false });
    const input = await partsFromManifest(await writeParts(dir.path, 1, 3));
    let asked = 0;
    const refusal = new Error('over budget at standard prices');
    await expect(
      submit(input, {
        ...options(),
        beforeDirectMode: () => {
          asked += 1;
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(asked).toBe(1);
    expect(emu.calls.filter((c) => c.method === 'POST')).toEqual([]);
    const summary = await submit(input, { ...options(), beforeDirectMode: () => undefined });
    expect(summary).toMatchObject({ switchedToDirect: true, succeeded: 3 });
  });

  it('returns after submitting with wait: false, and a later run finishes without a second batch', async () => {
    const emu = await emulator({ batchLatencyMs: 100 });
    const input = await partsFromManifest(await writeParts(dir.path, 2, 2));
    const first = await submit(input, options({ wait: false }));
    expect(first).toMatchObject({ batchesCreated: 2, succeeded: 0, pending: 4 });
    const second = await submit(input, options());
    expect(second).toMatchObject({ batchesCreated: 0, succeeded: 4 });
    expect(emu.listBatches()).toHaveLength(2);
  });

  it('finds its batches at the API by metadata when the ledger is lost, instead of creating new ones', async () => {
    const emu = await emulator({ batchLatencyMs: 100 });
    const input = await partsFromManifest(await writeParts(dir.path, 2, 2));
    await submit(input, options({ wait: false }));
    await rm(dir.join('batches', 'ledger.json'));
    const reporter = new MemoryReporter();
    const summary = await submit(input, { ...options(), reporter });
    expect(summary).toMatchObject({ batchesCreated: 0, succeeded: 4 });
    expect(emu.listBatches()).toHaveLength(2);
    expect(reporter.messages('info').join('\n')).toMatch(/found its batch batch_\S+ .* not creating another/);
  });
});

describe('submit refuses bad setups before sending or writing anything', () => {
  it('names OPENAI_API_KEY when no key is set for the OpenAI API', async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 1, 1));
    await expect(submit(input, options({ connection: {} }))).rejects.toMatchObject({
      code: 'OPENAI_API_KEY_MISSING',
      exitCode: 2,
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
    await expect(readdir(dir.join('batches'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(dir.join('clean_outputs'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names an option out of range', async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 1, 1));
    await expect(submit(input, options({ maxAttempts: 0 }))).rejects.toMatchObject({
      code: 'SUBMIT_OPTIONS_INVALID',
      message: expect.stringContaining('maxAttempts'),
    });
    await expect(readdir(dir.join('batches'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names the URL of a server that cannot be reached', async () => {
    const emu = await emulator();
    const url = emu.baseURL;
    await emu.close();
    api = undefined;
    const input = await partsFromManifest(await writeParts(dir.path, 1, 1));
    await expect(
      submit(input, options({ connection: { apiKey: 'sk-unreachable-test-key-123456', baseURL: url } })),
    ).rejects.toMatchObject({
      code: 'OPENAI_UNREACHABLE',
      exitCode: 3,
      message: expect.stringContaining(url),
    });
  });

  it('says the key was refused, and never writes the key anywhere', async () => {
    await emulator();
    const input = await partsFromManifest(await writeParts(dir.path, 1, 1));
    const wrongKey = 'sk-wrong-key-abcdefghijklmnop';
    await expect(
      submit(input, options({ connection: { apiKey: wrongKey, baseURL: api?.baseURL } })),
    ).rejects.toMatchObject({ code: 'OPENAI_KEY_REJECTED' });
    const key = api?.apiKey as string;
    await submit(input, options());
    const { execFileSync } = await import('node:child_process');
    const grep = (needle: string) => {
      try {
        return execFileSync('grep', ['-rl', needle, dir.path], { encoding: 'utf8' });
      } catch {
        return '';
      }
    };
    expect(grep(key)).toBe('');
    expect(grep(wrongKey)).toBe('');
  });
});
