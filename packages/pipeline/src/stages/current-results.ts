import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { PartsManifestSchema, UserInputError } from '@kalvimate/core';
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
 * The names of the result files (in `clean_outputs/`) that answer what a run asks for now: every file of
 * the folder but those of a replaced part — a part split into one of the manifests' folders that the
 * manifests no longer list (a template edited or dropped, a book's limit changed). Those stay on disk,
 * paid for, but their stale answers cannot reach the dataset. Parts submitted from elsewhere (`submit
 * --parts`) and files the ledger does not know are read as before. Undefined (read every file) when
 * there is no ledger or no parts manifest to go by.
 * @example await currentResultFiles(ctx, [ctx.paths.partsManifest]) // ['requests.quiz.part-0001.output.jsonl', …]
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
  // The manifests' folders, as the ledger writes input paths: relative to the data folder, with "/".
  const folders = manifests.map((m) => `${relative(ctx.paths.dataDir, dirname(m)).split(sep).join('/')}/`);
  const stale = new Set<string>();
  const kept = new Set<string>();
  for (const part of ledger.parts) {
    const input = part.attempts[0]?.inputPath ?? '';
    const replaced = !shas.has(part.sha256) && folders.some((folder) => input.startsWith(folder));
    for (const attempt of part.attempts)
      for (const file of attempt.resultFiles) (replaced ? stale : kept).add(file);
  }
  // A replacement under the same name wrote over the old files: those names are current.
  for (const name of kept) stale.delete(name);
  const names = await readdir(ctx.paths.outputs).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.jsonl') && !stale.has(name));
}

/**
 * Refuses judge or publish on their own in the data folder of a catalogue run: without the books
 * (their tags, languages, subjects and parts) they would judge in one language and publish rows that
 * name no book. `kalvimate run` with the same books runs them, skipping every unchanged stage.
 */
export function refuseCatalogueFolder(ctx: StageContext, stage: 'judge' | 'publish'): void {
  if (!existsSync(ctx.paths.catalogue)) return;
  throw new UserInputError(
    'CATALOGUE_STAGE_ALONE',
    `${ctx.paths.dataDir} holds a catalogue run: ${stage} runs for all its books as part of "kalvimate run"`,
    {
      file: ctx.paths.catalogue,
      hint: `Run "kalvimate run" with the same books (or --catalogue FILE) and any ${stage} flags: unchanged stages are skipped. --in DIR ${stage}s a folder of results on its own.`,
    },
  );
}
