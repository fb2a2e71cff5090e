import { stat } from 'node:fs/promises';
import { UserInputError } from './errors.js';
import { readFileChunksSync } from './file-chunks.js';
import { describeZodIssue } from './zod-issues.js';

const NEWLINE = 0x0a;
/** Largest single line we hold in memory by default (a Batch API file is at most 200 MB). */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

/** One line of a text file as raw bytes, without its `\n` (a `\r` before it is kept, so copies are exact). */
export interface RawLine {
  bytes: Buffer;
  /** 1-based. */
  lineNumber: number;
}

/** One parsed JSONL line. */
export interface JsonlRecord<T = unknown> {
  /** The line's text, without its line terminator. */
  line: string;
  /** 1-based. */
  lineNumber: number;
  value: T;
  /** Size of the line in bytes, without its `\n`. */
  byteLength: number;
}

export interface SplitLinesOptions {
  /** Refuse lines longer than this many bytes (memory stays bounded). */
  maxLineBytes?: number;
  /** Named in errors. */
  file?: string;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('splitLines: expected Buffer, Uint8Array or string chunks');
}

/**
 * Splits a byte stream into lines, in constant memory (beyond the longest line). A final line
 * without a trailing newline is still yielded; an empty final piece is not.
 */
export async function* splitLines(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  options: SplitLinesOptions = {},
): AsyncGenerator<RawLine> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  for await (const raw of source) {
    const chunk = toBuffer(raw);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      lineNumber += 1;
      let bytes = chunk.subarray(start, nl);
      if (pending.length > 0) {
        bytes = Buffer.concat([...pending, bytes], pendingBytes + bytes.length);
        pending = [];
        pendingBytes = 0;
      }
      if (bytes.length > maxLineBytes) throw lineTooLong(options.file, lineNumber, maxLineBytes);
      yield { bytes, lineNumber };
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pending.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) throw lineTooLong(options.file, lineNumber + 1, maxLineBytes);
    }
  }
  if (pendingBytes > 0) {
    lineNumber += 1;
    yield { bytes: Buffer.concat(pending, pendingBytes), lineNumber };
  }
}

function lineTooLong(file: string | undefined, line: number, max: number): UserInputError {
  return new UserInputError(
    'JSONL_LINE_TOO_LONG',
    `${file ?? 'input'}:${line}: line is longer than ${max} bytes`,
    { file, line, hint: 'Check that the file is JSONL (one JSON value per line).' },
  );
}

/** Throws a clear UserInputError when `path` is missing or not a file. */
export async function assertReadableFile(path: string, what = 'file'): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new UserInputError('FILE_NOT_FOUND', `${what} not found: ${path}`, {
      file: path,
      cause,
      hint: 'Check the path, or run the stage that writes it first.',
    });
  }
  if (!info.isFile()) {
    throw new UserInputError('NOT_A_FILE', `${what} is not a file: ${path}`, { file: path });
  }
}

export interface ReadJsonlOptions<T> extends SplitLinesOptions {
  /** Validates each value; a failure names the file, the line and the field. */
  parse?: (value: unknown) => T;
  /** Skip lines that are empty or only whitespace (default true). */
  skipBlank?: boolean;
}

/**
 * Streams a JSONL file as `{line, lineNumber, value}`, in constant memory whatever the file size.
 * A malformed line is a UserInputError (`JSONL_BAD_LINE`) naming the file and line.
 * @example for await (const { value } of readJsonl('requests.jsonl')) console.log(value);
 */
export async function* readJsonl<T = unknown>(
  path: string,
  options: ReadJsonlOptions<T> = {},
): AsyncGenerator<JsonlRecord<T>> {
  await assertReadableFile(path, 'JSONL file');
  yield* parseJsonlLines(readFileChunksSync(path, 1 << 20), { ...options, file: path });
}

/** Parses JSONL from any byte stream; the pure core of `readJsonl`. */
export async function* parseJsonlLines<T = unknown>(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  options: ReadJsonlOptions<T> = {},
): AsyncGenerator<JsonlRecord<T>> {
  const file = options.file ?? 'input';
  const skipBlank = options.skipBlank ?? true;
  for await (const { bytes, lineNumber } of splitLines(source, options)) {
    let line = bytes.toString('utf8');
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (skipBlank && line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new UserInputError(
        'JSONL_BAD_LINE',
        `${file}:${lineNumber}: not valid JSON (${(cause as Error).message})`,
        { file, line: lineNumber, cause, hint: 'Each line must hold one complete JSON value.' },
      );
    }
    const parsed = options.parse ? parseWithLocation(options.parse, value, file, lineNumber) : (value as T);
    yield { line, lineNumber, value: parsed, byteLength: bytes.length };
  }
}

function parseWithLocation<T>(parse: (v: unknown) => T, value: unknown, file: string, line: number): T {
  try {
    return parse(value);
  } catch (cause) {
    if (cause instanceof UserInputError) throw cause;
    throw new UserInputError(
      'JSONL_BAD_RECORD',
      `${file}:${line}: ${describeZodIssue(cause, { fieldPrefix: 'field ' })}`,
      {
        file,
        line,
        cause,
      },
    );
  }
}

/** Serialises one value as a JSONL line (with its `\n`). */
export function toJsonlLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
