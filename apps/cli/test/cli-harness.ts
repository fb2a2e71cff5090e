import { PassThrough } from 'node:stream';
import { COMMANDS } from '../src/commands/index.js';
import { type CommandContext, createContext, type GlobalOptions } from '../src/context.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, an explicit environment and working folder. */
export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const io: CliIO = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}

/** A command context over in-memory streams, for calling a command's `run…` function directly. */
export function createTestContext(
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    globals?: GlobalOptions;
    /** Pretend stdin and stderr are a terminal. */
    terminal?: boolean;
  } = {},
): { ctx: CommandContext; output(): { stdout: string; stderr: string } } {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.terminal === true, columns: 80 });
  const stdin = Object.assign(new PassThrough(), { isTTY: options.terminal === true });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const io: CliIO = { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  const ctx = createContext(io, options.globals ?? {}, COMMANDS, 'test');
  return { ctx, output: () => ({ stdout: out, stderr: err }) };
}
