import { Command } from '@commander-js/extra-typings';
import { ExitCode } from '@kalvimate/core/errors';
import { redact } from '@kalvimate/core/redact';
import { CommanderError } from 'commander';
import type { Execute } from './command.js';
import { COMMANDS } from './commands/index.js';
import type { CommandContext, GlobalOptions } from './context.js';
import { type CliIO, isDebugEnv, processIO, writeLine } from './io.js';
import { packageVersion } from './quick-version.js';

const ENVIRONMENT_HELP = `
Environment (also read from .env in the current folder):
  OPENAI_API_KEY     key for the OpenAI API (the older API_KEY works too)
  OPENAI_BASE_URL    any OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1
  HF_TOKEN           Hugging Face token (hf_...) for publishing
  HF_ENDPOINT        Hugging Face Hub URL (default https://huggingface.co)
  KALVIMATE_DATA_DIR default for --data-dir
  KALVIMATE_REPLAY=0 run keeps and replays no receipt (see kalvimate run --help)
  DEBUG=kalvimate    same as --verbose
Secrets are read only from the environment and are never printed or written to disk.

Examples:
  pnpm kalvimate run --sample              the whole pipeline on the bundled sample book
  pnpm kalvimate extract data/raw/book.epub
  pnpm kalvimate estimate data/openai_inputs/requests.jsonl --model gpt-4o-mini
`;

async function reportError(io: CliIO, thrown: unknown, json: boolean, verbose: boolean): Promise<number> {
  const { describeError } = await import('@kalvimate/pipeline');
  const report = describeError(thrown);
  const bug = 'This is a bug in KalviMate. Run again with --verbose for the stack trace and report it.';
  const hint = report.internal ? (verbose ? undefined : bug) : report.hint;
  writeLine(io.stderr, `error: ${report.message}`);
  if (hint) writeLine(io.stderr, `hint: ${hint}`);
  if (verbose && thrown instanceof Error && thrown.stack) writeLine(io.stderr, thrown.stack);
  if (verbose && thrown instanceof Error && thrown.cause instanceof Error && thrown.cause.stack) {
    writeLine(io.stderr, `caused by: ${thrown.cause.stack}`);
  }
  // For a job runner: the same code, message and hint as on stderr, and the file (and line) at fault.
  const { code, message, file, line } = report;
  const error = {
    code,
    message,
    ...(hint ? { hint } : {}),
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
  };
  if (json) writeLine(io.stdout, JSON.stringify({ ok: false, error }));
  return report.exitCode;
}

/** The `--json` summary of a command line commander refused (unknown flag, bad value, missing argument). */
export function usageErrorSummary(error: CommanderError): {
  ok: false;
  error: { code: string; message: string };
} {
  const message = (error.message.split('\n')[0] ?? '').replace(/^error: /, '');
  return { ok: false, error: { code: 'USAGE', message: redact(message) } };
}

/** Builds the commander program. `setExit` receives the exit code of the command that ran. */
export function buildProgram(io: CliIO, setExit: (code: number) => void, commands = COMMANDS): Command {
  const program = new Command('kalvimate')
    .description('Turn a textbook (EPUB) into a fine-tuning dataset for an AI tutor.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'workspace of the run (default: ./data)')
    .option('--config <file>', 'config file (default: ./kalvimate.config.json when present)')
    .option('--json', 'print one JSON summary on stdout at the end; human output goes to stderr')
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--verbose', 'print debug output and stack traces')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', ENVIRONMENT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => {
        write(`${redact(text.trimEnd())}\n`);
        // A flag whose value broke one of the stage's rules brings that rule's own hint.
        if (!text.includes('\nhint: '))
          write(
            "hint: run 'kalvimate --help' for the commands, or 'kalvimate <command> --help' for a command's options\n",
          );
      },
    });

  for (const module of commands) {
    const command = program.command(module.name).summary(module.summary).description(module.summary);
    command.exitOverride().configureOutput(program.configureOutput());
    const execute: Execute = async (work) => {
      const globals: GlobalOptions = command.optsWithGlobals();
      const json = globals.json === true;
      const verbose = globals.verbose === true || isDebugEnv(io.env);
      let context: CommandContext | undefined;
      try {
        // Loaded only for a command that runs: `--help` needs none of it.
        const { createContext } = await import('./context.js');
        context = createContext(io, globals, module.name);
        const result = await work(context);
        context.reporter.close();
        for (const line of result.lines ?? []) context.print(line);
        if (json)
          writeLine(
            io.stdout,
            JSON.stringify({ ok: (result.exitCode ?? 0) === 0, command: module.name, ...result.summary }),
          );
        setExit(result.exitCode ?? ExitCode.ok);
      } catch (error) {
        context?.reporter.close();
        setExit(await reportError(io, error, json, verbose));
      }
    };
    module.register(command, execute);
  }
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws for a
 * user's mistake.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const quietExits = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      if (quietExits.includes(error.code)) return ExitCode.ok;
      // commander printed the error on stderr; --json still gets its one summary object.
      if (argv.includes('--json')) writeLine(io.stdout, JSON.stringify(usageErrorSummary(error)));
      return ExitCode.userInput;
    }
    return await reportError(
      io,
      error,
      argv.includes('--json'),
      argv.includes('--verbose') || isDebugEnv(io.env),
    );
  }
  return exitCode;
}
