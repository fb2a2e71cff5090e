import { redact } from '@kalvimate/core/redact';

/** Where the CLI writes. Tests pass in-memory streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The folder the user ran the command from (pnpm runs scripts from the repo root). */
  cwd: string;
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

/**
 * Breaks a line at spaces so that no piece is wider than `width` columns, the later pieces indented by
 * `indent` spaces (a terminal then shows a stage's summary as a block, not wrapped at random under the
 * stage name). A word longer than a whole line (a path) is kept whole rather than broken.
 * @example wrapLine('publish    wrote 12 conversations to data/dataset', 30, 11) // ['publish    wrote 12', '           conversations to', '           data/dataset']
 */
export function wrapLine(line: string, width: number, indent: number): string[] {
  if (line.length <= width) return [line];
  const margin = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(/(?<=\S) (?=\S)/)) {
    const next = current === '' ? word : `${current} ${word}`;
    if (next.length <= width || current.trim() === '') current = next;
    else {
      lines.push(current);
      current = `${margin}${word.trimStart()}`;
    }
  }
  lines.push(current);
  return lines;
}

/** A stream's width in columns when it is a terminal; undefined for pipes and files (never wrapped). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number | undefined {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0
    ? stream.columns
    : undefined;
}

/** True when the environment asks for debug output (`DEBUG=kalvimate` or `DEBUG=*`). */
export function isDebugEnv(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG ?? '').split(',').some((v) => v.trim() === 'kalvimate' || v.trim() === '*');
}
