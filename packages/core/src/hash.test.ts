import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256, sha256Bytes, sha256File, sha256FileSync } from './hash.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-hash-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('sha256 and sha256Bytes', () => {
  it('give the digest of a string as UTF-8, and of bytes', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Bytes('abc').toString('hex')).toBe(sha256('abc'));
    const tamil = 'கல்வி\u0000seed';
    expect(sha256(tamil)).toBe(createHash('sha256').update(Buffer.from(tamil, 'utf8')).digest('hex'));
    expect(sha256Bytes(Buffer.from(tamil))).toEqual(createHash('sha256').update(tamil).digest());
    expect(sha256Bytes('x')).toHaveLength(32);
  });
});

describe('sha256File', () => {
  it('hashes a file of several reads as its bytes in one piece', async () => {
    // 2.5 MiB of varying bytes: three reads of at most a megabyte, the last one short.
    const bytes = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + (i >> 12)) & 0xff;
    await writeFile(join(dir, 'big.bin'), bytes);
    expect(await sha256File(join(dir, 'big.bin'))).toBe(sha256(bytes));
    expect(sha256FileSync(join(dir, 'big.bin'))).toBe(sha256(bytes));
  });

  it('hashes an empty file and a small one', async () => {
    await writeFile(join(dir, 'empty'), '');
    expect(await sha256File(join(dir, 'empty'))).toBe(sha256(''));
    await writeFile(join(dir, 'small'), 'கல்வி\n');
    expect(await sha256File(join(dir, 'small'))).toBe(sha256('கல்வி\n'));
    expect(sha256FileSync(join(dir, 'empty'))).toBe(sha256(''));
  });

  it('hashes many files at once and one after another, each as its own bytes (the sync read buffer is reused)', async () => {
    // Sizes around the read size, so that a reused buffer holds the end of a longer file before.
    const sizes = [1024 * 1024 + 7, 3, 0, 1024 * 1024, 200_000, 1024 * 1024 - 1, 5, 2 * 1024 * 1024 + 1];
    const files = await Promise.all(
      sizes.map(async (size, n) => {
        const bytes = Buffer.alloc(size, n + 1);
        const path = join(dir, `f${n}`);
        await writeFile(path, bytes);
        return { path, hash: sha256(bytes) };
      }),
    );
    const atOnce = await Promise.all(files.map((f) => sha256File(f.path)));
    expect(atOnce).toEqual(files.map((f) => f.hash));
    expect(files.map((f) => sha256FileSync(f.path))).toEqual(files.map((f) => f.hash));
    // A failed read leaves the next hashing right.
    await expect(sha256File(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    expect(() => sha256FileSync(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(await sha256File(files[1]?.path as string)).toBe(files[1]?.hash);
    expect(sha256FileSync(files[0]?.path as string)).toBe(files[0]?.hash);
  });

  it('fails on a missing file', async () => {
    await expect(sha256File(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => sha256FileSync(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
