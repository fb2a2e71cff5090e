import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import {
  assertReadableFile,
  type EncodingName,
  PartsManifestSchema,
  parseWith,
  RequestLineSchema,
  readJsonl,
  resolveModel,
  sha256File,
  UserInputError,
} from '@kalvimate/core';
import { requestTokens } from './retry-part.js';

/** One part file to submit. */
export interface PartInput {
  /** Absolute path. */
  path: string;
  /** File name. */
  file: string;
  /** File name without `.jsonl`; every derived file starts with it. */
  stem: string;
  sha256: string;
  requests: number;
  tokens: number;
}

/** The parts of a run, with the model and endpoint they are for. */
export interface PartsInput {
  parts: PartInput[];
  /** Model named by the manifest or the first request. */
  model?: string;
  /** Endpoint of the requests, e.g. `/v1/chat/completions`. */
  url: string;
}

/** `part-001.jsonl` → `part-001`. */
export function stemOf(file: string): string {
  return basename(file).replace(/\.jsonl$/i, '');
}

function checkUniqueStems(parts: readonly PartInput[]): void {
  const seen = new Map<string, string>();
  for (const part of parts) {
    const other = seen.get(part.stem);
    if (other)
      throw new UserInputError(
        'PART_NAME_TWICE',
        `two parts share the name "${part.stem}": ${other} and ${part.path}`,
        { file: part.path, hint: 'Results are named after the part: give each part a distinct file name.' },
      );
    seen.set(part.stem, part.path);
  }
}

/**
 * Reads `parts/manifest.json` (the splitter's) and checks that every part it lists is there and
 * unchanged (sha256).
 */
export async function partsFromManifest(manifestPath: string): Promise<PartsInput> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserInputError(
      missing ? 'PARTS_MANIFEST_MISSING' : 'PARTS_MANIFEST_NOT_JSON',
      missing ? `no parts to submit: ${manifestPath} not found` : `${manifestPath}: not valid JSON`,
      {
        file: manifestPath,
        cause,
        hint: missing
          ? 'Run "kalvimate split" first, or name the part files: kalvimate submit PART...'
          : 'Run "kalvimate split" again to rewrite the manifest.',
      },
    );
  }
  const manifest = parseWith(
    PartsManifestSchema,
    raw,
    (issue, cause) =>
      new UserInputError('PARTS_MANIFEST_INVALID', `${manifestPath}: not a parts manifest (${issue})`, {
        file: manifestPath,
        cause,
        hint: 'Run "kalvimate split" again to rewrite the manifest.',
      }),
    { topLevel: 'top level' },
  );
  const dir = dirname(manifestPath);
  const parts: PartInput[] = [];
  for (const entry of manifest.parts) {
    const path = resolve(dir, entry.file);
    await assertReadableFile(path, 'part listed in the manifest');
    const sha256 = await sha256File(path);
    if (sha256 !== entry.sha256)
      throw new UserInputError(
        'PART_CHANGED',
        `${path} changed since the manifest was written (sha256 differs)`,
        {
          file: path,
          hint: 'Run "kalvimate split" again so that the manifest matches the parts.',
        },
      );
    const file = basename(entry.file);
    parts.push({ path, file, stem: stemOf(file), sha256, requests: entry.requests, tokens: entry.tokens });
  }
  checkUniqueStems(parts);
  return { parts, model: manifest.model, url: manifest.url };
}

/** Reads part files named by the user: checks every line and counts its requests and tokens. */
export async function partsFromFiles(paths: readonly string[], model?: string): Promise<PartsInput> {
  const parts: PartInput[] = [];
  let firstModel: string | undefined;
  let url: string | undefined;
  let encoding: EncodingName | undefined = model ? resolveModel(model).encoding : undefined;
  for (const path of paths) {
    let requests = 0;
    let tokens = 0;
    for await (const { value, lineNumber } of readJsonl(path, { parse: (v) => RequestLineSchema.parse(v) })) {
      const lineModel = typeof value.body.model === 'string' ? value.body.model : undefined;
      firstModel ??= lineModel;
      if (!encoding) {
        try {
          encoding = resolveModel(model ?? firstModel ?? 'gpt-4o-mini').encoding;
        } catch {
          encoding = 'o200k_base';
        }
      }
      if (url === undefined) url = value.url;
      else if (value.url !== url)
        throw new UserInputError(
          'PART_MIXED_URLS',
          `${path}:${lineNumber}: url "${value.url}" differs from "${url}" of the first request`,
          {
            file: path,
            line: lineNumber,
            hint: 'A batch has one endpoint: put requests for other endpoints in other parts.',
          },
        );
      requests += 1;
      tokens += requestTokens(value.body, encoding);
    }
    if (requests === 0)
      throw new UserInputError('PART_EMPTY', `${path}: no requests in this part`, {
        file: path,
        hint: 'Name part files written by "kalvimate split".',
      });
    const file = basename(path);
    parts.push({ path, file, stem: stemOf(file), sha256: await sha256File(path), requests, tokens });
  }
  checkUniqueStems(parts);
  const chosen = model ?? firstModel;
  return { parts, ...(chosen ? { model: chosen } : {}), url: url ?? '/v1/chat/completions' };
}
