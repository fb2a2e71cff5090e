#!/usr/bin/env node
// Launcher behind `pnpm kalvimate`: rebuilds the CLI and the packages it uses when a source file is
// newer than its build (Turborepo serves unchanged packages from its cache), then runs the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'apps', 'cli', 'dist', 'bin.cjs');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const packages = [
    join(root, 'apps', 'cli'),
    ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)),
  ];
  for (const pkg of packages) {
    const built = join(pkg, 'dist', pkg.endsWith('cli') ? 'bin.cjs' : 'index.js');
    if (!existsSync(built)) return true;
    if (newestMtime(join(pkg, 'src')) > statSync(built).mtimeMs) return true;
  }
  return false;
}

if (process.env.KALVIMATE_SKIP_BUILD !== '1' && isStale()) {
  process.stderr.write('kalvimate: building the CLI (first run or changed sources)...\n');
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const result = spawnSync(turbo, ['run', 'build', '--filter=kalvimate...', '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) {
    process.stderr.write('kalvimate: the build failed (see above); run `pnpm build` for details.\n');
    process.exit(result.status ?? 1);
  }
}

await import(pathToFileURL(bin).href);
