import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test/temp-dir.js';
import {
  AtomicFileWriter,
  commitDirectory,
  swapIntoPlace,
  writeFileAtomic,
  writeJsonAtomic,
  writeJsonlAtomic,
} from './atomic.js';
import { sha256File } from './hash.js';
import { assertReplaceableFolder, foreignEntries } from './output-folder.js';
import { clearRegisteredSecrets, registerSecret } from './redact.js';

const scratch = useTempDir('km-atomic-');

describe('atomic files', () => {
  it('writes JSON and leaves no temp file behind', async () => {
    const dir = scratch.path();
    await writeJsonAtomic(join(dir, 'sub', 'a.json'), { a: 1 });
    expect(JSON.parse(await readFile(join(dir, 'sub', 'a.json'), 'utf8'))).toEqual({ a: 1 });
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('leaves the old file untouched when writing JSONL fails midway', async () => {
    const dir = scratch.path();
    const file = join(dir, 'out.jsonl');
    await writeFile(file, 'old\n');
    async function* failing() {
      yield { n: 1 };
      throw new Error('boom');
    }
    await expect(writeJsonlAtomic(file, failing())).rejects.toThrow('boom');
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['out.jsonl']);
  });

  it('shows nothing at the final path until commit', async () => {
    const dir = scratch.path();
    const writer = await AtomicFileWriter.open(join(dir, 'x.jsonl'));
    await writer.writeJsonLine({ a: 1 });
    expect((await readdir(dir)).includes('x.jsonl')).toBe(false);
    await writer.commit();
    expect(await readFile(join(dir, 'x.jsonl'), 'utf8')).toBe('{"a":1}\n');
    expect(writer.size).toBe(8);
  });

  it('writes many small pieces (more than it gathers at once) whole and in order, and an abort leaves nothing', async () => {
    const dir = scratch.path();
    const writer = await AtomicFileWriter.open(join(dir, 'rows.jsonl'));
    const lines = Array.from({ length: 5_000 }, (_, i) => `{"row":${i},"text":"${'x'.repeat(i % 97)}"}\n`);
    for (const line of lines) await writer.write(line);
    expect(writer.size).toBe(lines.join('').length);
    await writer.commit();
    expect(await readFile(join(dir, 'rows.jsonl'), 'utf8')).toBe(lines.join(''));
    const aborted = await AtomicFileWriter.open(join(dir, 'gone.jsonl'));
    for (const line of lines) await aborted.write(line);
    await aborted.abort();
    expect(await readdir(dir)).toEqual(['rows.jsonl']);
  });

  it('refuses a write after commit, and leaves no temp file when the final path cannot be taken', async () => {
    const dir = scratch.path();
    const writer = await AtomicFileWriter.open(join(dir, 'done.jsonl'));
    await writer.writeJsonLine({ a: 1 });
    await writer.commit();
    await expect(writer.write('more\n')).rejects.toThrow(/written after commit/);
    // A folder where the file should go: the rename fails, and the temp file goes with it.
    await mkdir(join(dir, 'taken.jsonl', 'inside'), { recursive: true });
    const blocked = await AtomicFileWriter.open(join(dir, 'taken.jsonl'));
    await blocked.writeJsonLine({ b: 2 });
    await expect(blocked.commit()).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['done.jsonl', 'taken.jsonl']);
    expect(await readFile(join(dir, 'done.jsonl'), 'utf8')).toBe('{"a":1}\n');
  });

  it('names the committed file by its sha256 when asked to hash it, secrets removed first', async () => {
    const dir = scratch.path();
    const file = join(dir, 'hashed.jsonl');
    const writer = await AtomicFileWriter.open(file, { sha256: true });
    expect(() => writer.sha256).toThrow('after commit()');
    await writer.writeJsonLine({ plain: 'https://example.org/a' });
    expect(writer.redacted).toBe(false);
    await writer.writeJsonLine({ key: `sk-proj-${'a'.repeat(40)}` });
    expect(writer.redacted).toBe(true);
    await writer.write('{"b":');
    await writer.write('2}\n');
    await writer.commit();
    expect(writer.sha256).toBe(await sha256File(file));
    const plain = await AtomicFileWriter.open(join(dir, 'plain.jsonl'));
    await plain.commit();
    expect(() => plain.sha256).toThrow('opened with sha256');
  });
});

