import type { BatchErrorEntry } from './openai-emulator-types.js';

const MAX_REQUESTS = 50_000;

/** Thrown for a request the API refuses outright (answered with `status` and OpenAI's error JSON). */
export class EmulatedApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One request of a Batch input file. */
export interface RequestLine {
  customId: string;
  body: unknown;
}

/** Parses a Batch input file the way batch validation does; returns the requests or the errors. */
export function validateBatchInput(
  content: string,
  endpoint: string,
): { lines: RequestLine[]; errors: BatchErrorEntry[] } {
  const rows = content.split('\n');
  if (rows.length > 0 && rows[rows.length - 1]?.trim() === '') rows.pop();
  const errors: BatchErrorEntry[] = [];
  const lines: RequestLine[] = [];
  const seen = new Set<string>();
  let model: unknown;
  const fail = (line: number, code: string, message: string, param: string | null = null) => {
    if (errors.length < 1000) errors.push({ code, message, param, line });
  };
  if (rows.length === 0) {
    errors.push({ code: 'empty_file', message: 'The batch input file is empty.', param: null, line: null });
  }
  if (rows.length > MAX_REQUESTS) {
    errors.push({
      code: 'too_many_requests',
      message: `The batch input file has ${rows.length} requests; a batch may hold at most ${MAX_REQUESTS}.`,
      param: null,
      line: null,
    });
  }
  rows.forEach((row, index) => {
    const line = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(row);
    } catch {
      fail(line, 'invalid_json_line', 'This line is not parseable as valid JSON.');
      return;
    }
    if (!isRecord(parsed)) {
      fail(line, 'invalid_json_line', 'This line is not a JSON object.');
      return;
    }
    for (const field of ['custom_id', 'method', 'url', 'body']) {
      if (parsed[field] === undefined) {
        fail(line, 'missing_required_parameter', `Missing required parameter: '${field}'.`, field);
        return;
      }
    }
    const { custom_id: customId, method, url, body } = parsed;
    if (typeof customId !== 'string' || customId.length === 0) {
      fail(line, 'invalid_custom_id', 'The custom_id must be a non-empty string.', 'custom_id');
    } else if (method !== 'POST') {
      fail(line, 'invalid_method', 'Only POST requests are supported in a batch.', 'method');
    } else if (url !== endpoint) {
      fail(
        line,
        'invalid_url',
        `The url of this request does not match the batch endpoint ${endpoint}.`,
        'url',
      );
    } else if (!isRecord(body) || !Array.isArray(body.messages) || typeof body.model !== 'string') {
      fail(
        line,
        'invalid_request',
        'The body must be a chat completion request with model and messages.',
        'body',
      );
    } else if (seen.has(customId)) {
      fail(
        line,
        'duplicate_custom_id',
        'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.',
        'custom_id',
      );
    } else if (model !== undefined && body.model !== model) {
      fail(
        line,
        'mismatched_model',
        'The provided model does not match the model of the other requests in this batch. A batch may use only one model.',
        'body.model',
      );
    } else {
      seen.add(customId);
      model ??= body.model;
      lines.push({ customId, body });
    }
  });
  return { lines, errors };
}

/** Checks batch metadata as the API does: at most 16 keys, keys up to 64 characters, string values up to 512. */
export function checkMetadata(metadata: unknown): void {
  if (!isRecord(metadata))
    throw new EmulatedApiError(400, 'metadata must be an object of string values.', 'metadata');
  const entries = Object.entries(metadata);
  if (entries.length > 16) throw new EmulatedApiError(400, 'metadata may hold at most 16 keys.', 'metadata');
  for (const [key, value] of entries) {
    if (key.length > 64 || typeof value !== 'string' || value.length > 512)
      throw new EmulatedApiError(
        400,
        `Invalid metadata '${key.slice(0, 64)}': keys up to 64 characters, string values up to 512.`,
        'metadata',
      );
  }
}
