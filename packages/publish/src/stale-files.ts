/** The folders a publish owns on the Hub: every file in them comes from the dataset folder. */
export const OWNED_FOLDERS: readonly string[] = ['data/', 'jsonl/'];

/**
 * The repo files a publish must delete: those in `data/` and `jsonl/` that it does not write itself
 * (stale shards of an earlier run would otherwise match the card's `data/train-*.parquet` glob).
 * Files elsewhere (a hand-written `.gitattributes`, images the card links) are left alone.
 * @example staleRepoFiles(['data/train-00000-of-00002.parquet', 'README.md'], ['data/train-00000-of-00001.parquet']) // ['data/train-00000-of-00002.parquet']
 */
export function staleRepoFiles(inRepo: readonly string[], uploading: readonly string[]): string[] {
  const kept = new Set(uploading);
  return inRepo
    .filter((path) => OWNED_FOLDERS.some((folder) => path.startsWith(folder)) && !kept.has(path))
    .sort();
}
