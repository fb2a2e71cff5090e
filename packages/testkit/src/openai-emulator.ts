import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchEngine, type EmulatedQueue } from './openai-emulator-batches.js';
import { FileStore, newId, nowSeconds, pageOf } from './openai-emulator-files.js';
import {
  chatCompletionOf,
  defaultReply,
  type EmulatedReply,
  errorBodyOf,
} from './openai-emulator-responses.js';
import type { EmulatedBatch, EmulatorFaults } from './openai-emulator-types.js';
import { EmulatedApiError } from './openai-emulator-validation.js';

export type { EmulatedQueue } from './openai-emulator-batches.js';
export type { EmulatedFile } from './openai-emulator-files.js';
export { judgeCriteriaOf, judgeReply, LOW_SCORE_MARKER } from './openai-emulator-judge.js';
export type { EmulatedReply } from './openai-emulator-responses.js';
export { defaultReply } from './openai-emulator-responses.js';
export type { BatchErrorEntry, EmulatedBatch, EmulatorFaults } from './openai-emulator-types.js';

/** How the emulator behaves; every field is optional. */
export interface OpenAIEmulatorOptions {
  /** The one bearer key accepted; any other (or none) gets 401. Default 'sk-emulator-test-key'. */
  apiKey?: string;
  /** Time a batch spends in `validating`, ms. Default 10. */
  validatingMs?: number;
  /** Time a batch spends in `in_progress`, ms. Default 50. */
  batchLatencyMs?: number;
  /** Time in `finalizing` (and in `cancelling`), ms. Default 10. */
  finalizingMs?: number;
  /** false: every /v1/batches route answers 404, as vLLM, Ollama and llama.cpp do. Default true. */
  batchApi?: boolean;
  /** OpenAI's enqueued-token queue limit: a batch that would exceed it ends `failed` (token_limit_exceeded). */
  enqueuedTokenLimit?: number;
  /**
   * Milliseconds clock used for how far an `in_progress` batch has got (request_counts, and what a cancel
   * keeps). Default `Date.now`. State changes themselves run on real timers.
   */
  now?: () => number;
  /** Replaces the synthetic reply generator for every request (batch lines and direct completions). */
  respond?: (body: unknown, customId: string | undefined) => EmulatedReply;
  /**
   * Names the custom_id of a direct chat completion (for `faults.failCustomIds` and `respond`). Default: the
   * `x-custom-id` header, then `metadata.custom_id`, then the custom_id of an uploaded batch line with the
   * same body.
   */
  customIdOf?: (body: unknown) => string | undefined;
  /**
   * Imitates servers and proxies that repeat the caller's key in error messages: every error message
   * (HTTP error bodies, a failed batch's `errors`, the lines of error files) ends with
   * `(request from key <the key the caller sent>)`. Default false.
   */
  echoKeyInErrors?: boolean;
}

/** A running emulator. */
export interface OpenAIEmulator {
  /** 'http://127.0.0.1:PORT/v1': pass to `new OpenAI({ baseURL, apiKey })`. */
  baseURL: string;
  apiKey: string;
  /** Every HTTP call received, in order (faulted and refused ones too). */
  calls: { method: string; path: string }[];
  /** Live fault switches. */
  faults: EmulatorFaults;
  /** A snapshot of every batch, newest first. */
  listBatches(): EmulatedBatch[];
  /**
   * The organisation's batch queue now (tokens enqueued, batches holding them, the limit): sample it to
   * see how full a scheduler keeps the queue.
   */
  queue(): EmulatedQueue;
  /**
   * Teaches the emulator the custom_ids of Batch request lines (JSONL text) without uploading them, so a
   * direct chat completion with an identical body is recognised (for `faults.failCustomIds` and `respond`).
   */
  registerRequests(jsonl: string): void;
  /** The text of a stored file (input, output or error file), or undefined. */
  fileContent(fileId: string): string | undefined;
  close(): Promise<void>;
}

const DEFAULT_KEY = 'sk-emulator-test-key';

class HttpReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function apiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new EmulatedApiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function limitOf(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new EmulatedApiError(400, `Invalid 'limit': expected an integer from 1 to ${max}.`, 'limit');
  return limit;
}

/**
 * Starts a local emulator of OpenAI's Files, Batches and Chat Completions APIs on 127.0.0.1 (ephemeral port)
 * for the real `openai` SDK.
 * @example const api = await startOpenAIEmulator(); const client = new OpenAI({ baseURL: api.baseURL, apiKey: api.apiKey });
 */
