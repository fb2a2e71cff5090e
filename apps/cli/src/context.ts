import { join, resolve } from 'node:path';
import { type WorkspacePaths, workspacePaths } from '@kalvimate/core';
import {
  CONFIG_FILE_NAME,
  checkDataDir,
  definedOnly,
  type KalvimateConfig,
  loadConfigFile,
  loadEnvironment,
  readSecrets,
  type Secrets,
  type StageContext,
  StreamReporter,
  terminalWidth,
  wrapLine,
} from '@kalvimate/pipeline/setup';
import { type CliIO, isDebugEnv, writeLine } from './io.js';

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
  /** The config file the command read, or would have read had it existed. */
  configFile: string;
  env: Record<string, string | undefined>;
  secrets: Secrets;
  /**
   * The OpenAI connection of the secrets (`OPENAI_API_KEY`, `OPENAI_BASE_URL`) as `{ connection }`, or `{}`
   * when neither is set: spread into the options of submit, status and cancel.
   */
  openai: { connection?: { apiKey?: string; baseURL?: string } };
  reporter: StreamReporter;
  /** A reporter like `reporter`, its lines labelled `label` (a stage of `run`). */
  reporterFor(label: string): StreamReporter;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** True when a person can answer questions (stdin and stderr are terminals). */
  interactive: boolean;
  /** Resolves a path the user typed, against `cwd`. */
  resolvePath(path: string): string;
  /** `options` with the paths (or lists of paths) under `keys` resolved against `cwd`. */
  resolvePaths<T extends object>(options: T, ...keys: (keyof T)[]): T;
  /** Every folder and file of the data folder. */
  paths: WorkspacePaths;
  /** What a stage function of @kalvimate/pipeline needs: the paths, the config and the reporter. */
  stage: StageContext;
  /**
   * Prints a human line: stdout normally, stderr with `--json` (stdout then holds only the JSON). On a
   * terminal a line wider than it is wrapped, the later pieces indented by `indent` (default: the
   * line's own indentation and two more).
   */
  print(line?: string, indent?: number): void;
}

/** Builds the context for one command run. */
export function createContext(io: CliIO, options: GlobalOptions, label: string): CommandContext {
  const env = loadEnvironment(io.cwd, io.env);
  const secrets = readSecrets(env);
  const connection =
    secrets.openaiApiKey !== undefined || secrets.openaiBaseUrl !== undefined
      ? definedOnly({ apiKey: secrets.openaiApiKey, baseURL: secrets.openaiBaseUrl })
      : undefined;
  const { config, path: configFile = join(io.cwd, CONFIG_FILE_NAME) } = loadConfigFile(
    io.cwd,
    options.config,
  );
  const json = options.json === true;
  const quiet = options.quiet === true;
  const verbose = options.verbose === true || isDebugEnv(env);
  const dataDir = resolve(io.cwd, options.dataDir ?? env.KALVIMATE_DATA_DIR ?? config.dataDir ?? 'data');
  checkDataDir(dataDir);
  const interactive = io.stderr.isTTY === true && env.CI === undefined;
  const reporterFor = (name: string) =>
    new StreamReporter({ stream: io.stderr, interactive, quiet, verbose, label: name });
  const reporter = reporterFor(label);
  const paths = workspacePaths(dataDir);
  return {
    io,
    cwd: io.cwd,
    dataDir,
    config,
    configFile,
    env,
    secrets,
    openai: connection ? { connection } : {},
    reporter,
    reporterFor,
    json,
    quiet,
    verbose,
    interactive: interactive && io.stdin.isTTY === true,
    resolvePath: (path) => resolve(io.cwd, path),
    resolvePaths: (options, ...keys) => {
      const resolved = { ...options } as Record<PropertyKey, unknown>;
      for (const key of keys) {
        const value = resolved[key];
        if (typeof value === 'string') resolved[key] = resolve(io.cwd, value);
        if (Array.isArray(value)) resolved[key] = value.map((p) => resolve(io.cwd, String(p)));
      }
      return resolved as typeof options;
    },
    paths,
    stage: { paths, config, reporter },
    print: (line = '', indent?: number) => {
      if (quiet && !json) return;
      const stream = json ? io.stderr : io.stdout;
      const width = terminalWidth(stream);
      const hanging = indent ?? line.length - line.trimStart().length + 2;
      for (const piece of width ? wrapLine(line, width, hanging) : [line]) writeLine(stream, piece);
    },
  };
}
