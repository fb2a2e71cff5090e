import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseWith,
  type RequestsManifest,
  RequestsManifestSchema,
  readJsonl,
  UserInputError,
} from '@kalvimate/core';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSONL file holds: Batch API results (and errors), request lines, or nothing. */
export type FileKind = 'results' | 'requests' | 'empty';

/** What a JSONL file holds, judged by its first line. */
export async function kindOfFile(path: string): Promise<FileKind> {
  for await (const { value } of readJsonl(path)) {
    if (isRecord(value) && ('response' in value || 'error' in value)) return 'results';
    if (isRecord(value) && 'body' in value && 'method' in value) return 'requests';
    throw new UserInputError(
      'PUBLISH_UNKNOWN_FILE',
      `${path}:1: neither a Batch API result line nor a request line`,
      {
        file: path,
        line: 1,
        hint: 'The input folder should hold only the result and error files of your batches.',
      },
    );
  }
  return 'empty';
}

/**
 * The `*.jsonl` files of the input folder, sorted by name: result and error files, and request
 * files (kept for retry.jsonl). With `only`, just the files of the folder it names (the results of
 * the parts a run still asks for; files of parts since replaced stay on disk but are not read).
 * Throws when the folder is missing or holds no results.
 */
export async function findInputFiles(
  inDir: string,
  only?: ReadonlySet<string>,
): Promise<{ results: string[]; requests: string[] }> {
  let names: string[];
  try {
    const info = await stat(inDir);
    if (!info.isDirectory()) throw new Error('not a folder');
    names = (await readdir(inDir)).filter((n) => n.endsWith('.jsonl') && (!only || only.has(n))).sort();
  } catch (cause) {
    throw new UserInputError('PUBLISH_NO_INPUT', `input folder not found: ${inDir}`, {
      file: inDir,
      cause,
      hint: 'Pass --in with the folder of Batch API result files (default: <data-dir>/clean_outputs), or run `kalvimate submit` first.',
    });
  }
  const results: string[] = [];
  const requests: string[] = [];
  for (const name of names) {
    const path = join(inDir, name);
    const kind = await kindOfFile(path);
    if (kind === 'results') results.push(path);
    else if (kind === 'requests') requests.push(path);
  }
  if (results.length === 0) {
    throw new UserInputError('PUBLISH_NO_RESULTS', `no Batch API result files (*.jsonl) in ${inDir}`, {
      file: inDir,
      hint: 'Run `kalvimate submit` to fetch results, or point --in at the folder that holds them.',
    });
  }
  return { results, requests };
}

/** The generate stage's request manifest, or undefined when there is none at `path`. */
export async function loadManifest(path: string | undefined): Promise<RequestsManifest | undefined> {
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const hint = 'Run `kalvimate generate` again to rewrite the request manifest.';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new UserInputError('PUBLISH_BAD_MANIFEST', `${path}: not valid JSON`, { file: path, cause, hint });
  }
  return parseWith(
    RequestsManifestSchema,
    raw,
    (issue, cause) =>
      new UserInputError('PUBLISH_BAD_MANIFEST', `${path}: ${issue}`, { file: path, cause, hint }),
    { topLevel: 'manifest' },
  );
}
