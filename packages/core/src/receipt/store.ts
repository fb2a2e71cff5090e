import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv64, type ReceiptKey, sameKey } from './key.js';
import { checkPaths, type WatchedPath } from './watch.js';

/** One write of a command to stdout (1) or stderr (2). */
export type OutputChunk = [fd: 1 | 2, text: string];

/**
 * What a command printed (exit code 0), with what it depended on: its key and the paths it read, as
 * they were. While both are the same, running the command again would print the same.
 */
export interface Receipt {
  version: 1;
  key: ReceiptKey;
  watched: WatchedPath[];
  output: OutputChunk[];
}

/**
 * KalviMate's cache folder: `KALVIMATE_CACHE_DIR`, else `kalvimate` in the user's cache folder
 * (`XDG_CACHE_HOME`, `~/.cache`, `%LOCALAPPDATA%`); undefined where there is no such folder.
 */
export function cacheRootOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.KALVIMATE_CACHE_DIR) return env.KALVIMATE_CACHE_DIR;
  const cache = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined) || env.LOCALAPPDATA;
  return cache ? join(cache, 'kalvimate') : undefined;
}

/**
 * The folder of receipts: `receipts` in KalviMate's cache folder (`cacheRootOf`); undefined (no receipts)
 * with `KALVIMATE_REPLAY=0` or no cache folder.
 */
export function receiptDirOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.KALVIMATE_REPLAY === '0') return undefined;
  const root = cacheRootOf(env);
  return root ? join(root, 'receipts') : undefined;
}

/** The receipt file of a command line: one per folder and command line. */
export function receiptFileOf(dir: string, key: ReceiptKey): string {
  return join(dir, `${fnv64(JSON.stringify([key.cwd, key.argv]))}.json`);
}

/**
 * The output to print again for `key`, from its receipt in `dir`, when the receipt is for that key and
 * every path it watched is unchanged; else undefined (no receipt, another key, a change, an unreadable
 * receipt). Files read again because they were written close to their hashing, and now settled, are
 * recorded as hashed now, so that the next replay does not read them.
 */
export function replayOutput(
  dir: string,
  key: ReceiptKey,
  now: () => number = Date.now,
): OutputChunk[] | undefined {
  let receipt: Receipt;
  try {
    receipt = JSON.parse(readFileSync(receiptFileOf(dir, key), 'utf8')) as Receipt;
  } catch {
    return undefined;
  }
  if (receipt?.version !== 1 || !Array.isArray(receipt.watched) || !Array.isArray(receipt.output))
    return undefined;
  if (!sameKey(receipt.key, key)) return undefined;
  const { unchanged, settled } = checkPaths(receipt.watched, now);
  if (!unchanged) return undefined;
  if (settled > 0) {
    try {
      writeReceipt(dir, receipt);
    } catch {
      // A receipt is a cache: the next replay reads those files once more.
    }
  }
  return receipt.output;
}

/** Receipts kept at most: past this many, the oldest are removed down to half of it. */
const MAX_RECEIPTS = 256;

/**
 * Writes a receipt in `dir` (created if needed), readable by the user alone, atomically: a reader sees the
 * old one or the new one. One receipt per folder and command line accumulate: past MAX_RECEIPTS, the
 * least recently written go.
 */
export function writeReceipt(dir: string, receipt: Receipt, maxReceipts = MAX_RECEIPTS): void {
  mkdirSync(dir, { recursive: true });
  const file = receiptFileOf(dir, receipt.key);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(receipt), { mode: 0o600 });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  pruneOldest(
    dir,
    readdirSync(dir).filter((name) => name.endsWith('.json')),
    maxReceipts,
  );
}

/**
 * Keeps a cache folder bounded: past `maxFiles` of `names` (files in `dir`), the least recently written
 * are removed down to half of it.
 */
export function pruneOldest(dir: string, names: readonly string[], maxFiles: number): void {
  if (names.length <= maxFiles) return;
  const byAge = names
    .map((name) => ({ path: join(dir, name), mtimeMs: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const { path } of byAge.slice(0, names.length - Math.floor(maxFiles / 2)))
    rmSync(path, { force: true });
}
