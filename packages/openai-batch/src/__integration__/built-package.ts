// The kill -9 test runs the built package in a child process. A stale or missing dist/ would make it test
// old code or skip, so it is (re)built here when any source file is newer; a failed build fails the test.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The newest modification time of the package's non-test sources (milliseconds). */
function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__integration__') newest = Math.max(newest, newestSourceTime(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Builds `dist/` with the package's own build config unless it is newer than every source; returns its entry. */
export function ensureBuilt(): string {
  const entry = join(PACKAGE_DIR, 'dist', 'index.js');
  const fresh = existsSync(entry) && statSync(entry).mtimeMs >= newestSourceTime(join(PACKAGE_DIR, 'src'));
  if (!fresh) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  }
  if (!existsSync(entry)) throw new Error(`building @kalvimate/openai-batch did not produce ${entry}`);
  return entry;
}
