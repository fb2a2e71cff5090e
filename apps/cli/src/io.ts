import type { FileVersion, ReceiptRecorder } from '@kalvimate/core/receipt';
import { redact } from '@kalvimate/core/redact';

/** Where the CLI writes. Tests pass in-memory streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The folder the user ran the command from (pnpm runs scripts from the repo root). */
  cwd: string;
  /**
   * The launcher's recorder: a run that did nothing asks it for a receipt, a run that did work offers a
   * rehearsal (@kalvimate/core/receipt).
   */
  receipt?: Pick<ReceiptRecorder, 'watch' | 'offerRehearsal'>;
  /** Set when this command is a rehearsal (see rehearsal.ts): the hashes the run before it took. */
  rehearsal?: { files: Readonly<Record<string, FileVersion>> };
}

/** The process's real streams, environment and the user's folder. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}

/** Writes a line to a stream, with every secret removed. */
export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${redact(text)}\n`);
}

/** True when the environment asks for debug output (`DEBUG=kalvimate` or `DEBUG=*`). */
export function isDebugEnv(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG ?? '').split(',').some((v) => v.trim() === 'kalvimate' || v.trim() === '*');
}
