import { readFile } from 'node:fs/promises';
import { type ModelOverride, PartsManifestSchema } from '@kalvimate/core';

/** The sha256 of each part a book's parts manifest lists now → the book's id. */
async function currentOwners(manifests: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const [id, path] of manifests) {
    try {
      const manifest = PartsManifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
      for (const part of manifest.parts) owners.set(part.sha256, id);
    } catch {
      // A book without parts (yet): its parts are known by their names alone.
    }
  }
  return owners;
}

/**
 * The book a ledger part belongs to: the one whose parts manifest lists it now, else (a part since
 * replaced, still paid for) the longest id its name starts with — parts are named `<id>.<template>.part-0001.jsonl`.
 */
export function bookOfPart(
  part: { file: string; sha256: string },
  bookIds: readonly string[],
  owners: ReadonlyMap<string, string>,
): string | undefined {
  const owner = owners.get(part.sha256);
  if (owner !== undefined) return owner;
  let best: string | undefined;
  for (const id of bookIds) if (part.file.startsWith(`${id}.`) && id.length > (best?.length ?? -1)) best = id;
  return best;
}

/** What each book's batches have cost so far (USD), from the ledger: every attempt at every part of the book. */
export async function bookCosts(
  ledgerPath: string,
  dataDir: string,
  /** Book id → its parts manifest. */
  manifests: ReadonlyMap<string, string>,
  model: string,
  models: Record<string, ModelOverride> = {},
): Promise<Map<string, number>> {
  const { readLedger, partCostUsd } = await import('@kalvimate/openai-batch');
  const ledger = await readLedger(ledgerPath, { dataDir });
  const ids = [...manifests.keys()];
  const owners = await currentOwners(manifests);
  const costs = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const part of ledger.parts) {
    const id = bookOfPart(part, ids, owners);
    if (id !== undefined) costs.set(id, (costs.get(id) ?? 0) + partCostUsd(part, model, models));
  }
  return costs;
}
