import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Book, Chapter } from '@kalvimate/core';
import { buildEpub, type EpubSpec } from '@kalvimate/testkit/epub-builder';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractEpub } from './extract-epub.js';
import {
  matchTocPaths,
  ncxDocTitle,
  type TocNode,
  tocFromNav,
  tocFromNcx,
  tocLabelsByDocument,
} from './toc.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

async function chaptersOf(spec: EpubSpec): Promise<Chapter[]> {
  const file = dir.join('book.epub');
  await writeFile(file, buildEpub(spec));
  await extractEpub(file, { outDir: dir.join('out') });
  const book = JSON.parse(await readFile(dir.join('out', 'book.json'), 'utf8')) as Book;
  return Promise.all(
    book.chapters.map(
      async (c) => JSON.parse(await readFile(join(dir.join('out'), c.file), 'utf8')) as Chapter,
    ),
  );
}

// Unit titles set as images or styled paragraphs: only the TOC says where each unit starts.
const untitledUnits = (tocTitles: [string, string]) => [
  { body: '<p class="unit-title">Motion</p><h2>1.1 Speed</h2><p>Fast things.</p>', tocTitle: tocTitles[0] },
  {
    body: '<p class="unit-title">Heat</p><h2>2.1 Temperature</h2><p>Warm things.</p>',
    tocTitle: tocTitles[1],
  },
];

describe('using the table of contents', () => {
  it('starts a unit where the NCX of an EPUB 2 book says it starts when the text has no unit heading', async () => {
    const chapters = await chaptersOf({
      version: 2,
      documents: untitledUnits(['Unit 1 Motion', 'Unit 2 Heat']),
    });
    expect(chapters.map((c) => [c.number, c.title, c.topics.map((t) => t.number ?? t.title)])).toEqual([
      [1, 'Motion', ['Motion', '1.1']],
      [2, 'Heat', ['Heat', '2.1']],
    ]);
  });

  it('follows a TOC whose links spell the documents in another letter case, as a disk that ignores case lets them', async () => {
    const file = dir.join('book.epub');
    const nav = (spelled: string) => (path: string, text: string) =>
      path.endsWith('nav.xhtml')
        ? Buffer.from(text.replaceAll('href="text/doc', `href="${spelled}`))
        : undefined;
    const documents = [
      { body: '<p>Things move.</p><h2>1.1 Speed</h2><p>Fast things.</p>', tocTitle: 'Unit 1 Motion' },
      { body: '<p>Things warm up.</p><h2>2.1 Temperature</h2><p>Warm things.</p>', tocTitle: 'Unit 2 Heat' },
    ];
    await writeFile(file, buildEpub({ ncx: false, documents, encode: nav('Text/Doc') }));
    const summary = await extractEpub(file, { outDir: dir.join('out') });
    expect(summary.structure).toBe('toc');
    // A link to no document at all, in any case, leaves the TOC unusable as before.
    await writeFile(file, buildEpub({ ncx: false, documents, encode: nav('text/gone') }));
    expect((await extractEpub(file, { outDir: dir.join('out') })).structure).not.toBe('toc');
  });

  it('reads the EPUB 3 nav document when there is no NCX', async () => {
    const chapters = await chaptersOf({
      version: 3,
      ncx: false,
      documents: untitledUnits(['அலகு 1 இயக்கம்', 'அலகு 2 வெப்பம்']),
    });
    expect(chapters.map((c) => [c.number, c.title])).toEqual([
      [1, 'இயக்கம்'],
      [2, 'வெப்பம்'],
    ]);
  });

  it('follows the TOC: an entry with the same designation continues its chapter, another opens one', async () => {
    const chapters = await chaptersOf({
      documents: [
        {
          body: '<h1>Unit 1 Laws of Motion</h1><h2>1.1 Speed</h2><p>a</p>',
          tocTitle: 'Unit 1 Laws of Motion',
        },
        { body: '<h2>1.2 Velocity</h2><p>b</p>', tocTitle: 'Unit 1 (continued)' },
        { body: '<h2>1.3 Acceleration</h2><p>c</p>', tocTitle: 'More about motion' },
      ],
    });
    expect(chapters.map((c) => [c.number, c.label, c.title, c.topics.map((t) => t.number)])).toEqual([
      [1, 'Unit 1', 'Laws of Motion', ['1.1', '1.2']],
      [2, undefined, 'More about motion', ['1.3']],
    ]);
  });
});

