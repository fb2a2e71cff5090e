import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileChunksSync } from './file-chunks.js';

describe('readFileChunksSync', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'km-chunks-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the bytes in chunks of the size asked, the last one shorter, each its own buffer', async () => {
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251));
    const file = join(dir, 'a.bin');
    await writeFile(file, bytes);
    const chunks = [...readFileChunksSync(file, 4096)];
    expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    // A chunk kept by a caller is not overwritten by the next read.
    expect(chunks[0]?.buffer).not.toBe(chunks[1]?.buffer);
  });

  it('gives nothing for an empty file and refuses a missing one', async () => {
    const empty = join(dir, 'empty.bin');
    await writeFile(empty, '');
    expect([...readFileChunksSync(empty, 16)]).toEqual([]);
    expect(() => [...readFileChunksSync(join(dir, 'none.bin'), 16)]).toThrow(/ENOENT/);
  });
});
