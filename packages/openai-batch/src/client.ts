import {
  ExternalServiceError,
  type KalvimateError,
  redact,
  registerSecret,
  sanitizeUrl,
  UserInputError,
} from '@kalvimate/core';
import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { Logger } from 'openai/client';
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  type RetryVerdict,
  retryAfterMs,
  withRetries,
} from './backoff.js';
import { sdkLogger } from './sdk-logger.js';

/** The OpenAI API's own address, used when no base URL is given. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The key sent to a server named by `OPENAI_BASE_URL` when no key is set: local servers (vLLM,
 * Ollama, llama.cpp) usually need none. The OpenAI API itself always needs a real key.
 */
export const PLACEHOLDER_API_KEY = 'kalvimate-no-key';

/** Where to reach an OpenAI-compatible API. */
export interface OpenAIConnection {
  apiKey?: string;
  baseURL?: string;
}

/**
 * The key to send: the configured one, or a placeholder for a server other than OpenAI's (a local
 * one). Without a key for OpenAI it fails before any request, naming OPENAI_API_KEY.
 */
export function resolveApiKey(connection: OpenAIConnection): string {
  const baseURL = (connection.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiKey = connection.apiKey?.trim();
  if (apiKey) return apiKey;
  if (/^https:\/\/api\.openai\.com(\/|$)/.test(baseURL))
    throw new UserInputError('OPENAI_API_KEY_MISSING', 'no OpenAI API key: OPENAI_API_KEY is not set', {
      hint: 'Set OPENAI_API_KEY in the environment or in a .env file in this folder (the older API_KEY works too). For a local OpenAI-compatible server set OPENAI_BASE_URL instead.',
    });
  return PLACEHOLDER_API_KEY;
}

/** Registers the password (or token) a URL carries in its user-info with the redactor. */
function registerUrlCredentials(url: string): void {
  try {
    const { username, password } = new URL(url);
    // `https://TOKEN@host` puts the secret in the user name; `user:pass@` in the password.
    const secret = password || username;
    registerSecret(secret);
    registerSecret(decodeURIComponent(secret));
  } catch {
    // Not a URL: the SDK says so when it is used.
  }
}

/**
 * Builds the SDK client (see `resolveApiKey` for the key). The SDK's own retries are off
 * (`maxRetries: 0`): `ApiCaller` retries with one policy that tests can drive. The SDK logs
 * (`OPENAI_LOG`) go to stderr through the redactor (`sdkLogger`) unless `logger` says otherwise.
 */
export function createOpenAIClient(
  connection: OpenAIConnection,
  options: { timeoutMs?: number; logger?: Logger } = {},
): OpenAI {
  const baseURL = (connection.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiKey = resolveApiKey(connection);
  registerSecret(apiKey);
  registerUrlCredentials(baseURL);
  return new OpenAI({
    apiKey,
    baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 10 * 60_000,
    logger: options.logger ?? sdkLogger(),
  });
}

/** True for an APIError carrying this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof APIError && error.status === status;
}

function isQuotaError(error: APIError): boolean {
  return error.code === 'insufficient_quota' || error.type === 'insufficient_quota';
}

/** Which API failures are worth another try: 408, 429 (not an exhausted quota), 5xx, dropped connections. */
export function classifyApiError(error: unknown, now: number = Date.now()): RetryVerdict {
  if (error instanceof APIConnectionError) return { retry: true, reason: 'connection failed' };
  if (!(error instanceof APIError) || error.status === undefined) return { retry: false };
  const status = error.status;
  if (status === 429 && isQuotaError(error)) return { retry: false };
  if (status === 408 || status === 429 || status >= 500) {
    const afterMs = retryAfterMs(error.headers, now);
    return { retry: true, reason: `HTTP ${status}`, ...(afterMs === undefined ? {} : { afterMs }) };
  }
  return { retry: false };
}

/**
 * Turns an SDK error into one of ours, naming the server (without the user-info and query string its
 * URL may carry) and what to do.
 */
export function toServiceError(error: unknown, baseURL: string, what: string): KalvimateError {
  if (error instanceof UserInputError || error instanceof ExternalServiceError) return error;
  const where = redact(sanitizeUrl(baseURL));
  if (error instanceof APIConnectionError)
    return new ExternalServiceError(
      'OPENAI_UNREACHABLE',
      `cannot reach the OpenAI API at ${where} (${what})`,
      {
        cause: error,
        hint: 'Check the network, and OPENAI_BASE_URL if you set it.',
      },
    );
  if (error instanceof APIError) {
    const detail = redact(error.message);
    if (error.status === 401)
      return new UserInputError('OPENAI_KEY_REJECTED', `${where} refused the API key (401) while ${what}`, {
        cause: error,
        hint: 'Check OPENAI_API_KEY (or API_KEY) in the environment or .env.',
      });
    if (error.status === 429 && isQuotaError(error))
      return new ExternalServiceError('OPENAI_QUOTA', `${where}: quota exhausted while ${what} (${detail})`, {
        cause: error,
        hint: 'Add credit or raise the limit in your OpenAI billing settings, then run submit again.',
      });
    return new ExternalServiceError('OPENAI_API_ERROR', `${where} answered ${detail} while ${what}`, {
      cause: error,
      hint: 'Run the same command again: finished work is kept in the ledger and never sent twice.',
    });
  }
  return new ExternalServiceError(
    'OPENAI_API_ERROR',
    `${what} at ${where} failed: ${redact(error instanceof Error ? error.message : String(error))}`,
    { cause: error },
  );
}

/** Calls the API with retries (429/5xx/connection, honouring Retry-After) and clear errors. */
export class ApiCaller {
  readonly client: OpenAI;
  readonly baseURL: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly policy: BackoffPolicy;
  private readonly onRetry: (message: string) => void;
  /** Until one call succeeded, a refused connection means a wrong URL: fail at once, no retries. */
  private contacted = false;

  constructor(
    client: OpenAI,
    options: {
      sleep: (ms: number) => Promise<void>;
      now?: () => number;
      policy?: BackoffPolicy;
      onRetry?: (message: string) => void;
    },
  ) {
    this.client = client;
    this.baseURL = client.baseURL;
    this.sleep = options.sleep;
    this.now = options.now ?? Date.now;
    this.policy = options.policy ?? DEFAULT_BACKOFF;
    this.onRetry = options.onRetry ?? (() => {});
  }

  /** Runs `task` (which makes one API call) with retries; `what` names it in messages. */
  async call<T>(what: string, task: (client: OpenAI) => Promise<T>): Promise<T> {
    try {
      return await this.raw(what, task);
    } catch (error) {
      throw toServiceError(error, this.baseURL, what);
    }
  }

  /** Like `call` but rethrows the SDK's own error (for callers that inspect the status). */
  async raw<T>(what: string, task: (client: OpenAI) => Promise<T>): Promise<T> {
    const result = await withRetries(() => task(this.client), {
      policy: this.policy,
      sleep: this.sleep,
      classify: (error) =>
        !this.contacted && error instanceof APIConnectionError
          ? { retry: false }
          : classifyApiError(error, this.now()),
      onRetry: ({ retry, delayMs, reason }) =>
        this.onRetry(
          `${what}: ${reason}, retry ${retry}/${this.policy.maxRetries} in ${(delayMs / 1000).toFixed(1)} s`,
        ),
    });
    this.contacted = true;
    return result;
  }
}
