import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOW_SCORE_MARKER,
  type OpenAIEmulator,
  type OpenAIEmulatorOptions,
  startOpenAIEmulator,
} from './openai-emulator.js';

const MODEL = 'gpt-4o-mini';

const conversationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['conversations'],
  properties: {
    conversations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['messages'],
        properties: {
          messages: {
            type: 'array',
            minItems: 2,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'content'],
              properties: {
                role: { type: 'string', enum: ['user', 'assistant'] },
                content: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
};

function requestBody(topic: string, structured = false) {
  return {
    model: MODEL,
    messages: [
      { role: 'system', content: 'You write study dialogues.' },
      { role: 'user', content: `Write about ${topic}.` },
    ],
    ...(structured
      ? {
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'dialogues', strict: true, schema: conversationSchema },
          },
        }
      : {}),
  };
}

function requestLine(customId: string, structured = false): string {
  return JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: requestBody(`topic ${customId}`, structured),
  });
}

function jsonl(lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

const ids = (count: number, prefix = 'req') => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

let emulator: OpenAIEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: OpenAIEmulatorOptions = {}) {
  emulator = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1, ...options });
  const client = new OpenAI({ baseURL: emulator.baseURL, apiKey: emulator.apiKey, maxRetries: 0 });
  return { api: emulator, client };
}

async function upload(client: OpenAI, content: string, name = 'part-001.jsonl') {
  return client.files.create({ file: await toFile(Buffer.from(content), name), purpose: 'batch' });
}

async function submit(client: OpenAI, content: string, metadata?: Record<string, string>) {
  const file = await upload(client, content);
  return client.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
}

const FINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

