import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserInputError } from '@kalvimate/core';

// Folders a run must never write into: the root, the system's own folders, and the home folder itself.
const SYSTEM_FOLDERS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
]);
// Folders nothing of a run belongs in, at any depth.
const SYSTEM_TREES = [
  '/bin/',
  '/boot/',
  '/dev/',
  '/etc/',
  '/lib/',
  '/lib32/',
  '/lib64/',
  '/libx32/',
  '/proc/',
  '/sbin/',
  '/sys/',
];

/** The path with every symlink in its existing part resolved (the rest appended as given). */
export function realPathOf(path: string): string {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    try {
      return join(realpathSync.native(existing), ...missing);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      missing.unshift(basename(existing));
      existing = parent;
    }
  }
}

/** Whether a real (symlink-free) absolute path is `/`, a system folder, inside one, or the home folder. */
export function isSystemFolder(realPath: string, home: string = homedir()): boolean {
  const path = realPath.length > 1 ? realPath.replace(/\/+$/, '') : realPath;
  if (SYSTEM_FOLDERS.has(path) || path === home) return true;
  return SYSTEM_TREES.some((tree) => path.startsWith(tree));
}

/**
 * Refuses a data folder that is, or leads by symlinks to, a system folder, or that is a file: a run
 * writes several folders into it, and as root would write them anywhere.
 */
export function checkDataDir(dataDir: string, home: string = homedir()): void {
  const real = realPathOf(dataDir);
  if (isSystemFolder(real, home)) {
    const shown = real === dataDir ? dataDir : `${dataDir} (${real})`;
    throw new UserInputError('DATA_DIR_SYSTEM_FOLDER', `the data folder ${shown} is a system folder`, {
      file: dataDir,
      hint: 'Pass --data-dir (or KALVIMATE_DATA_DIR) a folder of its own, e.g. --data-dir ./data; it is created when missing.',
    });
  }
  let isFolder = true;
  try {
    isFolder = statSync(dataDir).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code !== 'ENOTDIR') throw error;
    isFolder = false;
  }
  if (!isFolder) {
    throw new UserInputError('DATA_DIR_NOT_A_FOLDER', `the data folder ${dataDir} is a file, not a folder`, {
      file: dataDir,
      hint: 'Pass --data-dir a folder (it is created when missing), or move the file away.',
    });
  }
}
