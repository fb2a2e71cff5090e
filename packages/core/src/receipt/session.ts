import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIdOf, type ReceiptKey, receiptKeyOf, terminalsOf } from './key.js';
import { ReceiptRecorder } from './recorder.js';
import { type OutputChunk, receiptDirOf, replayOutput } from './store.js';

/** Where a command line's receipt lives and what it must match. */
export interface ReceiptSession {
  dir: string;
  key: ReceiptKey;
}

/** What a session is opened from: the command line and the process around it. */
export interface SessionInput {
  argv: readonly string[];
  /** The folder the user ran the command from. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The program's main file, whose identity is part of the key (see `buildIdOf`). */
  buildFile: string;
  /** The columns of stdout (1) or stderr (2), asked only when it may be a terminal. */
  columnsOf: (fd: 1 | 2) => number | undefined;
}

/**
 * The receipt session of a command line, or undefined when it keeps no receipt: with KALVIMATE_REPLAY=0,
 * no cache folder, a secret in the environment, or a `.env` file in the folder (which may hold secrets,
 * and whose bytes a receipt would have to hash).
 */
export function openReceiptSession(input: SessionInput): ReceiptSession | undefined {
  const dir = receiptDirOf(input.env);
  if (dir === undefined || existsSync(join(input.cwd, '.env'))) return undefined;
  const key = receiptKeyOf({
    argv: [...input.argv],
    cwd: input.cwd,
    node: process.version,
    build: buildIdOf(input.buildFile),
    env: { ...input.env },
    terminals: terminalsOf(input.columnsOf),
  });
  return key && { dir, key };
}

/** Writes the recorded output of the session's command line when nothing it read has changed; true if it did. */
export function replayReceipt(
  session: ReceiptSession | undefined,
  write: (fd: OutputChunk[0], text: string) => void,
): boolean {
  const output = session && replayOutput(session.dir, session.key);
  if (output === undefined) return false;
  for (const [fd, text] of output) write(fd, text);
  return true;
}

/** A recorder of the session's command, capturing what is written to `stdout` and `stderr` from now on. */
export function recordReceipt(
  session: ReceiptSession | undefined,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): ReceiptRecorder | undefined {
  if (session === undefined) return undefined;
  const recorder = new ReceiptRecorder(session.dir, session.key);
  recorder.capture(streams.stdout, 1);
  recorder.capture(streams.stderr, 2);
  return recorder;
}
