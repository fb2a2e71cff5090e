import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** True while process `pid` exists (also when it belongs to another user, which `kill(pid, 0)` reports as EPERM). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The atomic writers' temp names: `.<name>.tmp-<pid>-<hex>` (and `.old-` for a folder being replaced).
const TEMP_NAME = /^\..+\.(?:tmp|old)-(\d+)-[0-9a-f]+$/;

/**
 * Removes the temp files and folders a killed run left in `dir` (names of the atomic writers whose process
 * is gone); those of a live process are kept. With `prefix`, only names that start with it. A missing
 * folder removes nothing. Returns how many were removed.
 */
export async function removeStaleTemps(dir: string, options: { prefix?: string } = {}): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (options.prefix !== undefined && !name.startsWith(options.prefix)) continue;
    const match = TEMP_NAME.exec(name);
    if (!match || isProcessAlive(Number(match[1]))) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
