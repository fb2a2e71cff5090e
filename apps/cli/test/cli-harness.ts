import { PassThrough } from 'node:stream';
import { type CommandContext, createContext, type GlobalOptions } from '../src/context.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable stream that keeps everything written to it, readable with `text()`. */
function capture<T extends object = object>(extra?: T): PassThrough & T & { text(): string } {
  let text = '';
  const stream = Object.assign(new PassThrough(), extra, { text: () => text });
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return stream;
}

/** Runs the CLI in-process with captured output, an explicit environment and working folder. */
export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const io: CliIO = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A command context over in-memory streams, for calling a command's `run…` function directly. */
export function createTestContext(
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    globals?: GlobalOptions;
    /** Pretend stdin and stderr are a terminal. */
    terminal?: boolean;
    /** The launcher's side: its receipt recorder, and the hashes of a rehearsal. */
    io?: Pick<CliIO, 'receipt' | 'rehearsal'>;
  } = {},
): { ctx: CommandContext; output(): { stdout: string; stderr: string } } {
  const stdout = capture();
  const stderr = capture({ isTTY: options.terminal === true, columns: 80 });
  const stdin = Object.assign(new PassThrough(), { isTTY: options.terminal === true });
  const io: CliIO = {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...options.io,
  };
  const ctx = createContext(io, options.globals ?? {}, 'test');
  return { ctx, output: () => ({ stdout: stdout.text(), stderr: stderr.text() }) };
}
