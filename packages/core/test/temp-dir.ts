// A fresh temp folder per test for core's own tests (core cannot use @kalvimate/testkit, which depends on it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Gives each test of the file a fresh folder named `<prefix>…`, removed after it; call `path()` inside a test. */
export function useTempDir(prefix: string): { path: () => string } {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return { path: () => dir };
}
