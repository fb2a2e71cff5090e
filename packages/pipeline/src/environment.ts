import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret } from '@kalvimate/core';
import { parse as parseDotenv } from 'dotenv';

/** Secrets and endpoints, only ever read from the environment (or `.env`, which the CLI loads). */
export interface Secrets {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  hfToken?: string;
  hfEndpoint?: string;
}

/**
 * Reads the secrets as the CLI and the openai SDK do (`OPENAI_API_KEY`, the older `API_KEY`,
 * `OPENAI_BASE_URL`, `HF_TOKEN`, `HF_ENDPOINT`) and registers them with the redactor so that they
 * never reach any output.
 */
export function readSecrets(env: Record<string, string | undefined> = process.env): Secrets {
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

/**
 * The environment as the CLI sees it: `env` (default the process's), plus the `.env` file of `cwd` for the
 * variables `env` does not set (the process always wins). Pass it as `runPipeline`'s `env` to read the
 * same secrets as the CLI.
 */
export function loadEnvironment(
  cwd: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  const fromFile = parseDotenv(readFileSync(file));
  return { ...fromFile, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}
