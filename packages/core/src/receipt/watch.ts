import { readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256FileSync } from '../hash.js';

/** What identifies one version of a file, and its sha256 taken at `hashedAt` (ms since the epoch). */
export interface FileVersion {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hashedAt: number;
  sha256: string;
}

/** A path as a command saw it: missing, a folder (its entries' names) or a file (its version). */
export type WatchedPath =
  | { kind: 'missing'; path: string }
  | { kind: 'folder'; path: string; names: string[] }
  | ({ kind: 'file'; path: string } & FileVersion);

/**
 * A file changed within this long before its hashing may change again without its times moving, on a
 * file system with a coarse clock (git's "racily clean" files): such a file is hashed again to be trusted.
 */
export const RACY_MS = 2_000;

function sameVersion(version: Omit<FileVersion, 'hashedAt' | 'sha256'>, info: Stats): boolean {
  return (
    version.size === info.size &&
    version.mtimeMs === info.mtimeMs &&
    version.ctimeMs === info.ctimeMs &&
    version.ino === info.ino
  );
}

/**
 * Each path as it is now, folders walked to the end: every entry of a folder is watched too. A file's
 * hash comes from `known` while its size, times and inode are the ones recorded there, else it is read.
 */
export function watchPaths(
  paths: readonly string[],
  known: Readonly<Record<string, FileVersion>> = {},
  now: () => number = Date.now,
): WatchedPath[] {
  const watched: WatchedPath[] = [];
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) {
      watched.push({ kind: 'missing', path });
    } else if (info.isDirectory()) {
      const names = readdirSync(path).sort();
      watched.push({ kind: 'folder', path, names });
      for (const name of names) visit(join(path, name));
    } else {
      const entry = known[path];
      const version =
        entry !== undefined && sameVersion(entry, info)
          ? entry
          : {
              size: info.size,
              mtimeMs: info.mtimeMs,
              ctimeMs: info.ctimeMs,
              ino: info.ino,
              hashedAt: now(),
              sha256: sha256FileSync(path),
            };
      const { size, mtimeMs, ctimeMs, ino, hashedAt, sha256 } = version;
      watched.push({ kind: 'file', path, size, mtimeMs, ctimeMs, ino, hashedAt, sha256 });
    }
  };
  for (const path of paths) visit(path);
  return watched;
}

/**
 * True when every watched path is as it was: still missing, a folder with the same entries, a file with
 * the same bytes. A file whose size, times and inode are the recorded ones is not read, unless it was
 * written within RACY_MS of its hashing; then, as when its times moved, its bytes are hashed again.
 */
export function unchangedPaths(watched: readonly WatchedPath[]): boolean {
  return checkPaths(watched).unchanged;
}

/**
 * As `unchangedPaths`, and a file hashed again with the same bytes, size, times and inode is recorded in
 * `watched` as hashed now: `settled` counts those now past RACY_MS, which the next check need not read.
 */
export function checkPaths(
  watched: readonly WatchedPath[],
  now: () => number = Date.now,
): { unchanged: boolean; settled: number } {
  let settledNow = 0;
  const changed = { unchanged: false, settled: 0 };
  for (const entry of watched) {
    const info = statSync(entry.path, { throwIfNoEntry: false });
    if (entry.kind === 'missing') {
      if (info !== undefined) return changed;
      continue;
    }
    if (info === undefined) return changed;
    if (entry.kind === 'folder') {
      if (!info.isDirectory()) return changed;
      const names = readdirSync(entry.path).sort();
      if (names.length !== entry.names.length || names.some((name, i) => name !== entry.names[i]))
        return changed;
      continue;
    }
    if (!info.isFile() || info.size !== entry.size) return changed;
    const changedAt = Math.max(info.mtimeMs, info.ctimeMs);
    if (changedAt + RACY_MS < entry.hashedAt && sameVersion(entry, info)) continue;
    const hashedAt = now();
    if (sha256FileSync(entry.path) !== entry.sha256) return changed;
    if (sameVersion(entry, info)) {
      entry.hashedAt = hashedAt;
      if (changedAt + RACY_MS < hashedAt) settledNow += 1;
    }
  }
  return { unchanged: true, settled: settledNow };
}
