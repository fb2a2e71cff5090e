import { readFile } from 'node:fs/promises';
import { PartsManifestSchema } from '@kalvimate/core';
import type { StageContext } from './context.js';

/** The sha256 of every part the manifests list; undefined when one of them cannot be read. */
async function currentParts(manifests: readonly string[]): Promise<Set<string> | undefined> {
  const shas = new Set<string>();
  for (const path of manifests) {
    try {
      const manifest = PartsManifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
      for (const part of manifest.parts) shas.add(part.sha256);
    } catch {
      return undefined;
    }
  }
  return shas;
}

/**
 * The names of the result files (in `clean_outputs/`) that answer the parts a run asks for now: every
 * file the ledger saved for an attempt at a part the parts manifests still list. A part that changed (a
 * template edited, a book's limit raised) is a new part; the files of the part it replaced stay on disk
 * but are no longer read, so its stale answers cannot reach the dataset. Undefined (read every file) when
 * there is no ledger or no parts manifest to go by: results brought from elsewhere.
 * @example await currentResultFiles(ctx, [ctx.paths.partsManifest]) // ['requests.quiz.part-0001.output.jsonl']
 */
export async function currentResultFiles(
  ctx: StageContext,
  manifests: readonly string[] = [ctx.paths.partsManifest],
): Promise<string[] | undefined> {
  const shas = await currentParts(manifests);
  if (!shas || shas.size === 0) return undefined;
  const { readLedger } = await import('@kalvimate/openai-batch');
  const ledger = await readLedger(ctx.paths.ledger, { dataDir: ctx.paths.dataDir });
  if (ledger.parts.length === 0) return undefined;
  const names = new Set<string>();
  for (const part of ledger.parts) {
    if (!shas.has(part.sha256)) continue;
    for (const attempt of part.attempts) for (const file of attempt.resultFiles) names.add(file);
  }
  return [...names];
}
