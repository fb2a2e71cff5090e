/** Exit codes the CLI maps errors to. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  userInput: 2,
  externalService: 3,
} as const;

export interface KalvimateErrorOptions {
  /** The original error this one wraps. */
  cause?: unknown;
  /** What the user can do about it; shown as a hint under the message. */
  hint?: string;
  /** The file the problem is in, when there is one. */
  file?: string;
  /** The 1-based line of `file`, for line-oriented inputs such as JSONL. */
  line?: number;
}

/**
 * Base of every error KalviMate raises on purpose. `code` is stable (tests and scripts match on it);
 * `exitCode` is what the CLI exits with.
 */
export class KalvimateError extends Error {
  readonly code: string;
  readonly exitCode: number = ExitCode.internal;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(code: string, message: string, options: KalvimateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
  }
}

/** The user's file, flag or config is wrong. The message says what and how to fix it. Exit 2. */
export class UserInputError extends KalvimateError {
  override readonly exitCode: number = ExitCode.userInput;
}

/** A service we depend on (OpenAI, the Hub) failed or could not be reached. Exit 3. */
export class ExternalServiceError extends KalvimateError {
  override readonly exitCode: number = ExitCode.externalService;
}

/** A bug or an impossible state in KalviMate itself. Exit 1. */
export class InternalError extends KalvimateError {}

/** True when `error` is one of ours (and so carries a code and an exit code). */
export function isKalvimateError(error: unknown): error is KalvimateError {
  return error instanceof KalvimateError;
}

/** Formats `file:line` (or just `file`) for messages. */
export function locationOf(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`;
}