async function waitForEnd(client: OpenAI, batchId: string): Promise<OpenAI.Batch> {
  for (;;) {
    const batch = await client.batches.retrieve(batchId);
    if (FINAL.has(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Polls until the batch has `status`; throws if it ends in another. */
async function waitForStatus(client: OpenAI, batchId: string, status: OpenAI.Batch['status']) {
  for (;;) {
    const batch = await client.batches.retrieve(batchId);
    if (batch.status === status) return batch;
    if (FINAL.has(batch.status)) throw new Error(`batch ended ${batch.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function lines(client: OpenAI, fileId: string | null | undefined) {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & { custom_id: string });
}

describe('files', () => {
  it('stores an upload and serves its metadata, content, list and deletion', async () => {
    const { client } = await start();
    const content = jsonl([requestLine('a')]);
    const file = await upload(client, content, 'input.jsonl');
    expect(file).toMatchObject({
      object: 'file',
      purpose: 'batch',
      filename: 'input.jsonl',
      bytes: content.length,
    });
    expect(file.id).toMatch(/^file-/);
    expect(await client.files.retrieve(file.id)).toEqual(file);
    expect(await (await client.files.content(file.id)).text()).toBe(content);
    const listed = await client.files.list({ purpose: 'batch' });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses an upload without a purpose', async () => {
    const { api } = await start();
    const form = new FormData();
    form.set('file', new Blob(['{}\n']), 'x.jsonl');
    const response = await fetch(`${api.baseURL}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { param: 'purpose', type: 'invalid_request_error' },
    });
  });
});

describe('a batch on the happy path', () => {
  it('goes validating, in_progress, finalizing, completed and writes one output line per request', async () => {
    const { client, api } = await start();
    const batch = await submit(client, jsonl(ids(3).map((id) => requestLine(id))), { part_sha256: 'abc' });
    expect(batch).toMatchObject({
      object: 'batch',
      status: 'validating',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { part_sha256: 'abc' },
    });
    const done = await waitForEnd(client, batch.id);
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
    expect(done.error_file_id).toBeNull();
    expect(done.in_progress_at).toBeTypeOf('number');
    expect(done.finalizing_at).toBeTypeOf('number');
    expect(done.completed_at).toBeTypeOf('number');
    const output = await lines(client, done.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(ids(3));
    const first = output[0] as unknown as {
      id: string;
      error: null;
      response: { status_code: number; request_id: string; body: OpenAI.ChatCompletion };
    };
    expect(first.id).toMatch(/^batch_req_/);
    expect(first.error).toBeNull();
    expect(first.response.status_code).toBe(200);
    expect(first.response.body.object).toBe('chat.completion');
    expect(first.response.body.model).toBe(MODEL);
    expect(first.response.body.choices[0]?.finish_reason).toBe('stop');
    expect(first.response.body.choices[0]?.message.content).toContain('Write about topic req-1');
    const usage = first.response.body.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(10);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    expect(api.listBatches()[0]).toMatchObject({
      id: batch.id,
      status: 'completed',
      metadata: { part_sha256: 'abc' },
    });
  });

  it('progresses without any client call', async () => {
    const { client, api } = await start();
    const batch = await submit(client, jsonl([requestLine('only')]));
    const callsBefore = api.calls.length;
    while (api.listBatches()[0]?.status !== 'completed')
      await new Promise((resolve) => setTimeout(resolve, 2));
    expect(api.calls.length).toBe(callsBefore);
    expect(api.listBatches()[0]?.id).toBe(batch.id);
  });

  it('records every HTTP call in order', async () => {
    const { client, api } = await start();
    await submit(client, jsonl([requestLine('x')]));
    expect(api.calls).toEqual([
      { method: 'POST', path: '/v1/files' },
      { method: 'POST', path: '/v1/batches' },
    ]);
  });
});

describe('batch validation', () => {
  it.each([
    ['a line that is not JSON', 'not json', 'invalid_json_line'],
    ['a duplicate custom_id', `${requestLine('a')}\n${requestLine('a')}`, 'duplicate_custom_id'],
    [
      'a GET request',
      JSON.stringify({ custom_id: 'a', method: 'GET', url: '/v1/chat/completions', body: requestBody('t') }),
      'invalid_method',
    ],
    [
      'another endpoint',
      JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/embeddings', body: requestBody('t') }),
      'invalid_url',
    ],
    [
      'two models',
      `${requestLine('a')}\n${JSON.stringify({ custom_id: 'b', method: 'POST', url: '/v1/chat/completions', body: { ...requestBody('t'), model: 'gpt-4o' } })}`,
      'mismatched_model',
    ],
    [
      'a line without custom_id',
      JSON.stringify({ method: 'POST', url: '/v1/chat/completions', body: {} }),
      'missing_required_parameter',
    ],
  ])('fails a batch with %s', async (_name, content, code) => {
    const { client } = await start();
    const batch = await submit(client, `${content}\n`);
    const done = await waitForEnd(client, batch.id);
    expect(done.status).toBe('failed');
    expect(done.failed_at).toBeTypeOf('number');
    expect(done.output_file_id).toBeNull();
    const line = code === 'duplicate_custom_id' || code === 'mismatched_model' ? 2 : 1;
    expect(done.errors?.data?.[0]).toMatchObject({ code, line });
  });

  it('refuses a batch for an unknown file or a wrong completion window', async () => {
    const { client } = await start();
    await expect(
      client.batches.create({
        input_file_id: 'file-nope',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    ).rejects.toMatchObject({ status: 404 });
    const file = await upload(client, jsonl([requestLine('a')]));
    await expect(
      client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '1h' as '24h',
      }),
    ).rejects.toMatchObject({ status: 400, param: 'completion_window' });
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    await expect(
      client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: tooMany,
      }),
    ).rejects.toMatchObject({ status: 400, param: 'metadata' });
  });
});

