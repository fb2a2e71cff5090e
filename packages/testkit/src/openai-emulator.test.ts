import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIEmulator, type OpenAIEmulatorOptions, startOpenAIEmulator } from './openai-emulator.js';

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
    expect(done.errors?.data?.[0]).toMatchObject({ code, line: code === 'duplicate_custom_id' ? 2 : 1 });
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
  });
});
