import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';

export { type KalvimateConfig, loadConfigFile, readSecrets, type Secrets } from '@kalvimate/pipeline';

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

/** Resolves a user-given path against the folder the user ran the command from. */
export function resolveUserPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
