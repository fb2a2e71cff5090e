import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ModelOverrideSchema, registerSecret, UserInputError } from '@kalvimate/core';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import type { CommandModule } from './command.js';
import { configFilePath } from './config-file.js';

export { CONFIG_FILE_NAME } from './config-file.js';

/** Builds the schema of `kalvimate.config.json` from the commands' own sections. */
export function buildConfigSchema(commands: readonly CommandModule[]) {
  const sections: Record<string, z.ZodType> = {};
  for (const command of commands) {
    if (command.configSection) sections[command.configKey ?? command.name] = command.configSection.optional();
  }
  return z
    .object({
      $schema: z.string().optional(),
      dataDir: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      models: z.record(z.string(), ModelOverrideSchema).optional(),
      ...sections,
    })
    .strict();
}

export type KalvimateConfig = {
  dataDir?: string;
  model?: string;
  models?: Record<string, z.infer<typeof ModelOverrideSchema>>;
} & Record<string, unknown>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${issue.path.length > 0 ? ` in ${where}` : ''}`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * Reads and validates the config file. Without `explicitPath`, `kalvimate.config.json` in `cwd`
 * is used when it exists; a missing explicit file is an error.
 */
export function loadConfigFile(
  cwd: string,
  commands: readonly CommandModule[],
  explicitPath?: string,
): { config: KalvimateConfig; path?: string } {
  const path = configFilePath(cwd, explicitPath);
  if (!existsSync(path)) {
    if (explicitPath) {
      throw new UserInputError('CONFIG_NOT_FOUND', `config file not found: ${path}`, {
        file: path,
        hint: 'Check the --config path, or leave it out to use defaults.',
      });
    }
    return { config: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new UserInputError('CONFIG_NOT_JSON', `${path}: not valid JSON (${(cause as Error).message})`, {
      file: path,
      cause,
      hint: 'Fix the JSON syntax of the config file.',
    });
  }
  const parsed = buildConfigSchema(commands).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    throw new UserInputError('CONFIG_INVALID', `${path}: ${issues}`, {
      file: path,
      hint: 'See "Configuration" in the README for the keys each section takes. Secrets belong in the environment, not here.',
    });
  }
  return { config: parsed.data as KalvimateConfig, path };
}

/**
 * The environment as the CLI sees it: the process's variables, plus `.env` in `cwd` for those
 * not already set (the process always wins).
 */
export function loadEnvironment(
  cwd: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  const fromFile = parseDotenv(readFileSync(file));
  return { ...fromFile, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

/** Secrets and endpoints, only ever read from the environment or `.env`. */
export interface Secrets {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  hfToken?: string;
  hfEndpoint?: string;
}

/** Reads the secrets and registers them with the redactor so they never reach output. */
export function readSecrets(env: Record<string, string | undefined>): Secrets {
  const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  const secrets: Secrets = {
    openaiApiKey: nonEmpty(env.OPENAI_API_KEY) ?? nonEmpty(env.API_KEY),
    openaiBaseUrl: nonEmpty(env.OPENAI_BASE_URL),
    hfToken: nonEmpty(env.HF_TOKEN),
    hfEndpoint: nonEmpty(env.HF_ENDPOINT),
  };
  registerSecret(secrets.openaiApiKey);
  registerSecret(secrets.hfToken);
  return secrets;
}

/** Resolves a user-given path against the folder the user ran the command from. */
export function resolveUserPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
