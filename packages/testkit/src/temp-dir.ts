import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp folder that removes itself; use with `await using` or call `remove()` in afterEach. */
export interface TempDir {
  path: string;
  /** A path inside the folder. */
  join(...parts: string[]): string;
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates a fresh folder under the OS temp dir. */
export async function createTempDir(prefix = 'kalvimate-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const remove = () => rm(path, { recursive: true, force: true });
  return { path, join: (...parts) => join(path, ...parts), remove, [Symbol.asyncDispose]: remove };
}
