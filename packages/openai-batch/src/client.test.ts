import { clearRegisteredSecrets, redact } from '@kalvimate/core';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { APIConnectionError, APIError } from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyApiError, createOpenAIClient, PLACEHOLDER_API_KEY, toServiceError } from './client.js';
import { sdkLogger } from './sdk-logger.js';

afterEach(() => clearRegisteredSecrets());

const apiError = (status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: body }, undefined, new Headers(headers));

describe('createOpenAIClient', () => {
  it('refuses to start without a key for the OpenAI API, naming OPENAI_API_KEY', () => {
    expect(() => createOpenAIClient({})).toThrow(expect.objectContaining({ code: 'OPENAI_API_KEY_MISSING' }));
    expect(() => createOpenAIClient({ apiKey: '  ' })).toThrow(/OPENAI_API_KEY/);
  });

  it('accepts a local server without a key (placeholder key), and turns the SDK retries off', () => {
    const client = createOpenAIClient({ baseURL: 'http://127.0.0.1:8000/v1/' });
    expect(client.apiKey).toBe(PLACEHOLDER_API_KEY);
    expect(client.baseURL).toBe('http://127.0.0.1:8000/v1');
    expect(client.maxRetries).toBe(0);
  });

  it('registers the key with the redactor', () => {
    createOpenAIClient({ apiKey: 'plain-key-without-prefix' });
    expect(redact('key plain-key-without-prefix')).toBe('key [REDACTED]');
  });
});

describe('classifyApiError', () => {
  it('retries 429, 5xx and dropped connections, honouring Retry-After', () => {
    expect(classifyApiError(apiError(429, {}, { 'retry-after': '3' }))).toEqual({
      retry: true,
      reason: 'HTTP 429',
      afterMs: 3000,
    });
    expect(classifyApiError(apiError(503))).toMatchObject({ retry: true });
    expect(classifyApiError(new APIConnectionError({ message: 'refused' }))).toMatchObject({ retry: true });
  });

  it('does not retry an exhausted quota or a bad request', () => {
    expect(classifyApiError(apiError(429, { code: 'insufficient_quota' }))).toEqual({ retry: false });
    expect(classifyApiError(apiError(400))).toEqual({ retry: false });
    expect(classifyApiError(new Error('x'))).toEqual({ retry: false });
  });
});

describe('toServiceError', () => {
  it('names the URL of an unreachable server, a refused key and an exhausted quota', () => {
    const url = 'http://127.0.0.1:9/v1';
    expect(toServiceError(new APIConnectionError({ message: 'x' }), url, 'listing batches')).toMatchObject({
      code: 'OPENAI_UNREACHABLE',
      exitCode: 3,
      message: `cannot reach the OpenAI API at ${url} (listing batches)`,
    });
    expect(toServiceError(apiError(401), url, 'x')).toMatchObject({
      code: 'OPENAI_KEY_REJECTED',
      exitCode: 2,
    });
    expect(toServiceError(apiError(429, { code: 'insufficient_quota' }), url, 'x')).toMatchObject({
      code: 'OPENAI_QUOTA',
    });
  });
});

describe('credentials in the base URL', () => {
  const url = 'http://user:s3cretpw@127.0.0.1:9/v1?api-key=qsecret123';

  it('are named in no message, however the SDK fails', () => {
    createOpenAIClient({ apiKey: 'sk-test-abcdefghijklmnopqrst', baseURL: url });
    const cause = new TypeError(
      `Request cannot be constructed from a URL that includes credentials: ${url}/files`,
    );
    const errors = [
      toServiceError(new APIConnectionError({ message: 'Connection error.', cause }), url, 'listing batches'),
      toServiceError(apiError(401), url, 'x'),
      toServiceError(apiError(500, { message: `upstream ${url} failed` }), url, 'x'),
      toServiceError(cause, url, 'x'),
    ];
    expect(errors[0]?.message).toBe('cannot reach the OpenAI API at http://127.0.0.1:9/v1 (listing batches)');
    for (const error of errors) expect(error.message).not.toMatch(/s3cretpw|qsecret123|user:/);
    // The password is registered, so a verbose cause printed through redact hides it too.
    expect(redact(`${cause.message} (decoded: s3cretpw)`)).not.toContain('s3cretpw');
  });
});

describe('the SDK logger', () => {
  it('writes OPENAI_LOG=debug output to stderr, never stdout, with secrets removed', async () => {
    const api = await startOpenAIEmulator();
    const previous = process.env.OPENAI_LOG;
    process.env.OPENAI_LOG = 'debug';
    const stdout = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const stderr: string[] = [];
    const stderrSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      const client = createOpenAIClient({ apiKey: api.apiKey, baseURL: api.baseURL });
      await client.files.list();
      expect(stdout).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
      const text = stderr.join('');
      expect(text).toContain('openai debug:');
      expect(text).not.toContain(api.apiKey);
    } finally {
      stdout.mockRestore();
      log.mockRestore();
      stderrSpy.mockRestore();
      if (previous === undefined) delete process.env.OPENAI_LOG;
      else process.env.OPENAI_LOG = previous;
      await api.close();
    }
  });

  it('writes to the given function when asked', () => {
    const lines: string[] = [];
    sdkLogger((text) => lines.push(text)).debug('request', {
      headers: { authorization: 'Bearer sk-abcdefghijklmnopqrstu' },
    });
    expect(lines.join('')).toMatch(/^openai debug: request/);
    expect(lines.join('')).not.toContain('abcdefghijklmnopqrstu');
  });
});
