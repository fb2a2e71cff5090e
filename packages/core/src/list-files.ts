import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Which files `listFilesRecursive` returns. */
export interface ListFilesOptions {
  /** Leave out names that start with `.` (temp files of an interrupted atomic write, `.git`), files and folders. */
  skipHidden?: boolean;
  /** Keep only the files whose name passes (folders are always descended). */
  include?: (name: string) => boolean;
}

/**
 * Every file under `dir`, at any depth, as paths joined to `dir`, sorted (code-point order of the whole
 * path, so the same tree always lists the same way). A missing folder lists nothing.
 */
export async function listFilesRecursive(dir: string, options: ListFilesOptions = {}): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (options.skipHidden && entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursive(path, options)));
    else if (entry.isFile() && (options.include?.(entry.name) ?? true)) out.push(path);
  }
  return out.sort();
}