describe('TOC readers', () => {
  it('points a link at the one document its path names in another letter case, and only then', () => {
    const node = (path: string, children: TocNode[] = []): TocNode => ({ label: path, path, children });
    const paths = ['OPS/chapter_1.xhtml', 'OPS/Notes.xhtml', 'OPS/notes.xhtml'];
    const fixed = matchTocPaths(
      [
        node('OPS/Chapter_1.xhtml', [
          node('OPS/NOTES.xhtml'),
          node('OPS/Notes.xhtml'),
          node('OPS/gone.xhtml'),
        ]),
      ],
      paths,
    );
    expect(fixed[0]?.path).toBe('OPS/chapter_1.xhtml');
    // Two documents spelled alike but for case: no guess. An exact match and a missing one stay.
    expect(fixed[0]?.children.map((c) => c.path)).toEqual([
      'OPS/NOTES.xhtml',
      'OPS/Notes.xhtml',
      'OPS/gone.xhtml',
    ]);
    expect(matchTocPaths([{ type: 'toc', path: 'OPS/CHAPTER_1.XHTML' }], paths)).toEqual([
      { type: 'toc', path: 'OPS/chapter_1.xhtml' },
    ]);
  });

  it('points a link written for another folder at the one document of the reading order of its file name', () => {
    // Sphinx's nav at the book's root links "getting-set-up.xhtml" for guide/getting-set-up.xhtml; the
    // translations' pages of the same names are outside the reading order.
    const paths = ['guide/index.xhtml', 'guide/getting-set-up.xhtml', 'de/guide/getting-set-up.xhtml'];
    const fixed = matchTocPaths<TocNode>(
      [
        { label: 'Guide', path: 'guide/index.xhtml', children: [] },
        {
          label: 'Getting Set Up',
          path: 'getting-set-up.xhtml',
          children: [{ label: 'Install', path: 'getting-set-up.xhtml', fragment: 'install', children: [] }],
        },
      ],
      paths,
      paths.slice(0, 2),
    );
    expect(fixed.map((n) => [n.path, n.children.map((c) => [c.path, c.fragment])])).toEqual([
      ['guide/index.xhtml', []],
      ['guide/getting-set-up.xhtml', [['guide/getting-set-up.xhtml', 'install']]],
    ]);
    // Every document of the name in the reading order: no guess.
    expect(matchTocPaths([{ type: 'toc', path: 'getting-set-up.xhtml' }], paths)[0]?.path).toBe(
      'getting-set-up.xhtml',
    );
  });

  it("reads the NCX's docTitle, in any namespace prefix, and nothing where it is empty or missing", () => {
    const ncx = (head: string) =>
      `<?xml version="1.0"?><n:ncx xmlns:n="http://www.daisy.org/z3986/2005/ncx/">${head}<n:navMap/></n:ncx>`;
    expect(ncxDocTitle(ncx('<n:docTitle><n:text> Calibre  Quick Start Guide </n:text></n:docTitle>'))).toBe(
      'Calibre Quick Start Guide',
    );
    expect(ncxDocTitle(ncx('<n:docTitle><n:text/></n:docTitle>'))).toBeUndefined();
    expect(ncxDocTitle(ncx(''))).toBeUndefined();
  });

  it('keeps NCX entries with a label and a target, and notes fragment links', () => {
    const entries = tocFromNcx([
      { title: ' Unit 1 ', href: 'OEBPS/text/u1.xhtml' },
      { title: '1.1 Speed', href: 'OEBPS/text/u1.xhtml#s1' },
      { title: '', href: 'OEBPS/x.xhtml' },
      { title: 'No target' },
    ]);
    expect(entries).toEqual([
      { label: 'Unit 1', path: 'OEBPS/text/u1.xhtml', atStart: true },
      { label: '1.1 Speed', path: 'OEBPS/text/u1.xhtml', atStart: false },
    ]);
    expect(tocLabelsByDocument(entries)).toEqual(new Map([['OEBPS/text/u1.xhtml', 'Unit 1']]));
  });

  it("drops a printed contents page's dot leader and page number from a label, and keeps a title's number", () => {
    const labels = [
      'Motion .......... 5',
      'Heat ··· xii',
      'Seas . . . . . 23',
      'Rivers……… 9',
      'Index ____ 301',
      'Hills ....',
      'Apollo 13',
      'To be continued...',
      'A.B.C.D',
      '........ 7',
    ];
    const entries = tocFromNcx(labels.map((title, i) => ({ title, href: `OEBPS/c${i}.xhtml` })));
    expect(entries.map((e) => e.label)).toEqual([
      'Motion',
      'Heat',
      'Seas',
      'Rivers',
      'Index',
      'Hills',
      'Apollo 13',
      'To be continued...',
      'A.B.C.D',
      // A label that is nothing but a leader stays as it is.
      '........ 7',
    ]);
    const nav = `<html><body><nav epub:type="toc"><ol><li><a href="c.xhtml">Motion ..... 5</a></li></ol></nav></body></html>`;
    expect(tocFromNav(nav, 'nav.xhtml').map((e) => e.label)).toEqual(['Motion']);
  });

  it('resolves nav links against the nav document and skips external links', () => {
    const nav =
      '<html><body><nav epub:type="landmarks"><a href="x.xhtml">Skip</a></nav><nav epub:type="toc"><ol><li><a href="text/u%201.xhtml">Unit 1</a></li><li><a href="https://example.org">Web</a></li></ol></nav></body></html>';
    expect(tocFromNav(nav, 'OEBPS/nav.xhtml')).toEqual([
      { label: 'Unit 1', path: 'OEBPS/text/u 1.xhtml', atStart: true },
    ]);
  });

  it('writes a chapter number the nav sets apart in a number span as the designation "2."', () => {
    const item = (number: string, title: string, cls = 'toc-section-number') =>
      `<li><a href="c.xhtml"><span class="${cls}">${number}</span> ${title}</a></li>`;
    const nav = `<html><body><nav epub:type="toc"><ol>${[
      item('2', 'Matter Around Us'),
      item('2.1', 'States of matter', 'section-header-number'),
      item('3', 'Heat', 'note'),
      item('4', ': The Sea'),
      item('5', ''),
    ].join('')}</ol></nav></body></html>`;
    expect(tocFromNav(nav, 'nav.xhtml').map((e) => e.label)).toEqual([
      '2. Matter Around Us',
      // A section's number keeps its place: "2.1 …" is a numbered section already.
      '2.1 States of matter',
      // A span of another class, punctuation after the number, or the number alone: as written.
      '3 Heat',
      '4 : The Sea',
      '5',
    ]);
  });
});
