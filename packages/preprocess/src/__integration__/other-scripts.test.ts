// Reads ../shared/fixtures/real-books/kusamakura-japanese-vertical-writing.epub (a Japanese novel)
// and regime-anticancer-arabic.epub (an Arabic chapter), extracted with @kalvimate/extract, then
// cleaned: the cleaner must not touch their punctuation, brackets, spaces or digits.
import { type Chapter, readBookFolder } from '@kalvimate/core';
import { extractEpub } from '@kalvimate/extract';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textFields } from '../book-fields.js';
import { preprocessFolder } from '../preprocess-folder.js';

interface Cleaned {
  before: string[];
  after: string[];
}

async function extractAndClean(epub: string, dir: TempDir): Promise<Cleaned> {
  await extractEpub(epub, { outDir: dir.join('structured') });
  await preprocessFolder(dir.join('structured'), dir.join('preprocessed'));
  const texts = (chapters: Chapter[]) => textFields(chapters).map((f) => f.get());
  return {
    before: texts((await readBookFolder(dir.join('structured'))).chapters),
    after: texts((await readBookFolder(dir.join('preprocessed'))).chapters),
  };
}

/** How often each character matching `pattern` occurs in `texts`. */
function tally(texts: string[], pattern: RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const text of texts) for (const [ch] of text.matchAll(pattern)) counts[ch] = (counts[ch] ?? 0) + 1;
  return counts;
}

/** The texts (at the same place before and after) that hold `script` and changed. */
function changedTexts(book: Cleaned, script: RegExp): Array<{ before: string; after: string }> {
  return book.before.flatMap((before, i) => {
    const after = book.after[i] ?? '';
    return script.test(before) && after !== before ? [{ before, after }] : [];
  });
}

const japanese = sharedFixture('real-books', 'kusamakura-japanese-vertical-writing.epub');
const arabic = sharedFixture('real-books', 'regime-anticancer-arabic.epub');

// Fullwidth forms, CJK symbols and punctuation (with the ideographic space), odd spaces.
const CJK_PUNCTUATION = /[\uff01-\uff60\u3000-\u303f\u00a0\u2000-\u200b\u202f]/g;
// Arabic punctuation and digits, ASCII digits and punctuation, no-break and other odd spaces.
const ARABIC_MARKS =
  /[\u060c\u061b\u061f\u066a-\u066d\u06d4\u0660-\u0669\u06f0-\u06f90-9.,;:!?()«»\u00a0\u2000-\u200b\u202f-]/g;

describe.skipIf(!japanese)('a Japanese novel through extract and preprocess', () => {
  let dir: TempDir;
  let book: Cleaned;

  beforeAll(async () => {
    dir = await createTempDir('km-preprocess-japanese-');
    book = await extractAndClean(japanese as string, dir);
  }, 120_000);
  afterAll(async () => {
    await dir?.remove();
  });

  it('leaves every text holding Japanese byte-identical', () => {
    expect(book.before.length).toBeGreaterThan(100);
    expect(changedTexts(book, /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u)).toEqual([]);
  });

  it('keeps every fullwidth bracket, CJK punctuation mark and ideographic space', () => {
    const before = tally(book.before, CJK_PUNCTUATION);
    expect(before['\u3000']).toBeGreaterThan(10);
    expect(before['［']).toBeGreaterThan(0);
    expect(tally(book.after, CJK_PUNCTUATION)).toEqual(before);
  });
});

describe.skipIf(!arabic)('an Arabic chapter through extract and preprocess', () => {
  let dir: TempDir;
  let book: Cleaned;

  beforeAll(async () => {
    dir = await createTempDir('km-preprocess-arabic-');
    book = await extractAndClean(arabic as string, dir);
  }, 120_000);
  afterAll(async () => {
    await dir?.remove();
  });

  it('leaves every text holding Arabic byte-identical', () => {
    expect(book.before.length).toBeGreaterThan(50);
    expect(changedTexts(book, /\p{sc=Arabic}/u)).toEqual([]);
  });

  it('keeps Arabic punctuation (، ؛ ؟), digits, brackets and no-break spaces', () => {
    const before = tally(book.before, ARABIC_MARKS);
    expect(before['،']).toBeGreaterThan(10);
    expect(before['\u00a0']).toBeGreaterThan(0);
    expect(tally(book.after, ARABIC_MARKS)).toEqual(before);
  });
});
