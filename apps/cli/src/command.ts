import type { Command } from '@commander-js/extra-typings';
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

/** Runs a command's work with the context of this invocation: prints its result, sets the exit code. */
export type Execute = (work: (context: CommandContext) => Promise<CommandResult>) => Promise<void>;

/** One subcommand. Each lives in its own file under `commands/`. */
export interface CommandModule {
  name: string;
  /** One line for `kalvimate --help`. */
  summary: string;
  /**
   * Declares the command's arguments, options and long help on `command`, and its action: typed by
   * the declarations (@commander-js/extra-typings), handing its work to `execute`.
   */
  register(command: Command, execute: Execute): void;
}
