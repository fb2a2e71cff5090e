import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryReporter, readBookFolder, UserInputError, writeJsonAtomic } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChangeReport, readChangeReport } from './change-report.js';
import { preprocessFolder } from './preprocess-folder.js';
import { testBook } from './test-book.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => {
  await dir.remove();
});

async function writeBook(folder: string): Promise<void> {
  const { book, chapters } = testBook();
  await writeJsonAtomic(join(folder, 'book.json'), book);
  for (const c of chapters) await writeJsonAtomic(join(folder, `chapter_${c.number}.json`), c);
}

async function expectUserError(run: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserInputError);
  expect((error as UserInputError).code).toBe(code);
  expect((error as UserInputError).message).toMatch(message);
  expect((error as UserInputError).message).not.toContain('\n');
}

describe('preprocessFolder', () => {
  it('writes the same schema plus changes.json, and reports its work', async () => {
    await writeBook(dir.join('in'));
    const reporter = new MemoryReporter();
    const summary = await preprocessFolder(dir.join('in'), dir.join('out'), { reporter });
    expect(readdirSync(dir.join('out')).sort()).toEqual(['book.json', 'changes.json', 'chapter_1.json']);
    const { chapters } = await readBookFolder(dir.join('out'));
    expect(chapters[0]?.topics[0]?.title).toBe('Gravity');
    const changes = await readChangeReport(dir.join('out', 'changes.json'));
    expect(changes.schemaVersion).toBe(1);
    expect(changes.rules.find((r) => r.name === 'spoken-powers')?.fired).toBe(summary.rules['spoken-powers']);
    expect(summary).toMatchObject({ chapters: 1, topics: 2, blocks: 9, emptiedBlocks: 1 });
    expect(reporter.messages('warn')).toEqual([
      expect.stringContaining('c1-t001: block 4 (paragraph) is empty'),
    ]);
  });

  it('reads a changes.json written without schemaVersion as version 1, and refuses a damaged one', async () => {
    await writeBook(dir.join('in'));
    await preprocessFolder(dir.join('in'), dir.join('out'));
    const file = dir.join('out', 'changes.json');
    const { schemaVersion, ...withoutVersion } = JSON.parse(readFileSync(file, 'utf8')) as ChangeReport;
    await writeFile(file, JSON.stringify(withoutVersion));
    expect((await readChangeReport(file)).schemaVersion).toBe(1);
    await writeFile(file, JSON.stringify({ ...withoutVersion, edits: 'many' }));
    await expect(readChangeReport(file)).rejects.toMatchObject({
      code: 'CHANGE_REPORT_INVALID',
      message: expect.stringMatching(new RegExp(`^${file}: field edits: `)),
    });
  });

  it('lists switched-off rules in the summary', async () => {
    await writeBook(dir.join('in'));
    const summary = await preprocessFolder(dir.join('in'), dir.join('out'), {
      rules: { 'spoken-times': false },
    });
    expect(summary.disabledRules).toEqual(['spoken-times']);
    expect(summary.rules['spoken-times']).toBeUndefined();
  });

  it('refuses a folder without book.json and writes nothing', async () => {
    await mkdir(dir.join('in'));
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('out')),
      'BOOK_FILE_MISSING',
      /book\.json/,
    );
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses a chapter file that fails the schema, naming file and field, and writes nothing', async () => {
    await writeBook(dir.join('in'));
    const chapter = JSON.parse(readFileSync(dir.join('in', 'chapter_1.json'), 'utf8'));
    chapter.topics[1].kind = 'lecture';
    await writeFile(dir.join('in', 'chapter_1.json'), JSON.stringify(chapter));
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('out')),
      'BOOK_FILE_INVALID',
      /chapter_1\.json: field topics\.1\.kind/,
    );
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses a chapter file that is not JSON', async () => {
    await writeBook(dir.join('in'));
    await writeFile(dir.join('in', 'chapter_1.json'), '{ not json');
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('out')),
      'BOOK_FILE_NOT_JSON',
      /chapter_1\.json/,
    );
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses a chapter file name that leaves the folder', async () => {
    await writeBook(dir.join('in'));
    const book = JSON.parse(readFileSync(dir.join('in', 'book.json'), 'utf8'));
    book.chapters[0].file = '../chapter_1.json';
    await writeFile(dir.join('in', '..', 'chapter_1.json'), readFileSync(dir.join('in', 'chapter_1.json')));
    await writeFile(dir.join('in', 'book.json'), JSON.stringify(book));
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('out')),
      'BOOK_FILE_INVALID',
      /book\.json: field chapters\.0\.file/,
    );
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses to write over its input', async () => {
    await writeBook(dir.join('in'));
    const before = readFileSync(dir.join('in', 'chapter_1.json'), 'utf8');
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('in')),
      'PREPROCESS_SAME_FOLDER',
      /same folder/,
    );
    expect(readFileSync(dir.join('in', 'chapter_1.json'), 'utf8')).toBe(before);
  });

  it('rewrites its own output, chapter files named by the book included, but no folder holding other files', async () => {
    const { book, chapters } = testBook();
    const named = {
      ...book,
      chapters: book.chapters.map((ref) => ({ ...ref, file: `unit-${ref.number}.json` })),
    };
    await writeJsonAtomic(dir.join('in', 'book.json'), named);
    for (const c of chapters) await writeJsonAtomic(dir.join('in', `unit-${c.number}.json`), c);
    await preprocessFolder(dir.join('in'), dir.join('out'));
    await preprocessFolder(dir.join('in'), dir.join('out'));
    expect(readdirSync(dir.join('out')).sort()).toEqual(['book.json', 'changes.json', 'unit-1.json']);

    await writeFile(dir.join('out', 'glossary.csv'), 'mine');
    await expectUserError(
      preprocessFolder(dir.join('in'), dir.join('out')),
      'OUTPUT_FOLDER_NOT_OURS',
      /\(glossary\.csv\)/,
    );
    expect(readFileSync(dir.join('out', 'glossary.csv'), 'utf8')).toBe('mine');
  });

  it('leaves a previous output as it was when the input is bad', async () => {
    await writeBook(dir.join('in'));
    await preprocessFolder(dir.join('in'), dir.join('out'));
    const before = readFileSync(dir.join('out', 'chapter_1.json'), 'utf8');
    await writeFile(dir.join('in', 'chapter_1.json'), '[]');
    await expect(preprocessFolder(dir.join('in'), dir.join('out'))).rejects.toThrow(UserInputError);
    expect(readFileSync(dir.join('out', 'chapter_1.json'), 'utf8')).toBe(before);
  });
});
