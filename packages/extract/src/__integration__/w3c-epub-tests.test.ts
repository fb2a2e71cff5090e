// Reads ../shared/fixtures/w3c-epub-tests: the W3C's EPUB 3 reading-system conformance books (see its
// README) and tests.json, the suite's own description of each book.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedFixture, sharedFixturesDir } from '@kalvimate/testkit/fixtures';
import { describe, expect, it } from 'vitest';
import { checkEpub } from '../epub-check.js';
import { ExtractLimitsSchema } from '../options.js';
import { readPackage } from '../package-info.js';
import { svgItems } from '../svg-items.js';
import { readEntry } from '../zip-inspect.js';

interface W3cTest {
  description: string;
  /** The suite expects a reading system to report the book as invalid. */
  says_invalid: boolean;
  /** The suite allows a reading system to refuse the book. */
  error_allowed: boolean;
}

const dir = sharedFixture('w3c-epub-tests');
// sharedFixture prints its own notice when the whole folder is absent.
if (!dir && sharedFixturesDir())
  process.stderr.write('notice: ../shared/fixtures/w3c-epub-tests not found; skipping the W3C EPUB tests\n');

const limits = ExtractLimitsSchema.parse({});

describe.skipIf(!dir)('the W3C EPUB 3 conformance books', () => {
  const root = dir as string;

  async function validBooks(): Promise<string[]> {
    const tests = JSON.parse(await readFile(join(root, 'tests.json'), 'utf8')) as Record<string, W3cTest>;
    const files = (await readdir(root)).filter((f) => f.endsWith('.epub')).sort();
    return files.filter((f) => {
      const test = tests[f.replace(/\.epub$/, '')];
      return test !== undefined && !test.says_invalid && !test.error_allowed;
    });
  }

  it('reads the package of every valid book (checkEpub and readPackage)', async () => {
    const books = await validBooks();
    expect(books.length).toBeGreaterThan(190);
    const refused: string[] = [];
    for (const book of books) {
      const file = join(root, book);
      try {
        const layout = await checkEpub(file, limits);
        await readPackage(file, layout);
      } catch (error) {
        refused.push(`${book}: ${(error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('finds the text of the SVG content documents in the spine', async () => {
    const file = join(root, 'pkg-spine-order-svg.epub');
    const layout = await checkEpub(file, limits);
    expect(layout.spine.map((d) => d.mediaType)).toEqual(Array(4).fill('image/svg+xml'));
    const texts: string[] = [];
    for (const doc of layout.spine) {
      const entry = layout.entries.get(doc.path);
      if (entry) texts.push(...svgItems((await readEntry(file, entry)).toString('utf8')).map(itemText));
    }
    expect(texts).toEqual(expect.arrayContaining(['Page 1', 'Page 2', 'Page 3', 'Page 4']));
  });

  it('reads the XHTML fallback of a JSON spine item and of images in the spine', async () => {
    const json = await checkEpub(join(root, 'pub-foreign_json-spine.epub'), limits);
    expect(json.spine).toMatchObject([
      { path: 'EPUB/content_001.xhtml', mediaType: 'application/xhtml+xml' },
    ]);
    const images = await checkEpub(join(root, 'lay-pp-images-in-spine.epub'), limits);
    expect(images.spine.map((d) => d.path)).toContain('EPUB/fallbacks/A.xhtml');
  });
});

function itemText(item: ReturnType<typeof svgItems>[number]): string {
  if (item.kind === 'anchor' || item.kind === 'end' || item.kind === 'division') return '';
  return item.kind === 'heading' ? item.text : item.block.text;
}
