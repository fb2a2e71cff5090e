import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The config file looked for in the user's folder when `--config` is not given. */
export const CONFIG_FILE_NAME = 'kalvimate.config.json';

/** The config file a command line means: `--config` against `cwd`, else `kalvimate.config.json` in `cwd`. */
export function configFilePath(cwd: string, explicitPath?: string): string {
  return explicitPath ? resolve(cwd, explicitPath) : join(cwd, CONFIG_FILE_NAME);
}

/** True when there is a config file to read (a missing `--config` file is reported when it is read). */
export function hasConfigFile(cwd: string, explicitPath?: string): boolean {
  return existsSync(configFilePath(cwd, explicitPath));
}
