// Reads ../shared/fixtures/kalvimate-science-9.epub: the Tamil Nadu Class IX science book (accessible
// edition), extracted with @kalvimate/extract, then cleaned. Checks the measured targets of the stage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Chapter, readBookFolder } from '@kalvimate/core';
import { extractEpub } from '@kalvimate/extract';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textFields } from '../book-fields.js';
import type { ChangeReport } from '../change-report.js';
import { preprocessBook } from '../preprocess-book.js';
import { preprocessFolder } from '../preprocess-folder.js';

const epub = sharedFixture('kalvimate-science-9.epub');

/** Every text field, in a fixed order, so before and after line up field by field. */
function texts(chapters: Chapter[]): string[] {
  return textFields(chapters).map((f) => f.get());
}

/** Block texts and titles only (list items and table cells repeat the block text). */
function blockTexts(chapters: Chapter[]): string[] {
  return textFields(chapters).flatMap((f) => (f.inDictionary ? [f.get()] : []));
}

function countAll(list: string[], pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of list)
    for (const m of text.matchAll(pattern)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/** How many of `before`'s occurrences are missing from `after` (a multiset difference). */
function lost(before: Map<string, number>, after: Map<string, number>): number {
  let missing = 0;
  for (const [key, n] of before) missing += Math.max(0, n - (after.get(key) ?? 0));
  return missing;
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe.skipIf(!epub)('the fixture textbook through extract and preprocess', () => {
  let dir: TempDir;
  let before: Chapter[];
  let after: Chapter[];
  let changes: ChangeReport;

  beforeAll(async () => {
    dir = await createTempDir('km-preprocess-fixture-');
    await extractEpub(epub as string, { outDir: dir.join('structured') });
    await preprocessFolder(dir.join('structured'), dir.join('preprocessed'));
    before = (await readBookFolder(dir.join('structured'))).chapters;
    after = (await readBookFolder(dir.join('preprocessed'))).chapters;
    changes = JSON.parse(
      readFileSync(join(dir.join('preprocessed'), 'changes.json'), 'utf8'),
    ) as ChangeReport;
  }, 60_000);
  afterAll(async () => {
    await dir?.remove();
  });

  it('loses no decimal (9.8, 3.1.2, 6.023 …)', () => {
    const decimals = /\d+\.\d+/g;
    const was = countAll(texts(before), decimals);
    expect(total(was)).toBeGreaterThan(1000);
    expect(lost(was, countAll(texts(after), decimals))).toBe(0);
  });

  it('changes no topic number, id, kind, path or order and drops no block', () => {
    const shape = (cs: Chapter[]) =>
      cs.map((c) => ({
        number: c.number,
        topics: c.topics.map((t) => [
          t.id,
          t.number,
          t.kind,
          t.path.join('/'),
          t.blocks.map((b) => b.type).join(),
        ]),
      }));
    expect(shape(after)).toEqual(shape(before));
  });

  it('leaves next to no "power minus" phrase', () => {
    const powerMinus = /power minus/gi;
    const was = total(countAll(blockTexts(before), powerMinus));
    const left = total(countAll(blockTexts(after), powerMinus));
    expect(was).toBeGreaterThan(80);
    expect(left).toBeLessThanOrEqual(2);
  });

  it('keeps every Tamil term byte-identical', () => {
    const tamil = /[\u0b80-\u0bff]+(?:[\s\u200c\u200d]+[\u0b80-\u0bff]+)*/g;
    const was = texts(before).map((t) => t.match(tamil) ?? []);
    expect(was.flat().length).toBeGreaterThan(100);
    expect(texts(after).map((t) => t.match(tamil) ?? [])).toEqual(was);
  });

  it('loses at most 1 % of hyphenated compounds (2-Methylpropane, Uranium-238 …)', () => {
    const compound = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
    const was = countAll(texts(before), compound);
    expect(total(was)).toBeGreaterThan(500);
    expect(lost(was, countAll(texts(after), compound)) / total(was)).toBeLessThanOrEqual(0.01);
  });

  it('leaves math LaTeX untouched', () => {
    const latex = (cs: Chapter[]) =>
      cs.flatMap((c) =>
        c.topics.flatMap((t) => t.blocks.flatMap((b) => (b.type === 'math' ? [b.latex] : []))),
      );
    expect(latex(after)).toEqual(latex(before));
  });

  it('is idempotent on the whole book', () => {
    const book = { ...JSON.parse(readFileSync(dir.join('preprocessed', 'book.json'), 'utf8')) };
    const again = preprocessBook(book, after);
    expect(again.changes.edits).toBe(0);
    expect(again.chapters).toEqual(after);
  });

  it('reports every rule with examples in changes.json', () => {
    for (const name of [
      'odd-spaces',
      'spoken-powers',
      'spoken-brackets',
      'mend-ocr-splits',
      'split-run-together',
    ])
      expect(changes.rules.find((r) => r.name === name)?.examples.length).toBeGreaterThan(0);
    expect(changes.emptiedBlocks).toEqual([]);
  });
});
