import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import { z } from 'zod';
import { PipelineConfigSchema } from './config.js';

/** The config file looked for in the user's folder when no path is given. */
export const CONFIG_FILE_NAME = 'kalvimate.config.json';

/**
 * The schema of `kalvimate.config.json`: the pipeline's sections (one per stage, each that stage's own
 * options schema) plus `dataDir`, the default data folder; unknown keys are refused.
 */
export const KalvimateConfigSchema = PipelineConfigSchema.extend({
  $schema: z.string().optional(),
  dataDir: z.string().min(1).optional(),
}).strict();

export type KalvimateConfig = z.infer<typeof KalvimateConfigSchema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${issue.path.length > 0 ? ` in ${where}` : ''}`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * Reads and validates a config file, as the CLI does: `explicitPath` (resolved against `cwd`) must
 * exist; without it `kalvimate.config.json` in `cwd` is used when present, else the defaults (`{}`).
 * Every problem is a `UserInputError` naming the file and the keys at fault.
 * @example const { config } = loadConfigFile(process.cwd()); await runPipeline({ dataDir: 'data', config });
 */
export function loadConfigFile(
  cwd: string,
  explicitPath?: string,
): { config: KalvimateConfig; path?: string } {
  const path = explicitPath ? resolve(cwd, explicitPath) : join(cwd, CONFIG_FILE_NAME);
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) {
    if (explicitPath) {
      throw new UserInputError('CONFIG_NOT_FOUND', `config file not found: ${path}`, {
        file: path,
        hint: 'Check the --config path, or leave it out to use defaults.',
      });
    }
    return { config: {} };
  }
  if (!info.isFile()) {
    throw new UserInputError('CONFIG_NOT_A_FILE', `config file is not a file: ${path}`, {
      file: path,
      hint: `A config file is one JSON file (${CONFIG_FILE_NAME}): pass --config that file, or move the folder away.`,
    });
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
  const parsed = KalvimateConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    throw new UserInputError('CONFIG_INVALID', `${path}: ${issues}`, {
      file: path,
      hint: 'See "Configuration" in the README for the keys each section takes. Secrets belong in the environment, not here.',
    });
  }
  return { config: parsed.data, path };
}