describe('batch list', () => {
  it('pages newest first with a cursor', async () => {
    const { client, api } = await start();
    const created: string[] = [];
    for (const id of ids(5)) created.push((await submit(client, jsonl([requestLine(id)]))).id);
    const newestFirst = [...created].reverse();
    const first = await client.batches.list({ limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    const response = await fetch(`${api.baseURL}/batches?limit=2`, {
      headers: { authorization: `Bearer ${api.apiKey}` },
    });
    const raw = (await response.json()) as { first_id: string; last_id: string };
    expect(raw).toMatchObject({ first_id: newestFirst[0], last_id: newestFirst[1] });
    const second = await client.batches.list({ limit: 2, after: newestFirst[1] });
    expect(second.data.map((b) => b.id)).toEqual(newestFirst.slice(2, 4));
    const all: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) all.push(batch.id);
    expect(all).toEqual(newestFirst);
  });
});

describe('cancel', () => {
  it('goes cancelling then cancelled, keeping executed lines and marking the rest batch_cancelled', async () => {
    const { client } = await start({ batchLatencyMs: 60_000 });
    const batch = await submit(client, jsonl(ids(4).map((id) => requestLine(id))));
    await waitForStatus(client, batch.id, 'in_progress');
    const cancelling = await client.batches.cancel(batch.id);
    expect(cancelling.status).toBe('cancelling');
    expect(cancelling.cancelling_at).toBeTypeOf('number');
    const done = await waitForEnd(client, batch.id);
    expect(done.status).toBe('cancelled');
    expect(done.cancelled_at).toBeTypeOf('number');
    const output = await lines(client, done.output_file_id);
    const errors = await lines(client, done.error_file_id);
    expect(output.length + errors.length).toBe(4);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.at(-1)).toMatchObject({ response: null, error: { code: 'batch_cancelled' } });
    await expect(client.batches.cancel(batch.id)).rejects.toMatchObject({ status: 400 });
  });

  it('counts progress while in progress and keeps the executed half on cancel', async () => {
    let clock = 1_000_000;
    const { client } = await start({ batchLatencyMs: 60_000, now: () => clock });
    const batch = await submit(client, jsonl(ids(4).map((id) => requestLine(id))));
    expect((await waitForStatus(client, batch.id, 'in_progress')).request_counts).toEqual({
      total: 4,
      completed: 0,
      failed: 0,
    });
    clock += 30_000;
    expect((await client.batches.retrieve(batch.id)).request_counts).toEqual({
      total: 4,
      completed: 2,
      failed: 0,
    });
    await client.batches.cancel(batch.id);
    const done = await waitForEnd(client, batch.id);
    expect(done.status).toBe('cancelled');
    expect((await lines(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['req-1', 'req-2']);
    const errors = await lines(client, done.error_file_id);
    expect(errors.map((l) => [l.custom_id, (l.error as { code: string }).code])).toEqual([
      ['req-3', 'batch_cancelled'],
      ['req-4', 'batch_cancelled'],
    ]);
  });

  it('cancels a batch still validating without running any line', async () => {
    const { client } = await start({ validatingMs: 60_000 });
    const batch = await submit(client, jsonl([requestLine('a')]));
    expect((await client.batches.cancel(batch.id)).status).toBe('cancelling');
    const done = await waitForEnd(client, batch.id);
    expect(done).toMatchObject({ status: 'cancelled', output_file_id: null, error_file_id: null });
  });
});

describe('faults', () => {
  it('puts failCustomIds lines in the error file with a 500 response', async () => {
    const { client, api } = await start();
    api.faults.failCustomIds.add('req-2');
    const done = await waitForEnd(
      client,
      (await submit(client, jsonl(ids(3).map((id) => requestLine(id))))).id,
    );
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 3, completed: 2, failed: 1 });
    expect((await lines(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['req-1', 'req-3']);
    const errors = await lines(client, done.error_file_id);
    expect(errors).toEqual([
      expect.objectContaining({
        custom_id: 'req-2',
        error: null,
        response: expect.objectContaining({
          status_code: 500,
          body: { error: expect.objectContaining({ type: 'server_error' }) },
        }),
      }),
    ]);
  });

  it('repeats the caller key in every error message with echoKeyInErrors', async () => {
    const { client, api } = await start({ apiKey: 'sk-proj-echoed0123456789abcdef', echoKeyInErrors: true });
    api.faults.failCustomIds.add('req-2');
    api.faults.tokenLimitNextBatches = 1;
    const failed = await waitForEnd(client, (await submit(client, jsonl([requestLine('req-1')]))).id);
    expect(failed.errors?.data?.[0]?.message).toMatch(/\(request from key sk-proj-echoed0123456789abcdef\)$/);
    const done = await waitForEnd(
      client,
      (await submit(client, jsonl(ids(2).map((id) => requestLine(id))))).id,
    );
    const [line] = await lines(client, done.error_file_id);
    expect(JSON.stringify(line)).toContain('(request from key sk-proj-echoed0123456789abcdef)');
    const wrong = new OpenAI({ baseURL: api.baseURL, apiKey: 'sk-wrong-key-0123456789', maxRetries: 0 });
    await expect(wrong.files.list()).rejects.toThrow('(request from key sk-wrong-key-0123456789)');
  });

  it('fails failCustomIdsOnce lines only the first time', async () => {
    const { client, api } = await start();
    api.faults.failCustomIdsOnce.add('req-1');
    const first = await waitForEnd(client, (await submit(client, jsonl([requestLine('req-1')]))).id);
    expect(first.request_counts).toEqual({ total: 1, completed: 0, failed: 1 });
    expect(api.faults.failCustomIdsOnce.size).toBe(0);
    const retry = await waitForEnd(client, (await submit(client, jsonl([requestLine('req-1')]))).id);
    expect(retry.request_counts).toEqual({ total: 1, completed: 1, failed: 0 });
  });

  it('turns a throwing respond into a 500 line instead of crashing', async () => {
    const { client } = await start({
      respond: () => {
        throw new Error('boom');
      },
    });
    const done = await waitForEnd(client, (await submit(client, jsonl([requestLine('a')]))).id);
    const [line] = await lines(client, done.error_file_id);
    expect(line?.response).toMatchObject({
      status_code: 500,
      body: { error: { message: 'respond threw: Error: boom' } },
    });
  });

  it('expires the next batch after its first half, with batch_expired lines for the rest', async () => {
    const { client, api } = await start();
    api.faults.expireNextBatches = 1;
    const expired = await waitForEnd(
      client,
      (await submit(client, jsonl(ids(4).map((id) => requestLine(id))))).id,
    );
    expect(expired.status).toBe('expired');
    expect(expired.expired_at).toBeTypeOf('number');
    expect((await lines(client, expired.output_file_id)).map((l) => l.custom_id)).toEqual(['req-1', 'req-2']);
    const errors = await lines(client, expired.error_file_id);
    expect(errors.map((l) => [l.custom_id, (l.error as { code: string }).code])).toEqual([
      ['req-3', 'batch_expired'],
      ['req-4', 'batch_expired'],
    ]);
    expect(api.faults.expireNextBatches).toBe(0);
    const next = await waitForEnd(client, (await submit(client, jsonl([requestLine('z')]))).id);
    expect(next.status).toBe('completed');
  });

  it('fails the next batch with token_limit_exceeded', async () => {
    const { client, api } = await start();
    api.faults.tokenLimitNextBatches = 1;
    const failed = await waitForEnd(client, (await submit(client, jsonl([requestLine('a')]))).id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.[0]?.code).toBe('token_limit_exceeded');
    expect(failed.errors?.data?.[0]?.message).toMatch(/^Enqueued token limit reached for gpt-4o-mini/);
    expect((await waitForEnd(client, (await submit(client, jsonl([requestLine('a')]))).id)).status).toBe(
      'completed',
    );
  });

  it('enforces enqueuedTokenLimit against the batches ahead in the queue', async () => {
    const { client } = await start({ enqueuedTokenLimit: 30, batchLatencyMs: 60_000 });
    // each request line costs 21 prompt tokens: one fits, two do not
    const first = await submit(client, jsonl([requestLine('a')]));
    const second = await submit(client, jsonl([requestLine('b')]));
    await waitForStatus(client, first.id, 'in_progress');
    const failed = await waitForEnd(client, second.id);
    expect(failed.errors?.data?.[0]).toMatchObject({ code: 'token_limit_exceeded', line: null });
    await client.batches.cancel(first.id);
    await waitForEnd(client, first.id);
    const third = await submit(client, jsonl([requestLine('c')]));
    expect((await waitForStatus(client, third.id, 'in_progress')).status).toBe('in_progress');
  });

  it('shows its queue: tokens enqueued and admitted, batches holding it, failures for the limit', async () => {
    const { client, api } = await start({ enqueuedTokenLimit: 30, batchLatencyMs: 60_000 });
    expect(api.queue()).toEqual({
      enqueuedTokens: 0,
      acceptedTokens: 0,
      batches: 0,
      failedForLimit: 0,
      limit: 30,
    });
    const first = await submit(client, jsonl([requestLine('a')]));
    await waitForStatus(client, first.id, 'in_progress');
    expect(api.queue()).toMatchObject({ enqueuedTokens: 21, acceptedTokens: 21, batches: 1 });
    await waitForEnd(client, (await submit(client, jsonl([requestLine('b')]))).id);
    expect(api.queue()).toMatchObject({ acceptedTokens: 21, batches: 1, failedForLimit: 1 });
    await client.batches.cancel(first.id);
    await waitForEnd(client, first.id);
    expect(api.queue()).toMatchObject({ enqueuedTokens: 0, acceptedTokens: 0, batches: 0 });
  });

  it('answers 429 with retry headers, then serves normally', async () => {
    const { client, api } = await start();
    api.faults.rateLimitNext = 1;
    const response = await fetch(`${api.baseURL}/batches`, {
      headers: { authorization: `Bearer ${api.apiKey}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('0');
    expect(response.headers.get('retry-after-ms')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    await expect(client.batches.list()).resolves.toBeDefined();
  });

  it('lets the SDK retry through 429 and 500 answers', async () => {
    const { api } = await start();
    const client = new OpenAI({ baseURL: api.baseURL, apiKey: api.apiKey, maxRetries: 2 });
    api.faults.rateLimitNext = 1;
    api.faults.serverErrorNext = 1;
    await client.batches.list();
    expect(api.calls.map((call) => call.path)).toEqual(['/v1/batches', '/v1/batches', '/v1/batches']);
    expect(api.faults).toMatchObject({ rateLimitNext: 0, serverErrorNext: 0 });
  });

  it('answers 500 to the next calls with serverErrorNext', async () => {
    const { client, api } = await start();
    api.faults.serverErrorNext = 2;
    await expect(client.files.list()).rejects.toMatchObject({ status: 500 });
    await expect(client.batches.list()).rejects.toMatchObject({ status: 500 });
    await expect(client.batches.list()).resolves.toBeDefined();
  });

  it('slows batches started after faults.batchLatencyMs is set', async () => {
    const { client, api } = await start();
    api.faults.batchLatencyMs = 60_000;
    const batch = await submit(client, jsonl([requestLine('a')]));
    await waitForStatus(client, batch.id, 'in_progress');
    await new Promise((r) => setTimeout(r, 20));
    expect((await client.batches.retrieve(batch.id)).status).toBe('in_progress');
  });
});

describe('authentication and missing Batch API', () => {
  it('answers 401 in OpenAI’s error shape to a wrong or missing key', async () => {
    const { api } = await start();
    const wrong = new OpenAI({ baseURL: api.baseURL, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrong.batches.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const bare = await fetch(`${api.baseURL}/files`);
    expect(bare.status).toBe(401);
    const body = await bare.text();
    expect(body).toContain('invalid_api_key');
    expect(body).not.toContain(api.apiKey);
  });

  it('answers 404 to every batches route when batchApi is false', async () => {
    const { client } = await start({ batchApi: false });
    await expect(client.batches.list()).rejects.toMatchObject({ status: 404 });
    await expect(client.batches.retrieve('batch_x')).rejects.toMatchObject({ status: 404 });
    await expect(
      client.batches.create({
        input_file_id: 'file-x',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create(requestBody('t') as never)).resolves.toMatchObject({
      object: 'chat.completion',
    });
  });
});

describe('chat completions', () => {
  it('answers like the API with usage counted by core', async () => {
    const { client } = await start();
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.role).toBe('assistant');
    expect(completion.usage?.prompt_tokens).toBe(8);
  });

  it('fails a failCustomIds request named by the x-custom-id header or by an uploaded identical line', async () => {
    const { client, api } = await start();
    api.faults.failCustomIds.add('req-1');
    await expect(
      client.chat.completions.create(requestBody('x') as never, { headers: { 'x-custom-id': 'req-1' } }),
    ).rejects.toMatchObject({ status: 500 });
    await upload(client, jsonl([requestLine('req-1')]));
    await expect(client.chat.completions.create(requestBody('topic req-1') as never)).rejects.toMatchObject({
      status: 500,
    });
    await expect(client.chat.completions.create(requestBody('other') as never)).resolves.toBeDefined();
  });

  it('recognises a direct completion from requests taught with registerRequests', async () => {
    const { client, api } = await start();
    api.registerRequests(jsonl([requestLine('req-9')]));
    api.faults.failCustomIds.add('req-9');
    await expect(client.chat.completions.create(requestBody('topic req-9') as never)).rejects.toMatchObject({
      status: 500,
    });
    expect(api.calls).toEqual([{ method: 'POST', path: '/v1/chat/completions' }]);
  });

  it('uses respond to override replies', async () => {
    const { client } = await start({
      respond: (_body, customId) =>
        customId === 'bad'
          ? { status: 400, error: { message: 'bad request', type: 'invalid_request_error', code: 'x' } }
          : { content: 'fixed', finishReason: 'length' },
    });
    const done = await waitForEnd(
      client,
      (await submit(client, jsonl([requestLine('ok'), requestLine('bad')]))).id,
    );
    const [good] = await lines(client, done.output_file_id);
    expect(good?.response).toMatchObject({
      body: { choices: [{ message: { content: 'fixed' }, finish_reason: 'length' }] },
    });
    const [bad] = await lines(client, done.error_file_id);
    expect(bad?.response).toMatchObject({
      status_code: 400,
      body: { error: { message: 'bad request', code: 'x' } },
    });
  });

  it('refuses a request without messages', async () => {
    const { client } = await start();
    await expect(client.chat.completions.create({ model: MODEL, messages: [] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
    });
  });
});

describe('structured replies', () => {
  it('conform to the json_schema, alternate roles and differ between requests', async () => {
    const { client } = await start();
    const done = await waitForEnd(
      client,
      (await submit(client, jsonl(ids(6).map((id) => requestLine(id, true))))).id,
    );
    const output = await lines(client, done.output_file_id);
    const contents = output.map(
      (line) => (line.response as { body: OpenAI.ChatCompletion }).body.choices[0]?.message.content ?? '',
    );
    const seen = new Set<string>();
    for (const content of contents) {
      const parsed = JSON.parse(content) as {
        conversations: { messages: { role: string; content: string }[] }[];
      };
      expect(parsed.conversations.length).toBeGreaterThanOrEqual(2);
      expect(parsed.conversations.length).toBeLessThanOrEqual(4);
      for (const conversation of parsed.conversations) {
        expect(conversation.messages.length).toBeGreaterThanOrEqual(2);
        conversation.messages.forEach((message, index) => {
          expect(Object.keys(message).sort()).toEqual(['content', 'role']);
          expect(message.role).toBe(index % 2 === 0 ? 'user' : 'assistant');
          expect(message.content.length).toBeGreaterThan(10);
          seen.add(message.content);
        });
      }
    }
    expect(new Set(contents).size).toBe(6);
    const messageCount = contents.reduce(
      (sum, content) =>
        sum +
        (JSON.parse(content) as { conversations: { messages: unknown[] }[] }).conversations.flatMap(
          (c) => c.messages,
        ).length,
      0,
    );
    expect(seen.size).toBe(messageCount);
  });

  it('are deterministic for the same request', async () => {
    const { defaultReply } = await import('./openai-emulator.js');
    const body = requestBody('same', true);
    expect(defaultReply(body, 'id-1')).toEqual(defaultReply(body, 'id-1'));
    expect(defaultReply(body, 'id-1')).not.toEqual(defaultReply(body, 'id-2'));
  });

  it('honour $ref, enums, numbers, booleans, nullable types, maxItems and maxLength', async () => {
    const { defaultReply } = await import('./openai-emulator.js');
    const schema = {
      type: 'object',
      $defs: { level: { type: 'string', enum: ['easy', 'hard'] } },
      properties: {
        level: { $ref: '#/$defs/level' },
        score: { type: 'integer', minimum: 3, maximum: 5 },
        ok: { type: 'boolean' },
        note: { type: ['string', 'null'], maxLength: 12 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 1 },
      },
    };
    const reply = defaultReply(
      {
        model: MODEL,
        messages: [],
        response_format: { type: 'json_schema', json_schema: { name: 's', schema } },
      },
      'x',
    );
    const value = JSON.parse(reply.content ?? '') as Record<string, unknown>;
    expect(value.level).toBe('easy');
    expect(value.score).toBeGreaterThanOrEqual(3);
    expect(value.score).toBeLessThanOrEqual(5);
    expect(Number.isInteger(value.score)).toBe(true);
    expect(value.ok).toBe(true);
    expect(typeof value.note === 'string' && value.note.length <= 12).toBe(true);
    expect(value.tags).toHaveLength(1);
  });

  it('answer in the script of a non-Latin topic message, with its own words, and in English otherwise', async () => {
    const { defaultReply } = await import('./openai-emulator.js');
    const schema = { type: 'object', properties: { text: { type: 'string' } } };
    const ask = (topic: string) =>
      JSON.parse(
        defaultReply(
          {
            model: MODEL,
            messages: [{ role: 'user', content: topic }],
            response_format: { type: 'json_schema', json_schema: { name: 's', schema } },
          },
          'x',
        ).content ?? '',
      ).text as string;
    const tamil = 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல் ஆகும் நிறை வேகம் ஆற்றல் '.repeat(3);
    const reply = ask(`Topic text:\n${tamil}`);
    const words = reply.replace(/[.]/g, '').split(' ');
    expect(words.every((w) => tamil.includes(w))).toBe(true);
    expect(ask('Topic text: force is a push or a pull on a body that changes its motion '.repeat(3))).toMatch(
      /^[A-Z][a-z ]+\.$/,
    );
  });
});

describe('uploads', () => {
  it('accepts an fs.ReadStream upload and keeps its file name', async () => {
    const { client } = await start();
    const { createReadStream } = await import('node:fs');
    const { writeFile } = await import('node:fs/promises');
    const { createTempDir } = await import('./temp-dir.js');
    await using dir = await createTempDir();
    const content = jsonl(ids(20).map((id) => requestLine(id)));
    await writeFile(dir.join('part-007.jsonl'), content);
    const file = await client.files.create({
      file: createReadStream(dir.join('part-007.jsonl')),
      purpose: 'batch',
    });
    expect(file).toMatchObject({ filename: 'part-007.jsonl', bytes: Buffer.byteLength(content) });
  });

  it('accepts a streamed file upload', async () => {
    const { client } = await start();
    const { Readable } = await import('node:stream');
    const content = jsonl(ids(50).map((id) => requestLine(id)));
    const stream = Readable.from([Buffer.from(content.slice(0, 100)), Buffer.from(content.slice(100))]);
    const file = await client.files.create({
      file: await toFile(stream, 'streamed.jsonl'),
      purpose: 'batch',
    });
    expect(file.bytes).toBe(Buffer.byteLength(content));
    expect(await (await client.files.content(file.id)).text()).toBe(content);
  });
});

describe('judge requests', () => {
  const judgeSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['scores', 'problems'],
    properties: {
      scores: {
        type: 'object',
        additionalProperties: false,
        required: ['faithfulness', 'correctness'],
        properties: { faithfulness: { type: 'integer' }, correctness: { type: 'integer' } },
      },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['criterion', 'turn', 'problem'],
          properties: {
            criterion: { type: 'string', enum: ['faithfulness', 'correctness'] },
            turn: { type: 'integer' },
            problem: { type: 'string' },
          },
        },
      },
    },
  };
  const judge = (conversation: string) => ({
    model: MODEL,
    messages: [
      { role: 'system' as const, content: 'Score the tutor.' },
      { role: 'user' as const, content: `Conversation:\n${conversation}` },
    ],
    response_format: {
      type: 'json_schema' as const,
      json_schema: { name: 'tutor_judge', strict: true, schema: judgeSchema },
    },
  });

  it('answers with a score from 4 to 5 per criterion, the same for the same request', async () => {
    const { client } = await start();
    const body = judge('1. student: What is a force?\n2. tutor: A push or a pull.');
    const first = await client.chat.completions.create(body);
    const again = await client.chat.completions.create(body);
    const answer = JSON.parse(first.choices[0]?.message.content ?? '') as {
      scores: Record<string, number>;
      problems: unknown[];
    };
    expect(Object.keys(answer.scores)).toEqual(['faithfulness', 'correctness']);
    for (const score of Object.values(answer.scores)) expect([4, 5]).toContain(score);
    expect(answer.problems).toEqual([]);
    expect(again.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
  });

  it('scores correctness 1 and names the turn when the conversation holds the low-score marker', async () => {
    const { client } = await start();
    const reply = await client.chat.completions.create(
      judge(`1. student: What is a force?\n2. tutor: It is ${LOW_SCORE_MARKER} energy.`),
    );
    const answer = JSON.parse(reply.choices[0]?.message.content ?? '') as {
      scores: Record<string, number>;
      problems: Array<{ criterion: string; turn: number }>;
    };
    expect(answer.scores.correctness).toBe(1);
    expect(answer.problems).toMatchObject([{ criterion: 'correctness', turn: 2 }]);
  });
});