export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const apiKey = options.apiKey ?? DEFAULT_KEY;
  const batchApi = options.batchApi ?? true;
  const calls: { method: string; path: string }[] = [];
  const faults: EmulatorFaults = {
    failCustomIds: new Set(),
    failCustomIdsOnce: new Set(),
    expireNextBatches: 0,
    tokenLimitNextBatches: 0,
    rateLimitNext: 0,
    serverErrorNext: 0,
  };
  const files = new FileStore();
  // custom_ids of uploaded batch lines by body, so a direct completion of the same request is recognised.
  const customIdsByBody = new Map<string, string>();

  const echoKey = (message: string, key: string = apiKey): string =>
    options.echoKeyInErrors ? `${message} (request from key ${key})` : message;

  const reply = (body: unknown, customId: string | undefined): EmulatedReply => {
    const answer = replyOf(body, customId);
    return answer.error
      ? { ...answer, error: { ...answer.error, message: echoKey(answer.error.message) } }
      : answer;
  };

  const replyOf = (body: unknown, customId: string | undefined): EmulatedReply => {
    const failsOnce = customId !== undefined && faults.failCustomIdsOnce.delete(customId);
    if (failsOnce || (customId !== undefined && faults.failCustomIds.has(customId))) {
      return {
        status: 500,
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
        },
      };
    }
    try {
      return (options.respond ?? defaultReply)(body, customId);
    } catch (error) {
      return { status: 500, error: { message: `respond threw: ${String(error)}`, type: 'server_error' } };
    }
  };

  const engine = new BatchEngine({
    files,
    faults,
    validatingMs: options.validatingMs ?? 10,
    batchLatencyMs: options.batchLatencyMs ?? 50,
    finalizingMs: options.finalizingMs ?? 10,
    enqueuedTokenLimit: options.enqueuedTokenLimit,
    now: options.now ?? Date.now,
    reply,
    errorMessage: (message) => echoKey(message),
  });

  const rememberCustomIds = (content: string) => {
    for (const row of content.split('\n')) {
      try {
        const line: unknown = JSON.parse(row);
        if (isRecord(line) && typeof line.custom_id === 'string' && line.body !== undefined)
          customIdsByBody.set(JSON.stringify(line.body), line.custom_id);
      } catch {
        // Not a request line: batch validation reports it.
      }
    }
  };

  const customIdOfDirect = (body: unknown, request: IncomingMessage): string | undefined => {
    if (options.customIdOf) return options.customIdOf(body);
    const header = request.headers['x-custom-id'];
    if (typeof header === 'string') return header;
    if (isRecord(body) && isRecord(body.metadata) && typeof body.metadata.custom_id === 'string')
      return body.metadata.custom_id;
    return customIdsByBody.get(JSON.stringify(body));
  };

  async function uploadFile(request: IncomingMessage, raw: Buffer): Promise<HttpReply> {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data'))
      throw new EmulatedApiError(400, 'Files must be uploaded as multipart/form-data.');
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new EmulatedApiError(400, 'The multipart body could not be parsed.');
    }
    const file = form.get('file');
    const purpose = form.get('purpose');
    if (typeof purpose !== 'string')
      throw new EmulatedApiError(400, "Missing required parameter: 'purpose'.", 'purpose');
    if (file === null || typeof file === 'string')
      throw new EmulatedApiError(400, "Missing required parameter: 'file'.", 'file');
    const content = Buffer.from(await file.arrayBuffer());
    if (purpose === 'batch') rememberCustomIds(content.toString('utf8'));
    return new HttpReply(200, files.add(file.name || 'upload', purpose, content));
  }

  function chatCompletion(request: IncomingMessage, body: unknown): HttpReply {
    if (!isRecord(body) || typeof body.model !== 'string')
      throw new EmulatedApiError(400, "Missing required parameter: 'model'.", 'model');
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      throw new EmulatedApiError(400, "Missing required parameter: 'messages'.", 'messages');
    const answer = reply(body, customIdOfDirect(body, request));
    const status = answer.status ?? (answer.error ? 500 : 200);
    if (status !== 200) return new HttpReply(status, errorBodyOf(answer), retryHeaders(status));
    return new HttpReply(200, chatCompletionOf(body, answer, newId('chatcmpl-'), nowSeconds()));
  }

  function retryHeaders(status: number): Record<string, string> {
    if (status !== 429 && status < 500) return {};
    const ms = faults.retryAfterMs ?? 1;
    return { 'retry-after-ms': String(ms), 'retry-after': String(Math.floor(ms / 1000)) };
  }

  async function route(request: IncomingMessage, url: URL): Promise<HttpReply> {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const raw = await readBody(request);
    const segments = path.split('/').slice(1);
    if (segments[0] !== 'v1') return notFound(method, path);
    const [, resource, id, action] = segments;

    if (resource === 'files') {
      if (id === undefined && method === 'POST') return uploadFile(request, raw);
      if (id === undefined && method === 'GET') {
        const order = url.searchParams.get('order') === 'asc' ? 'asc' : 'desc';
        const list = files.list(url.searchParams.get('purpose') ?? undefined, order);
        return new HttpReply(
          200,
          pageOf(list, limitOf(url.searchParams, 10_000, 10_000), url.searchParams.get('after') ?? undefined),
        );
      }
      if (id !== undefined) {
        const meta = files.get(id);
        if (!meta) throw new EmulatedApiError(404, `No such File object: ${id}`, 'id');
        if (action === undefined && method === 'GET') return new HttpReply(200, meta);
        if (action === undefined && method === 'DELETE') {
          files.delete(id);
          return new HttpReply(200, { id, object: 'file', deleted: true });
        }
        if (action === 'content' && method === 'GET')
          return new HttpReply(200, files.content(id) ?? Buffer.alloc(0));
      }
      return notFound(method, path);
    }

    if (resource === 'batches') {
      if (!batchApi) return new HttpReply(404, { detail: 'Not Found' });
      if (id === undefined && method === 'POST') return new HttpReply(200, engine.create(parseJson(raw)));
      if (id === undefined && method === 'GET') {
        const page = pageOf(
          engine.list(),
          limitOf(url.searchParams, 20, 100),
          url.searchParams.get('after') ?? undefined,
        );
        return new HttpReply(200, page);
      }
      if (id !== undefined && action === undefined && method === 'GET')
        return new HttpReply(200, engine.retrieve(id));
      if (id !== undefined && action === 'cancel' && method === 'POST')
        return new HttpReply(200, engine.cancel(id));
      return notFound(method, path);
    }

    if (resource === 'chat' && id === 'completions' && action === undefined && method === 'POST')
      return chatCompletion(request, parseJson(raw));

    return notFound(method, path);
  }

  function notFound(method: string, path: string): HttpReply {
    return new HttpReply(404, apiError(`Invalid URL (${method} ${path})`, 'invalid_request_error', null));
  }

  /** The reply, with the caller's key in its error message when `echoKeyInErrors` is on. */
  async function handle(request: IncomingMessage): Promise<HttpReply> {
    const answer = await answerOf(request);
    const body = answer.body;
    if (!options.echoKeyInErrors || !isRecord(body) || !isRecord(body.error)) return answer;
    const { error } = body;
    if (typeof error.message !== 'string') return answer;
    const presented = /^Bearer\s+(.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '(none)';
    const echoed = { ...body, error: { ...error, message: echoKey(error.message, presented) } };
    return new HttpReply(answer.status, echoed, answer.headers);
  }

  async function answerOf(request: IncomingMessage): Promise<HttpReply> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    calls.push({ method, path: url.pathname });
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      request.resume();
      return new HttpReply(
        401,
        apiError(
          'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
    }
    if (faults.rateLimitNext > 0) {
      faults.rateLimitNext--;
      request.resume();
      return new HttpReply(
        429,
        apiError(
          'Rate limit reached for requests. Please try again shortly.',
          'requests',
          'rate_limit_exceeded',
        ),
        retryHeaders(429),
      );
    }
    if (faults.serverErrorNext > 0) {
      faults.serverErrorNext--;
      request.resume();
      return new HttpReply(
        500,
        apiError(
          'The server had an error while processing your request. Sorry about that!',
          'server_error',
          null,
        ),
        retryHeaders(500),
      );
    }
    try {
      return await route(request, url);
    } catch (error) {
      if (error instanceof EmulatedApiError)
        return new HttpReply(error.status, apiError(error.message, error.type, error.code, error.param));
      return new HttpReply(500, apiError(String(error), 'server_error', null));
    }
  }

  const send = (response: ServerResponse, reply: HttpReply) => {
    const isBytes = Buffer.isBuffer(reply.body);
    const payload = isBytes ? (reply.body as Buffer) : Buffer.from(JSON.stringify(reply.body), 'utf8');
    response.writeHead(reply.status, {
      'content-type': isBytes ? 'application/octet-stream' : 'application/json',
      'content-length': String(payload.length),
      'x-request-id': newId('req_'),
      ...reply.headers,
    });
    response.end(payload);
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (reply) => send(response, reply),
      (error: unknown) => send(response, new HttpReply(500, apiError(String(error), 'server_error', null))),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    calls,
    faults,
    listBatches: () => engine.list(),
    queue: () => engine.queue(),
    registerRequests: rememberCustomIds,
    fileContent: (fileId) => files.content(fileId)?.toString('utf8'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        engine.stop();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
