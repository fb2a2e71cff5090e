import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFilesRecursive } from './list-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-list-'));
  await mkdir(join(dir, 'b', 'c'), { recursive: true });
  await mkdir(join(dir, '.hidden-dir'));
  for (const file of [
    'z.jsonl',
    'a.json',
    'b/x.jsonl',
    'b/c/y.jsonl',
    '.a.json.tmp-1-ab',
    '.hidden-dir/k.jsonl',
  ])
    await writeFile(join(dir, file), '');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listFilesRecursive', () => {
  it('lists every file at any depth, sorted', async () => {
    const files = await listFilesRecursive(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      '.a.json.tmp-1-ab',
      '.hidden-dir/k.jsonl',
      'a.json',
      'b/c/y.jsonl',
      'b/x.jsonl',
      'z.jsonl',
    ]);
  });

  it('leaves out hidden names and files the filter refuses', async () => {
    const files = await listFilesRecursive(dir, {
      skipHidden: true,
      include: (name) => name.endsWith('.jsonl'),
    });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['b/c/y.jsonl', 'b/x.jsonl', 'z.jsonl']);
  });

  it('lists nothing for a missing folder', async () => {
    expect(await listFilesRecursive(join(dir, 'none'))).toEqual([]);
  });
});
