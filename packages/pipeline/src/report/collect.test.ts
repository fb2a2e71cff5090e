import { writeFile } from 'node:fs/promises';
import { extractEpub } from '@kalvimate/extract';
import { buildEpub, createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectReportData } from './collect.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-report-collect-');
});
afterEach(async () => {
  await dir.remove();
});

// Text where white space and words disagree: formulas without spaces, dashes and symbols standing alone.
const CHAPTER_TEXT = [
  'Water is H₂O, and 2H₂+O₂→2H₂O balances — check each side.',
  'Speed v=d/t; if d=100m and t=20s then v=5m/s (see 1.2.3).',
  'வேதியியல் மாற்றங்கள்–chemical changes … ✓ ✓',
];

describe('collectReportData', () => {
  it('counts a book’s words as extract’s summary does', async () => {
    const epub = dir.join('book.epub');
    const body = (n: number) =>
      `<h1>Chapter ${n} Matter</h1><h2>${n}.1 Mixtures</h2>${CHAPTER_TEXT.map((p) => `<p>${p}</p>`).join('')}`;
    await writeFile(
      epub,
      buildEpub({
        title: 'Words',
        documents: [1, 2].map((n) => ({ body: body(n), tocTitle: `Chapter ${n} Matter` })),
      }),
    );
    const summary = await extractEpub(epub, { outDir: dir.join('data', 'structured_chapters') });
    const whitespaceWords = CHAPTER_TEXT.join(' ').split(/\s+/).filter(Boolean).length;
    const letterRuns = CHAPTER_TEXT.join(' ').match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
    expect(whitespaceWords).not.toBe(letterRuns); // the text tells the two ways of counting apart

    const report = await collectReportData({ dataDir: dir.join('data') });
    const chapters = report.book?.chapters ?? [];
    expect(chapters.length).toBe(2);
    expect(chapters.reduce((n, c) => n + c.words, 0)).toBe(summary.words);
    expect(Object.values(report.book?.wordsByKind ?? {}).reduce((n, w) => n + w, 0)).toBe(summary.words);
  });
});
