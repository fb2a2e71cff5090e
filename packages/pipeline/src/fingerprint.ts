import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { mapPool, sha256File } from '@kalvimate/core';
import { type FileVersion, RACY_MS } from '@kalvimate/core/receipt';
import { canonicalJson } from './canonical-json.js';

/**
 * A file's hash as last computed, with what identifies that version of the file (the shape a receipt
 * watches a file with, so a run's hashes serve its receipt as they are).
 */
export type HashedFile = FileVersion;

/**
 * Hashes of files by path: `known` from the last run (`run-state.json`), `used` those this run looked
 * at, which the run records in its place (so files no longer read drop out).
 */
export interface FileHashCache {
  known: Readonly<Record<string, HashedFile>>;
  used: Record<string, HashedFile>;
  /** Hashes this process took moments ago, trusted as this run's own (`RunPipelineOptions.trustedFiles`). */
  trusted?: Readonly<Record<string, HashedFile>>;
}

/** Files of a folder stat'ed and hashed at once (libuv's thread pool has four threads). */
const FILES_AT_ONCE = 4;

type FileInfo = Awaited<ReturnType<typeof stat>>;

/** What identifies this version of a file, and its hash taken at `hashedAt`. */
function hashedFile(info: FileInfo, sha256: string, hashedAt: number): HashedFile {
  const { size, mtimeMs, ctimeMs, ino } = info;
  return {
    size: Number(size),
    mtimeMs: Number(mtimeMs),
    ctimeMs: Number(ctimeMs),
    ino: Number(ino),
    hashedAt,
    sha256,
  };
}

/**
 * The file's sha256: from `cache` while its size, modification and change times and inode are those
 * recorded, else read and recorded there. A run that changes nothing so reads no file twice across runs,
 * as git and make do.
 *
 * A hash from an earlier run counts only if the file was not written within `RACY_MS` of that hashing.
 * Within one run a file hashed once is not read again while it looks the same: the stages that write a
 * file and those that read it next are moments apart, and without this the requests file of a first run
 * (8 MB on a textbook) was read whole five times over. The entry keeps its time of hashing, so the next
 * run still reads a file written that close to it once more. Hashes `trusted` by the caller (taken by the
 * run just before, in the same process) count as this run's own.
 */
async function fileHash(path: string, info: FileInfo, cache: FileHashCache | undefined): Promise<string> {
  // The file as it is now (no hash yet), to compare with the recorded entries.
  const now = hashedFile(info, '', 0);
  const same = (entry: HashedFile | undefined): entry is HashedFile =>
    entry !== undefined &&
    entry.size === now.size &&
    entry.mtimeMs === now.mtimeMs &&
    entry.ctimeMs === now.ctimeMs &&
    entry.ino === now.ino;
  const thisRun = cache?.used[path];
  if (same(thisRun)) return thisRun.sha256;
  const trusted = cache?.trusted?.[path];
  if (same(trusted)) {
    if (cache) cache.used[path] = trusted;
    return trusted.sha256;
  }
  const known = cache?.known[path];
  if (same(known) && Math.max(now.mtimeMs, now.ctimeMs) + RACY_MS < known.hashedAt) {
    if (cache) cache.used[path] = known;
    return known.sha256;
  }
  const hashedAt = Date.now();
  const sha256 = await sha256File(path);
  if (cache) cache.used[path] = hashedFile(info, sha256, hashedAt);
  return sha256;
}

/**
 * Records the sha256 of a file the run has just written, hashed as it was written, so that the run does
 * not read it back. Like a hash taken now: the next run reads the file once more, as it was written
 * within RACY_MS of this (see fileHash).
 */
export async function recordFileHash(
  path: string,
  sha256: string,
  cache: FileHashCache | undefined,
): Promise<void> {
  if (cache) cache.used[path] = hashedFile(await stat(path), sha256, Date.now());
}

/** One file's sha256, taken from `cache` while the file is unchanged since its last hashing (see fileHash). */
export async function cachedSha256(path: string, cache?: FileHashCache): Promise<string> {
  return fileHash(path, await stat(path), cache);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Temp files of an interrupted atomic write are not part of the content.
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * A content fingerprint of files and folders (names and bytes; order of `paths` matters, folder
 * listings are sorted), plus any JSON-serialisable options, hashed as canonical JSON (key order never
 * matters). A missing path has its own marker, so creating it changes the fingerprint. With `cache`,
 * files unchanged since they were last hashed are not read again (see `HashedFile`).
 */
export async function fingerprint(
  paths: readonly string[],
  options: unknown = {},
  cache?: FileHashCache,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`options\0${canonicalJson(options ?? null)}\n`);
  for (const path of paths) {
    let info: FileInfo;
    try {
      info = await stat(path);
    } catch {
      hash.update(`missing\0${path}\n`);
      continue;
    }
    if (info.isDirectory()) {
      const files = (await listFiles(path)).sort();
      hash.update(`dir\0${files.length}\n`);
      // A few files at a time: the thread pool opens and reads the next ones while this thread hashes.
      const hashes = await mapPool(files, FILES_AT_ONCE, async (file) =>
        fileHash(file, await stat(file), cache),
      );
      files.forEach((file, i) => {
        hash.update(`${relative(path, file)}\0${hashes[i]}\n`);
      });
    } else {
      hash.update(`file\0${await fileHash(path, info, cache)}\n`);
    }
  }
  return hash.digest('hex');
}
