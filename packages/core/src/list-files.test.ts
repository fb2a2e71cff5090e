import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test/temp-dir.js';
import { listFilesRecursive } from './list-files.js';

const temp = useTempDir('km-list-');
beforeEach(async () => {
  const dir = temp.path();
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

describe('listFilesRecursive', () => {
  it('lists every file at any depth, sorted', async () => {
    const files = await listFilesRecursive(temp.path());
    expect(files.map((f) => f.slice(temp.path().length + 1))).toEqual([
      '.a.json.tmp-1-ab',
      '.hidden-dir/k.jsonl',
      'a.json',
      'b/c/y.jsonl',
      'b/x.jsonl',
      'z.jsonl',
    ]);
  });

  it('leaves out hidden names and files the filter refuses', async () => {
    const files = await listFilesRecursive(temp.path(), {
      skipHidden: true,
      include: (name) => name.endsWith('.jsonl'),
    });
    expect(files.map((f) => f.slice(temp.path().length + 1))).toEqual([
      'b/c/y.jsonl',
      'b/x.jsonl',
      'z.jsonl',
    ]);
  });

  it('lists nothing for a missing folder', async () => {
    expect(await listFilesRecursive(join(temp.path(), 'none'))).toEqual([]);
  });
});
