import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** What a command hands back: the `--json` summary and the human lines to show. */
export interface CommandResult {
  /** Printed as one JSON object on stdout with `--json`. */
  summary: object;
  /** Human-readable result lines (stdout, or stderr with `--json`). */
  lines?: string[];
  /** Exit code when it is not 0 (e.g. some requests without a result). */
  exitCode?: number;
}

/** One subcommand. Each lives in its own file under `commands/`. */
export interface CommandModule {
  name: string;
  /** One line for `kalvimate --help`. */
  summary: string;
  /** Adds arguments, options and long help to the commander command. */
  configure(command: Command): void;
  /** Runs the command. `args` are the positional arguments, `options` the command's own flags. */
  run(context: CommandContext, args: unknown[], options: Record<string, unknown>): Promise<CommandResult>;
}
