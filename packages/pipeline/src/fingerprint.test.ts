import { appendFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileHashCache, fingerprint, type HashedFile, recordFileHash } from './fingerprint.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-fingerprint-');
});
afterEach(async () => dir.remove());

const FAKE = 'f'.repeat(64);

/** A cache that claims `path` hashes to FAKE, recorded `ageMs` after the file's last change. */
async function claim(path: string, ageMs: number): Promise<FileHashCache> {
  const info = await stat(path);
  const hashedAt = Math.max(info.mtimeMs, info.ctimeMs) + ageMs;
  const entry = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, hashedAt };
  return { known: { [path]: { ...entry, sha256: FAKE } }, used: {} };
}

describe('fingerprint with a file hash cache', () => {
  it('takes the recorded hash of a file unchanged since, without reading it', async () => {
    const file = dir.join('a.txt');
    await writeFile(file, 'one');
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    const real = await fingerprint([file]);
    const cache = await claim(file, 10_000);
    // The cache's (made up) hash is used, so the fingerprint differs from the one read from disk.
    expect(await fingerprint([file], {}, cache)).not.toBe(real);
    expect(cache.used[file]?.sha256).toBe(FAKE);
  });

  it('reads a file again when its size or times changed, and records the new hash', async () => {
    const file = dir.join('a.txt');
    await writeFile(file, 'one');
    const cache = await claim(file, 10_000);
    await appendFile(file, ' two');
    const real = await fingerprint([file]);
    expect(await fingerprint([file], {}, cache)).toBe(real);
    expect(cache.used[file]?.sha256).not.toBe(FAKE);
    // The next run trusts what this one recorded only once the file is old enough.
    const next: FileHashCache = { known: cache.used, used: {} };
    expect(await fingerprint([file], {}, next)).toBe(real);
  });

  it('does not trust a hash taken within two seconds of the file being written (a coarse clock)', async () => {
    const file = dir.join('a.txt');
    await writeFile(file, 'one');
    const cache = await claim(file, 500);
    expect(await fingerprint([file], {}, cache)).toBe(await fingerprint([file]));
  });

  it('reads a file hashed earlier in the same run only when it changed, even one just written', async () => {
    const file = dir.join('a.txt');
    await writeFile(file, 'one');
    const cache: FileHashCache = { known: {}, used: {} };
    const first = await fingerprint([file], {}, cache);
    // This run's entry is taken while the file looks the same (here: made up, so it shows it was taken).
    const entry = cache.used[file];
    if (!entry) throw new Error('the file was not recorded');
    cache.used[file] = { ...entry, sha256: FAKE };
    expect(await fingerprint([file], {}, cache)).not.toBe(first);
    // A new version of the file (a new inode, as an atomic write makes) is read again.
    await writeFile(dir.join('b.txt'), 'two');
    await rename(dir.join('b.txt'), file);
    expect(await fingerprint([file], {}, cache)).toBe(await fingerprint([file]));
    expect(cache.used[file]?.sha256).not.toBe(FAKE);
    // The next run does not trust that entry: it was taken within two seconds of the write.
    const next: FileHashCache = {
      known: { [file]: { ...(cache.used[file] as HashedFile), sha256: FAKE } },
      used: {},
    };
    expect(await fingerprint([file], {}, next)).toBe(await fingerprint([file]));
  });

  it('takes the hash a writer recorded for a file it just wrote, in this run, and reads it again in the next', async () => {
    const path = dir.join('written.jsonl');
    await writeFile(path, 'line\n');
    const files: FileHashCache = { known: {}, used: {} };
    await recordFileHash(path, FAKE, files);
    const claimed = await fingerprint([path], {}, files);
    const read = await fingerprint([path]);
    expect(claimed).not.toBe(read);
    expect(files.used[path]?.sha256).toBe(FAKE);
    // The next run knows the entry, but it was recorded as the file was written: the file is read.
    const next: FileHashCache = { known: files.used, used: {} };
    expect(await fingerprint([path], {}, next)).toBe(read);
    // Without a cache there is nothing to record.
    await expect(recordFileHash(path, FAKE, undefined)).resolves.toBeUndefined();
  });

  it('takes a trusted hash of a file just written while it looks the same, and records it as used', async () => {
    const file = dir.join('a.txt');
    await writeFile(file, 'one');
    // Hashed moments after the write, by the run just before in this process: trusted all the same.
    const { known: trusted } = await claim(file, 5);
    const files: FileHashCache = { known: {}, used: {}, trusted };
    expect(await fingerprint([file], {}, files)).not.toBe(await fingerprint([file]));
    expect(files.used[file]?.sha256).toBe(FAKE);
    // A new version of the file is read.
    await writeFile(dir.join('b.txt'), 'two');
    await rename(dir.join('b.txt'), file);
    const again: FileHashCache = { known: {}, used: {}, trusted };
    expect(await fingerprint([file], {}, again)).toBe(await fingerprint([file]));
  });

  it('keeps in `used` only the files this fingerprint looked at', async () => {
    await writeFile(dir.join('a.txt'), 'a');
    await writeFile(dir.join('gone.txt'), 'gone');
    const { known } = await claim(dir.join('gone.txt'), 0);
    const cache: FileHashCache = { known, used: {} };
    await fingerprint([dir.join('a.txt')], {}, cache);
    expect(Object.keys(cache.used)).toEqual([dir.join('a.txt')]);
  });
});
