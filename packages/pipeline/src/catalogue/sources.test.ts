import { mkdir, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogueSourceOf, resolveCatalogue } from './sources.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-sources-');
  await mkdir(dir.join('shelf'));
  for (const name of ['b.epub', 'a.epub', 'notes.txt']) await writeFile(dir.join('shelf', name), 'x');
});
afterEach(async () => dir.remove());

describe('catalogueSourceOf', () => {
  it('is a one-book run for one EPUB file or none', async () => {
    expect(await catalogueSourceOf([dir.join('shelf', 'a.epub')], undefined)).toBeUndefined();
    expect(await catalogueSourceOf([], undefined)).toBeUndefined();
  });

  it('is a catalogue for several EPUBs, a folder, or a catalogue file', async () => {
    expect(await catalogueSourceOf(['a.epub', 'b.epub'], undefined)).toEqual({ epubs: ['a.epub', 'b.epub'] });
    expect(await catalogueSourceOf(['shelf'], undefined, dir.path)).toEqual({ epubs: ['shelf'] });
    expect(await catalogueSourceOf([], 'k.json')).toEqual({ catalogueFile: 'k.json' });
  });

  it('refuses EPUBs and a catalogue file together', async () => {
    await expect(catalogueSourceOf(['a.epub'], 'k.json')).rejects.toMatchObject({ code: 'CATALOGUE_SOURCE' });
  });
});

describe('resolveCatalogue', () => {
  it('takes the EPUBs of a folder in name order, ids from their names', async () => {
    const catalogue = await resolveCatalogue({ epubs: ['shelf'] }, dir.path);
    expect(catalogue.books.map((b) => [b.id, b.file])).toEqual([
      ['a', dir.join('shelf', 'a.epub')],
      ['b', dir.join('shelf', 'b.epub')],
    ]);
  });

  it('reads a YAML catalogue, files relative to its folder', async () => {
    await writeFile(
      dir.join('shelf', 'kalvimate.catalogue.yaml'),
      'books:\n  - file: a.epub\n    id: physics-9\n    subject: Physics\n    grade: 9\n',
    );
    const catalogue = await resolveCatalogue({ catalogueFile: 'shelf/kalvimate.catalogue.yaml' }, dir.path);
    expect(catalogue.books).toEqual([
      { file: dir.join('shelf', 'a.epub'), id: 'physics-9', subject: 'Physics', grade: '9' },
    ]);
  });

  it('names a missing catalogue file', async () => {
    await expect(resolveCatalogue({ catalogueFile: 'gone.json' }, dir.path)).rejects.toMatchObject({
      code: 'CATALOGUE_NOT_FOUND',
      message: `catalogue file not found: ${dir.join('gone.json')}`,
    });
  });

  it('names a missing EPUB given on the command line', async () => {
    await expect(resolveCatalogue({ epubs: ['shelf/a.epub', 'c.epub'] }, dir.path)).rejects.toMatchObject({
      code: 'EPUB_NOT_FOUND',
      message: `EPUB not found: ${dir.join('c.epub')}`,
    });
  });
});
