import { clearRegisteredSecrets, redact } from '@kalvimate/core';
import { APIConnectionError, APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyApiError, createOpenAIClient, PLACEHOLDER_API_KEY, toServiceError } from './client.js';

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
