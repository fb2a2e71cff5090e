import { join } from 'node:path';
import type { CommandModule } from './command.js';
import {
  type KalvimateConfig,
  loadConfigFile,
  loadEnvironment,
  readSecrets,
  resolveUserPath,
  type Secrets,
} from './config.js';
import { checkDataDir } from './data-dir.js';
import { isDebugEnv } from './debug-env.js';
import { type CliIO, writeLine } from './io.js';
import { ConsoleReporter } from './reporter.js';

/** The options every command takes (see `kalvimate --help`). */
export interface GlobalOptions {
  dataDir?: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Everything a command needs from the outside world, resolved once. */
export interface CommandContext {
  io: CliIO;
  /** The folder the user ran the command from. */
  cwd: string;
  /** Absolute path of the run's workspace (`--data-dir` > `KALVIMATE_DATA_DIR` > config > `./data`). */
  dataDir: string;
  config: KalvimateConfig;
  configPath?: string;
  env: Record<string, string | undefined>;
  secrets: Secrets;
  reporter: ConsoleReporter;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** True when a person can answer questions (stdin and stderr are terminals). */
  interactive: boolean;
  /** Resolves a path the user typed, against `cwd`. */
  resolvePath(path: string): string;
  /** A path inside the data folder. */
  dataPath(...parts: string[]): string;
  /** Prints a human line: stdout normally, stderr with `--json` (stdout then holds only the JSON). */
  print(line?: string): void;
}

export { isDebugEnv };

/** Builds the context for one command run. */
export function createContext(
  io: CliIO,
  options: GlobalOptions,
  commands: readonly CommandModule[],
  label: string,
): CommandContext {
  const env = loadEnvironment(io.cwd, io.env);
  const secrets = readSecrets(env);
  const { config, path: configPath } = loadConfigFile(io.cwd, commands, options.config);
  const json = options.json === true;
  const quiet = options.quiet === true;
  const verbose = options.verbose === true || isDebugEnv(env);
  const dataDir = resolveUserPath(
    io.cwd,
    options.dataDir ?? env.KALVIMATE_DATA_DIR ?? config.dataDir ?? 'data',
  );
  checkDataDir(dataDir);
  const interactive = io.stderr.isTTY === true && env.CI === undefined;
  const reporter = new ConsoleReporter({ stream: io.stderr, interactive, quiet, verbose, label });
  return {
    io,
    cwd: io.cwd,
    dataDir,
    config,
    ...(configPath ? { configPath } : {}),
    env,
    secrets,
    reporter,
    json,
    quiet,
    verbose,
    interactive: interactive && io.stdin.isTTY === true,
    resolvePath: (path) => resolveUserPath(io.cwd, path),
    dataPath: (...parts) => join(dataDir, ...parts),
    print: (line = '') => {
      if (quiet && !json) return;
      writeLine(json ? io.stderr : io.stdout, line);
    },
  };
}