/** The test folders' own names: JSON files. */
const ANY_JSON = { owns: (name: string) => name.endsWith('.json') };

describe('swapIntoPlace', () => {
  /** A folder `name` in `dir` holding one file `file`. */
  async function folder(dir: string, name: string, file: string): Promise<string> {
    const path = join(dir, name);
    await mkdir(path);
    await writeFile(join(path, file), file);
    return path;
  }

  it('puts the folder in place when another process commits the same folder at the same moment', async () => {
    const dir = scratch.path();
    const out = await folder(dir, 'out', 'previous.json');
    const temp = await folder(dir, '.out.tmp', 'ours.json');
    let collisions = 1;
    // The other process puts its complete folder at `out` between our two renames, once.
    const racing = async (from: string, to: string) => {
      if (from === temp && collisions-- > 0) await folder(dir, 'out', 'theirs.json');
      await rename(from, to);
    };
    await swapIntoPlace(temp, out, racing);
    expect(await readdir(out)).toEqual(['ours.json']);
    expect(await readdir(dir)).toEqual(['out']);
  });

  it('gives up after three collisions, leaving the other process its complete folder', async () => {
    const dir = scratch.path();
    const out = join(dir, 'out');
    const temp = await folder(dir, '.out.tmp', 'ours.json');
    const racing = async (from: string, to: string) => {
      if (from === temp) await folder(dir, 'out', 'theirs.json');
      await rename(from, to);
    };
    await expect(swapIntoPlace(temp, out, racing)).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    expect(await readdir(out)).toEqual(['theirs.json']);
    expect(await readdir(dir)).toEqual(['out']);
  });

  it('puts the old folder back when the new one cannot be renamed into place', async () => {
    const dir = scratch.path();
    const out = await folder(dir, 'out', 'previous.json');
    const temp = await folder(dir, '.out.tmp', 'ours.json');
    const denied = async (from: string, to: string) => {
      if (from === temp) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      await rename(from, to);
    };
    await expect(swapIntoPlace(temp, out, denied)).rejects.toMatchObject({ code: 'EACCES' });
    expect(await readdir(out)).toEqual(['previous.json']);
    expect(await readdir(dir)).toEqual(['out']);
  });
});

describe('commitDirectory', () => {
  it('creates the folder only when the build succeeds', async () => {
    const dir = scratch.path();
    const out = join(dir, 'out');
    await expect(
      commitDirectory(out, ANY_JSON, async (tmp) => {
        await writeFile(join(tmp, 'a.json'), '{}');
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await readdir(dir)).toEqual([]);
    await commitDirectory(out, ANY_JSON, async (tmp) => writeFile(join(tmp, 'b.json'), '{}'));
    expect(await readdir(out)).toEqual(['b.json']);
  });

  it('replaces a previous complete run whole, keeping it when the new run fails', async () => {
    const dir = scratch.path();
    const out = join(dir, 'out');
    await commitDirectory(out, ANY_JSON, async (tmp) => writeFile(join(tmp, 'first.json'), '1'));
    await expect(
      commitDirectory(out, ANY_JSON, async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await readdir(out)).toEqual(['first.json']);
    await commitDirectory(out, ANY_JSON, async (tmp) => writeFile(join(tmp, 'second.json'), '2'));
    expect(await readdir(out)).toEqual(['second.json']);
    expect((await readdir(dir)).sort()).toEqual(['out']);
  });

  it('never replaces a folder that holds what the stage did not write, nor a file, and builds nothing then', async () => {
    const dir = scratch.path();
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'old.json'), '1');
    await writeFile(join(out, 'notes.txt'), 'mine');
    await writeFile(join(out, '.DS_Store'), '');
    let built = false;
    const refused = await commitDirectory(out, ANY_JSON, async () => {
      built = true;
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'OUTPUT_FOLDER_NOT_OURS', exitCode: 2, file: out });
    expect((refused as Error).message).toBe(
      `${out}: holds what KalviMate did not write there (notes.txt), and the output replaces the folder whole`,
    );
    expect(built).toBe(false);
    expect((await readdir(out)).sort()).toEqual(['.DS_Store', 'notes.txt', 'old.json']);
    expect(await readdir(dir)).toEqual(['out']);

    const file = join(dir, 'book.epub');
    await writeFile(file, 'the book');
    await expect(commitDirectory(file, ANY_JSON, async () => {})).rejects.toMatchObject({
      code: 'OUTPUT_NOT_A_FOLDER',
      exitCode: 2,
    });
    expect(await readFile(file, 'utf8')).toBe('the book');
  });

  it('replaces a folder of its own files, with what a file browser leaves there', async () => {
    const dir = scratch.path();
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'chapter_9.json'), '9');
    await writeFile(join(out, 'Thumbs.db'), '');
    await commitDirectory(out, ANY_JSON, async (tmp) => writeFile(join(tmp, 'chapter_1.json'), '1'));
    expect(await readdir(out)).toEqual(['chapter_1.json']);
  });
});

