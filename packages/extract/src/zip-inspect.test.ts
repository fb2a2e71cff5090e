import { mkdir, writeFile } from 'node:fs/promises';
import { formatCount } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, readCentralDirectory, readEntry, type ZipEntry } from './zip-inspect.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

const text = 'Kinetic energy is ½mv². இயக்க ஆற்றல். '.repeat(400);

/** A zip with a deflated entry and a stored one. */
function twoEntries(): Buffer {
  return Buffer.from(
    zipSync({
      'OEBPS/deflated.xhtml': [Buffer.from(text), { level: 6 }],
      'OEBPS/stored.xhtml': [Buffer.from('<p>stored</p>'), { level: 0 }],
    }),
  );
}

async function entriesOf(bytes: Buffer): Promise<{ file: string; entries: Map<string, ZipEntry> }> {
  const file = dir.join('book.epub');
  await writeFile(file, bytes);
  const entries = await readCentralDirectory(file);
  return { file, entries: new Map(entries.map((e) => [e.name, e])) };
}

const entry = (entries: Map<string, ZipEntry>, name: string): ZipEntry => {
  const found = entries.get(name);
  if (!found) throw new Error(`no entry ${name}`);
  return found;
};

describe('openArchive', () => {
  it('reads deflated and stored entries from their local headers, byte for byte', async () => {
    const { file, entries } = await entriesOf(twoEntries());
    expect(entry(entries, 'OEBPS/deflated.xhtml').method).toBe(8);
    const archive = await openArchive(file);
    try {
      expect((await archive.read(entry(entries, 'OEBPS/deflated.xhtml'))).toString('utf8')).toBe(text);
      expect((await archive.read(entry(entries, 'OEBPS/stored.xhtml'))).toString('utf8')).toBe(
        '<p>stored</p>',
      );
    } finally {
      archive.close();
    }
    expect((await readEntry(file, entry(entries, 'OEBPS/stored.xhtml'))).length).toBe(13);
  });

  it('refuses an entry whose local header is not where the directory says', async () => {
    const bytes = twoEntries();
    const { file, entries } = await entriesOf(bytes);
    const target = entry(entries, 'OEBPS/stored.xhtml');
    bytes.writeUInt32LE(0, target.source.relativeOffsetOfLocalHeader);
    await writeFile(file, bytes);
    await expect(readEntry(file, target)).rejects.toMatchObject({
      code: 'EPUB_CORRUPT',
      message: expect.stringMatching(/entry OEBPS\/stored\.xhtml does not inflate to its declared 13 bytes/),
    });
  });

  it('refuses an entry whose data runs past the end of a truncated file', async () => {
    const bytes = twoEntries();
    const { file, entries } = await entriesOf(bytes);
    const target = entry(entries, 'OEBPS/deflated.xhtml');
    // Cut the file inside the deflated data: the directory read above still names the entry.
    await writeFile(file, bytes.subarray(0, target.source.relativeOffsetOfLocalHeader + 60));
    await expect(readEntry(file, target)).rejects.toMatchObject({ code: 'EPUB_CORRUPT' });
  });

  it('refuses an entry that inflates to fewer bytes than it declares', async () => {
    const { file, entries } = await entriesOf(twoEntries());
    const target = entry(entries, 'OEBPS/deflated.xhtml');
    const lying = { ...target, uncompressedSize: target.uncompressedSize + 1 };
    await expect(readEntry(file, lying)).rejects.toMatchObject({
      code: 'EPUB_CORRUPT',
      message: expect.stringContaining(`declared ${formatCount(target.uncompressedSize + 1)} bytes`),
    });
  });

  it('refuses an encrypted entry and an unknown compression method by name', async () => {
    const { file, entries } = await entriesOf(twoEntries());
    const target = entry(entries, 'OEBPS/stored.xhtml');
    await expect(readEntry(file, { ...target, flags: 1 })).rejects.toMatchObject({ code: 'EPUB_CORRUPT' });
    await expect(readEntry(file, { ...target, method: 12 })).rejects.toMatchObject({
      code: 'EPUB_UNSUPPORTED_COMPRESSION',
    });
  });

  it('names a missing file as not found', async () => {
    await expect(openArchive(dir.join('gone.epub'))).rejects.toMatchObject({ code: 'EPUB_NOT_FOUND' });
  });

  it('names a folder as not a file, for both ways of opening the zip', async () => {
    const folder = dir.join('folder.epub');
    await mkdir(folder);
    await expect(openArchive(folder)).rejects.toMatchObject({ code: 'EPUB_NOT_A_FILE', exitCode: 2 });
    await expect(readCentralDirectory(folder)).rejects.toMatchObject({
      code: 'EPUB_NOT_A_FILE',
      exitCode: 2,
    });
  });
});
