import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UserInputError } from './errors.js';
import { parseWith } from './zod-issues.js';

/** How a JSON file of the workspace is named in errors. */
export interface JsonFileDescription {
  /** Prefix of the error codes: `<prefix>_MISSING`, `<prefix>_NOT_JSON`, `<prefix>_INVALID`. */
  code: string;
  /** What the file is, for the "not found" message (`estimate`, `book.json`). */
  what: string;
  /** What to do when it is missing. */
  missingHint: string;
  /** What to do when it is not valid (as a rule: run the stage that writes it again). */
  invalidHint?: string;
}

/**
 * Reads a JSON file and validates it with `schema`. A missing file, bad JSON or a value the schema refuses
 * is a `UserInputError` naming the file (and the field) and what to do; the zod error is its cause.
 * @example const estimate = await readJsonFile(paths.estimate, EstimateFileSchema, { code: 'ESTIMATE', what: 'estimate', missingHint: 'Run kalvimate generate.' });
 */
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
  description: JsonFileDescription,
): Promise<z.infer<S>> {
  const { code, what, missingHint, invalidHint } = description;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserInputError(`${code}_MISSING`, `${what} not found: ${file}`, {
      file,
      cause,
      hint: missingHint,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new UserInputError(`${code}_NOT_JSON`, `${file}: not valid JSON (${(cause as Error).message})`, {
      file,
      cause,
      ...(invalidHint ? { hint: invalidHint } : {}),
    });
  }
  return parseWith(
    schema,
    raw,
    (issue, cause) =>
      new UserInputError(`${code}_INVALID`, `${file}: ${issue}`, {
        file,
        cause,
        ...(invalidHint ? { hint: invalidHint } : {}),
      }),
    { fieldPrefix: 'field ', topLevel: 'the file' },
  );
}