describe('foreignEntries', () => {
  it('lists, sorted, the names the stage does not claim, leaving out file browsers’ litter', () => {
    expect(
      foreignEntries(['b.txt', 'a.json', '.DS_Store', 'desktop.ini', '.git', 'A.txt'], ANY_JSON.owns),
    ).toEqual(['.git', 'A.txt', 'b.txt']);
    expect(foreignEntries([], ANY_JSON.owns)).toEqual([]);
  });

  it('shows three names and counts the rest', async () => {
    const dir = scratch.path();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await writeFile(join(dir, name), '');
    await expect(assertReplaceableFolder(dir, () => false)).rejects.toThrow(/\(a, b, c and 2 more\)/);
  });
});

describe('secrets never reach a written file', () => {
  const KEY = 'sk-proj-Leak0123456789abcdefXYZ';

  it('removes them from JSON, JSONL, text and streamed lines, keeping every JSON line valid', async () => {
    const dir = scratch.path();
    await writeJsonAtomic(join(dir, 'a.json'), { errors: [{ message: `from key ${KEY}` }] });
    await writeJsonlAtomic(join(dir, 'b.jsonl'), [{ m: `line\n${KEY}` }, { ok: 1 }]);
    await writeFileAtomic(join(dir, 'c.html'), `<p>from key ${KEY}</p>\n`);
    const writer = await AtomicFileWriter.open(join(dir, 'd.jsonl'));
    const line = Buffer.from(`{"error":{"message":"from key ${KEY}"}}\n{"tail":"${KEY}"}`);
    await writer.write(line.subarray(0, 40));
    await writer.write(new Uint8Array(line.subarray(40)));
    await writer.commit();
    for (const name of ['a.json', 'b.jsonl', 'c.html', 'd.jsonl']) {
      const text = await readFile(join(dir, name), 'utf8');
      expect(text, name).not.toContain('Leak0123456789');
      expect(text, name).toContain('[REDACTED]');
      if (name.endsWith('.jsonl'))
        for (const l of text.trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
    }
    expect(await readFile(join(dir, 'd.jsonl'), 'utf8')).toBe(
      '{"error":{"message":"from key [REDACTED]"}}\n{"tail":"[REDACTED]"}',
    );
  });

  it('finds a secret in a JSON key, behind an escape, or registered, and writes plain JSON as it is', async () => {
    const dir = scratch.path();
    const value = { [KEY]: 1, quoted: `say "${KEY}"`, lines: [`a\n${KEY}`], n: 9.8, list: ['x', null] };
    await writeJsonAtomic(join(dir, 'a.json'), value);
    const text = await readFile(join(dir, 'a.json'), 'utf8');
    expect(text).not.toContain('Leak0123456789');
    expect(JSON.parse(text)).toEqual({
      '[REDACTED]': 1,
      quoted: 'say "[REDACTED]"',
      lines: ['a\n[REDACTED]'],
      n: 9.8,
      list: ['x', null],
    });
    registerSecret('plain-looking-secret-value');
    try {
      await writeJsonAtomic(join(dir, 'b.json'), { note: 'a plain-looking-secret-value here' });
      expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('{\n  "note": "a [REDACTED] here"\n}\n');
    } finally {
      clearRegisteredSecrets();
    }
    const plain = { title: 'Motion', topics: [{ id: 't1', text: 'v = u + at', n: [1, 2] }], empty: {} };
    await writeJsonAtomic(join(dir, 'c.json'), plain);
    expect(await readFile(join(dir, 'c.json'), 'utf8')).toBe(`${JSON.stringify(plain, null, 2)}\n`);
  });
});
