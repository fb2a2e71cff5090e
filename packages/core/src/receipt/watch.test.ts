import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkPaths, unchangedPaths, type WatchedPath, watchPaths } from './watch.js';

const SHA256_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'km-watch-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'a.txt'), 'abc');
  writeFileSync(join(dir, 'b.txt'), 'bbb');
  return dir;
}

/** Watches `paths` as if hashed long after their last change, so only a change of times or bytes counts. */
function settled(paths: string[]): WatchedPath[] {
  return watchPaths(paths, {}, () => Date.now() + 60_000);
}

describe('watchPaths', () => {
  it('walks a folder to the end: every folder with its names, every file with its hash', () => {
    const dir = folder();
    const watched = watchPaths([dir, join(dir, 'none')]);
    expect(watched.map((w) => [w.kind, w.path.slice(dir.length)])).toEqual([
      ['folder', ''],
      ['file', '/b.txt'],
      ['folder', '/sub'],
      ['file', '/sub/a.txt'],
      ['missing', '/none'],
    ]);
    const a = watched.find((w) => w.path.endsWith('a.txt'));
    expect(a).toMatchObject({ kind: 'file', size: 3, sha256: SHA256_OF_ABC });
  });

  it("takes a known file's hash while its size, times and inode are the known ones, and reads it otherwise", () => {
    const dir = folder();
    const file = join(dir, 'b.txt');
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    const known = { [file]: { size, mtimeMs, ctimeMs, ino, hashedAt: 5, sha256: 'from-the-run' } };
    expect(watchPaths([file], known)[0]).toMatchObject({ sha256: 'from-the-run', hashedAt: 5 });
    const stale = { [file]: { ...known[file], ino: ino + 1 } } as typeof known;
    expect(watchPaths([file], stale)[0]).not.toMatchObject({ sha256: 'from-the-run' });
  });
});

describe('unchangedPaths', () => {
  it('is true while nothing changed', () => {
    const dir = folder();
    expect(unchangedPaths(settled([dir, join(dir, 'none')]))).toBe(true);
  });

  it('sees a file whose bytes changed even when its size and modification time were put back', () => {
    const dir = folder();
    const file = join(dir, 'sub', 'a.txt');
    const watched = settled([dir]);
    const before = statSync(file);
    writeFileSync(file, 'xyz');
    utimesSync(file, before.atime, before.mtime);
    expect(unchangedPaths(watched)).toBe(false);
  });

  it('sees a file, a folder or a name that appeared or went away', () => {
    const dir = folder();
    const watched = settled([dir, join(dir, 'none')]);
    writeFileSync(join(dir, 'sub', 'new.txt'), '');
    expect(unchangedPaths(watched)).toBe(false);
    rmSync(join(dir, 'sub', 'new.txt'));
    expect(unchangedPaths(watched)).toBe(true);
    writeFileSync(join(dir, 'none'), '');
    expect(unchangedPaths(watched)).toBe(false);
    rmSync(join(dir, 'none'));
    rmSync(join(dir, 'b.txt'));
    expect(unchangedPaths(watched)).toBe(false);
    mkdirSync(join(dir, 'b.txt'));
    expect(unchangedPaths(watched)).toBe(false);
  });

  it('reads a file written shortly before its hashing again, and trusts its times once it had settled', () => {
    const dir = folder();
    const file = join(dir, 'b.txt');
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    const entry = { kind: 'file' as const, path: file, size, mtimeMs, ctimeMs, ino, sha256: 'not-its-hash' };
    // Hashed right after it was written: its times may not have moved since, so its bytes are compared.
    expect(unchangedPaths([{ ...entry, hashedAt: Date.now() }])).toBe(false);
    // Hashed long after: the same times mean the same bytes, and the file is not read.
    expect(unchangedPaths([{ ...entry, hashedAt: Date.now() + 60_000 }])).toBe(true);
  });

  it('records a file read again with the same bytes as hashed then, settled once past the racy window', () => {
    const dir = folder();
    const [hashed] = watchPaths([join(dir, 'b.txt')]);
    if (hashed?.kind !== 'file') throw new Error('not a file');
    const changedAt = Math.max(hashed.mtimeMs, hashed.ctimeMs);
    // Read again moments after the write: the same bytes, still within the window.
    const soon = [{ ...hashed }];
    expect(checkPaths(soon, () => changedAt + 10)).toEqual({ unchanged: true, settled: 0 });
    expect(soon[0]?.hashedAt).toBe(changedAt + 10);
    // Read again later: recorded as hashed then, so a check after that trusts its times and reads nothing.
    const later = [{ ...hashed }];
    expect(checkPaths(later, () => changedAt + 60_000)).toEqual({ unchanged: true, settled: 1 });
    expect(later[0]?.hashedAt).toBe(changedAt + 60_000);
    const noRead = () => {
      throw new Error('read again');
    };
    expect(checkPaths(later, noRead)).toEqual({ unchanged: true, settled: 0 });
    // Other bytes: changed, and the entry stays as it was.
    const other = [{ ...hashed, sha256: 'not-its-hash' }];
    expect(checkPaths(other, () => changedAt + 60_000)).toEqual({ unchanged: false, settled: 0 });
    expect(other[0]?.hashedAt).toBe(hashed.hashedAt);
  });

  it('accepts a file whose times moved but whose bytes are the same', () => {
    const dir = folder();
    const file = join(dir, 'b.txt');
    const watched = settled([file]);
    writeFileSync(file, 'bbb');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(unchangedPaths(watched)).toBe(true);
  });
});
