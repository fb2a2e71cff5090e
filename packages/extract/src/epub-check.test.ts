import { writeFile } from 'node:fs/promises';
import { MemoryReporter } from '@kalvimate/core';
import { buildEpub, type EpubSpec } from '@kalvimate/testkit/epub-builder';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookRoot, checkEpub, type EpubLayout } from './epub-check.js';
import { ExtractLimitsSchema } from './options.js';
import { readPackage } from './package-info.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

const limits = ExtractLimitsSchema.parse({});

async function check(spec: EpubSpec, reporter = new MemoryReporter()) {
  const file = dir.join('book.epub');
  await writeFile(file, buildEpub(spec));
  const layout = await checkEpub(file, limits, reporter);
  return { file, layout, reporter, info: await readPackage(file, layout) };
}

async function refusal(spec: EpubSpec): Promise<{ file: string; error: unknown }> {
  const file = dir.join('bad.epub');
  await writeFile(file, buildEpub(spec));
  return { file, error: await checkEpub(file, limits).catch((e: unknown) => e) };
}

const spinePaths = (layout: EpubLayout) => layout.spine.map((d) => d.path);
const warnings = (reporter: MemoryReporter) =>
  reporter.events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));

const twoChapters: EpubSpec['documents'] = [
  { id: 'c1', body: '<h1>Chapter 1</h1><p>One.</p>', tocTitle: 'Chapter 1' },
  { id: 'c2', body: '<h1>Chapter 2</h1><p>Two.</p>', tocTitle: 'Chapter 2' },
];

describe('checkEpub reads the package by namespace, not by spelling', () => {
  for (const version of [2, 3] as const) {
    it(`reads an EPUB ${version} package written with the opf: prefix like the unprefixed one`, async () => {
      const plain = await check({ version, title: 'Moby-Dick', documents: twoChapters });
      const prefixed = await check({
        version,
        title: 'Moby-Dick',
        packagePrefix: 'opf',
        containerPrefix: 'c',
        documents: twoChapters,
      });
      expect(spinePaths(prefixed.layout)).toEqual(['OEBPS/text/c1.xhtml', 'OEBPS/text/c2.xhtml']);
      expect(prefixed.layout.spine).toEqual(plain.layout.spine);
      expect(prefixed.layout.ncxPath).toBe('OEBPS/toc.ncx');
      expect(prefixed.layout.navPath).toBe(plain.layout.navPath);
      expect(prefixed.info).toEqual(plain.info);
      expect(prefixed.info).toMatchObject({
        title: 'Moby-Dick',
        language: 'en',
        toc: [{ label: 'Chapter 1', path: 'OEBPS/text/c1.xhtml' }, { label: 'Chapter 2' }],
      });
    });
  }

  it('reads a default-namespace package and an NCX written with a prefix', async () => {
    const ncx = `<?xml version="1.0" encoding="utf-8"?>
<n:ncx xmlns:n="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <n:head/><n:docTitle><n:text>T</n:text></n:docTitle>
  <n:navMap><n:navPoint id="a" playOrder="1"><n:navLabel><n:text>Chapter 2</n:text></n:navLabel><n:content src="text/c2.xhtml"/></n:navPoint></n:navMap>
</n:ncx>`;
    const { info } = await check({
      version: 2,
      documents: twoChapters,
      extraFiles: { 'OEBPS/toc.ncx': ncx },
    });
    expect(info.toc).toEqual([{ label: 'Chapter 2', path: 'OEBPS/text/c2.xhtml', atStart: true }]);
  });

  it('finds the NCX by its media type when the spine names none', async () => {
    const withoutToc = await check({
      version: 3,
      ncx: false,
      documents: twoChapters,
      extraManifestItems: ['    <item id="toc" href="toc2.ncx" media-type="application/x-dtbncx+xml"/>'],
      extraFiles: {
        'OEBPS/toc2.ncx': `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint><navLabel><text>Two</text></navLabel><content src="text/c2.xhtml"/></navPoint></navMap></ncx>`,
      },
    });
    expect(withoutToc.layout.ncxPath).toBe('OEBPS/toc2.ncx');
    expect(withoutToc.info.toc.map((e) => e.label)).toEqual(['Two']);
  });
});

describe('checkEpub describes each spine document', () => {
  it("reads a book whose folder was zipped whole from that folder, with a warning (Debian Edu's manuals)", async () => {
    const file = dir.join('folder.epub');
    const files = unzipSync(buildEpub({ documents: twoChapters }));
    await writeFile(
      file,
      zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`epub/${name}`, bytes]))),
    );
    const reporter = new MemoryReporter();
    const layout = await checkEpub(file, limits, reporter);
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml', 'OEBPS/text/c2.xhtml']);
    expect(warnings(reporter)).toEqual([
      expect.stringMatching(
        /folder\.epub: the book's files are in the archive's folder "epub", not at its root/,
      ),
    ]);
  });

  it('looks in a top-level folder only where the root has no container and one folder alone has one', () => {
    const names = (entries: Map<string, number>) => [...entries.keys()];
    const at = (...list: string[]) => new Map(list.map((n, i) => [n, i]));
    expect(names(bookRoot(at('META-INF/container.xml', 'b/META-INF/container.xml')).entries)).toEqual([
      'META-INF/container.xml',
      'b/META-INF/container.xml',
    ]);
    expect(bookRoot(at('a/META-INF/container.xml', 'b/META-INF/container.xml')).folder).toBeUndefined();
    expect(bookRoot(at('x/y/META-INF/container.xml')).folder).toBeUndefined();
    const rooted = bookRoot(at('read-me.txt', 'a/mimetype', 'a/META-INF/container.xml', 'a/OEBPS/c.xhtml'));
    expect([rooted.folder, names(rooted.entries)]).toEqual([
      'a',
      ['mimetype', 'META-INF/container.xml', 'OEBPS/c.xhtml'],
    ]);
  });

  it('reads a document the spine lists again (as an item of a fragment: SiSU) once, where it first comes', async () => {
    const { layout, reporter } = await check({
      documents: twoChapters,
      extraManifestItems: [
        '<item id="c1-o8" href="text/c1.xhtml#o8" media-type="application/xhtml+xml"/>',
        '<item id="c2-again" href="text/c2.xhtml" media-type="application/xhtml+xml"/>',
      ],
      extraSpineIds: ['c1-o8', 'c2-again'],
    });
    expect(layout.spine.map((d) => [d.id, d.path])).toEqual([
      ['c1', 'OEBPS/text/c1.xhtml'],
      ['c2', 'OEBPS/text/c2.xhtml'],
    ]);
    expect(warnings(reporter)).toEqual([
      expect.stringMatching(
        /book\.epub: the spine lists 2 documents again; each is read once, where it first comes$/,
      ),
    ]);
  });

  it('marks linear="no" documents and keeps media types and properties', async () => {
    const { layout } = await check({
      documents: [
        { id: 'c1', body: '<p>Body.</p>', spineProperties: 'page-spread-left' },
        { id: 'answers', body: '<p>Answers.</p>', linear: false, properties: 'scripted' },
      ],
    });
    expect(layout.spine).toEqual([
      {
        id: 'c1',
        path: 'OEBPS/text/c1.xhtml',
        linear: true,
        mediaType: 'application/xhtml+xml',
        properties: ['page-spread-left'],
        itemProperties: [],
        prePaginated: false,
      },
      {
        id: 'answers',
        path: 'OEBPS/text/answers.xhtml',
        linear: false,
        mediaType: 'application/xhtml+xml',
        properties: [],
        itemProperties: ['scripted'],
        prePaginated: false,
      },
    ]);
  });

  it('says which documents are fixed-layout pages: the whole book, or an itemref, by rendition:layout', async () => {
    const documents = [
      { id: 'a', body: '<p>A.</p>' },
      { id: 'b', body: '<p>B.</p>', spineProperties: 'rendition:layout-reflowable' },
      { id: 'c', body: '<p>C.</p>', spineProperties: 'rendition:layout-pre-paginated page-spread-left' },
    ];
    const fixed = await check({
      documents,
      extraMetadata: ['<meta property="rendition:layout">pre-paginated</meta>'],
    });
    expect(fixed.layout.spine.map((d) => d.prePaginated)).toEqual([true, false, true]);
    const flowing = await check({ documents });
    expect(flowing.layout.spine.map((d) => d.prePaginated)).toEqual([false, false, true]);
  });

  it('reads the EPUB 2 guide with its hrefs resolved', async () => {
    const { layout } = await check({
      version: 2,
      packagePrefix: 'opf',
      documents: twoChapters,
      guide: [
        { type: 'toc', href: 'text/c1.xhtml', title: 'Contents' },
        { type: 'text', href: 'text/c2.xhtml#start' },
      ],
    });
    expect(layout.guide).toEqual([
      { type: 'toc', path: 'OEBPS/text/c1.xhtml', title: 'Contents' },
      { type: 'text', path: 'OEBPS/text/c2.xhtml', fragment: 'start' },
    ]);
  });

  it('reads an SVG spine document as image/svg+xml', async () => {
    const { layout } = await check({
      documents: [
        {
          id: 'map',
          href: 'map.svg',
          mediaType: 'image/svg+xml',
          body: '<svg xmlns="http://www.w3.org/2000/svg"><text>North</text></svg>',
        },
      ],
    });
    expect(layout.spine).toMatchObject([{ id: 'map', path: 'OEBPS/map.svg', mediaType: 'image/svg+xml' }]);
  });
});

describe('checkEpub follows manifest fallbacks for spine items that are not XHTML or SVG', () => {
  it('reads the XHTML fallback of a JSON spine item', async () => {
    const { layout, reporter } = await check({
      documents: [
        { id: 'primary', href: 'moby.json', mediaType: 'application/json', fallback: 'xml', body: '{}' },
        {
          id: 'xml',
          href: 'moby.xml',
          mediaType: 'application/xml',
          fallback: 'html',
          body: '<a/>',
          inSpine: false,
        },
        { id: 'html', body: '<p>Call me Ishmael.</p>', inSpine: false },
      ],
    });
    expect(layout.spine).toMatchObject([
      { id: 'primary', path: 'OEBPS/text/html.xhtml', mediaType: 'application/xhtml+xml', linear: true },
    ]);
    expect(layout.skipped).toEqual([]);
    expect(warnings(reporter)).toEqual([]);
  });

  it('does not need the foreign item itself to be in the archive', async () => {
    const { layout } = await check({
      documents: [
        { id: 'page', href: 'page.png', mediaType: 'image/png', fallback: 'text', body: '' },
        { id: 'text', body: '<p>Page two.</p>', inSpine: false },
      ],
      omitFiles: ['OEBPS/page.png'],
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/text.xhtml']);
  });

  it('skips, with a warning, an item whose fallbacks form a cycle, and reads the rest', async () => {
    const { layout, reporter, file } = await check({
      documents: [
        { id: 'a', href: 'a.json', mediaType: 'application/json', fallback: 'b', body: '{}' },
        { id: 'b', href: 'b.xml', mediaType: 'application/xml', fallback: 'a', body: '<b/>', inSpine: false },
        { id: 'c1', body: '<p>Readable.</p>' },
      ],
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml']);
    expect(layout.skipped).toEqual([
      {
        id: 'a',
        href: 'a.json',
        mediaType: 'application/json',
        reason: 'its fallbacks form a cycle (a → b → a)',
      },
    ]);
    expect(warnings(reporter)).toEqual([
      `${file}: spine item "a" (a.json, application/json) is skipped: its fallbacks form a cycle (a → b → a); only XHTML and SVG documents are read`,
    ]);
  });

  it('skips, with a warning, a spine document the archive lacks, and reads the rest', async () => {
    const { layout, reporter, file } = await check({
      documents: [
        { id: 'c1', body: '<p>Here.</p>' },
        { id: 'c2', body: '<p>Lost.</p>' },
        { id: 'c3', body: '<p>Here too.</p>' },
      ],
      omitFiles: ['OEBPS/text/c2.xhtml'],
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml', 'OEBPS/text/c3.xhtml']);
    expect(layout.skipped).toEqual([
      {
        id: 'c2',
        href: 'text/c2.xhtml',
        mediaType: 'application/xhtml+xml',
        reason: 'its document is missing from the archive',
      },
    ]);
    expect(warnings(reporter)).toEqual([
      `${file}: spine document OEBPS/text/c2.xhtml is missing from the archive; the book is read without it (a complete copy would have its text)`,
    ]);
  });

  it('reads a book whose mimetype file is missing or says something else, with a warning', async () => {
    const missing = await check({ documents: twoChapters, omitFiles: ['mimetype'] });
    expect(spinePaths(missing.layout)).toEqual(['OEBPS/text/c1.xhtml', 'OEBPS/text/c2.xhtml']);
    expect(missing.info.toc.map((entry) => entry.label)).toEqual(['Chapter 1', 'Chapter 2']);
    expect(warnings(missing.reporter)).toEqual([
      `${missing.file}: the archive has no mimetype file; it is read as an EPUB, since META-INF/container.xml names its package`,
    ]);
    const other = await check({ documents: twoChapters, extraFiles: { mimetype: 'application/zip\u0000' } });
    expect(spinePaths(other.layout)).toHaveLength(2);
    expect(warnings(other.reporter)).toEqual([
      `${other.file}: the archive has a mimetype file that says "application/zip?", not application/epub+zip; it is read as an EPUB, since META-INF/container.xml names its package`,
    ]);
    // Written with a line break after it (as some tools do), it is the EPUB mimetype: no warning.
    const newline = await check({
      documents: twoChapters,
      extraFiles: { mimetype: 'application/epub+zip\r\n' },
    });
    expect(warnings(newline.reporter)).toEqual([]);
  });

  it('names the first five missing documents in one warning and counts the rest', async () => {
    const documents = Array.from({ length: 8 }, (_, i) => ({ id: `c${i + 1}`, body: `<p>${i + 1}</p>` }));
    const { layout, reporter, file } = await check({
      documents,
      omitFiles: documents.slice(1).map((d) => `OEBPS/text/${d.id}.xhtml`),
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml']);
    expect(warnings(reporter)).toEqual([
      `${file}: 7 spine documents are missing from the archive (OEBPS/text/c2.xhtml, OEBPS/text/c3.xhtml, OEBPS/text/c4.xhtml, OEBPS/text/c5.xhtml, OEBPS/text/c6.xhtml and 2 more); the book is read without them (a complete copy would have their text)`,
    ]);
  });

  it('skips, with a warning, a spine item the manifest does not declare', async () => {
    const { layout, reporter, file } = await check({ documents: twoChapters, extraSpineIds: ['ghost'] });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml', 'OEBPS/text/c2.xhtml']);
    expect(layout.skipped).toEqual([
      { id: 'ghost', href: '', mediaType: '', reason: 'it is not in the manifest' },
    ]);
    expect(warnings(reporter)).toEqual([
      `${file}: spine item "ghost" is not in the manifest, so no document stands for it; the book is read without it`,
    ]);
  });

  it('refuses the book when every spine document is missing, naming the first', async () => {
    const { file, error } = await refusal({
      documents: [{ id: 'c1', body: '<p>Lost.</p>' }],
      omitFiles: ['OEBPS/text/c1.xhtml'],
      extraSpineIds: ['ghost'],
    });
    expect(error).toMatchObject({ code: 'EPUB_EMPTY_SPINE', exitCode: 2 });
    expect((error as Error).message).toBe(
      `${file}: none of the spine's 2 document(s) can be read (text/c1.xhtml is application/xhtml+xml and its document is missing from the archive)`,
    );
  });

  it('names an undeclared spine item when it is the first of none readable', async () => {
    const { file, error } = await refusal({
      documents: [{ id: 'c1', body: '<p>x</p>', inSpine: false }],
      extraSpineIds: ['ghost'],
    });
    expect((error as Error).message).toBe(
      `${file}: none of the spine's 1 document(s) can be read (spine item "ghost" is not in the manifest)`,
    );
  });

  it('refuses the book when no spine item is readable', async () => {
    const { file, error } = await refusal({
      documents: [
        { id: 'dmg', href: 'foo.dmg', mediaType: 'application/octet-stream', fallback: 'psd', body: '' },
        { id: 'psd', href: 'bar.psd', mediaType: 'image/psd', body: '', inSpine: false },
      ],
    });
    expect(error).toMatchObject({ code: 'EPUB_EMPTY_SPINE', exitCode: 2 });
    expect((error as Error).message).toBe(
      `${file}: none of the spine's 1 document(s) can be read (foo.dmg is application/octet-stream and its fallbacks (dmg → psd) lead to no XHTML or SVG document)`,
    );
  });
});

describe('checkEpub resolves hrefs inside the container (EPUB 3.3)', () => {
  it('reads a spine document whose href starts with / from the container root', async () => {
    const { layout } = await check({
      documents: [
        { id: 'c1', href: '/OEBPS/text/c1.xhtml', zipPath: 'OEBPS/text/c1.xhtml', body: '<p>x</p>' },
      ],
      extraManifestItems: ['    <item id="photo" href="/media/imgs/monastery.jpg" media-type="image/jpeg"/>'],
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/c1.xhtml']);
  });

  it('stops one `..` too many at the root instead of refusing the book', async () => {
    const { layout } = await check({
      documents: [{ id: 'c1', href: '../../c1.xhtml', zipPath: 'c1.xhtml', body: '<p>x</p>' }],
      extraManifestItems: ['    <item id="photo" href="../../../../media/a.jpg" media-type="image/jpeg"/>'],
    });
    expect(spinePaths(layout)).toEqual(['c1.xhtml']);
  });

  it('decodes percent-escapes in hrefs', async () => {
    const { layout } = await check({
      documents: [
        { id: 'c1', href: 'text/chapter%201.xhtml', zipPath: 'OEBPS/text/chapter 1.xhtml', body: '<p>x</p>' },
      ],
    });
    expect(spinePaths(layout)).toEqual(['OEBPS/text/chapter 1.xhtml']);
  });

  it('refuses a malformed percent-escape with EPUB_BAD_HREF naming the file and the href', async () => {
    const { file, error } = await refusal({
      documents: [{ id: 'c1', href: 'text/100%.xhtml', zipPath: 'OEBPS/text/100%.xhtml', body: '<p>x</p>' }],
    });
    expect(error).toMatchObject({ code: 'EPUB_BAD_HREF', exitCode: 2 });
    expect((error as Error).message).toBe(
      `${file}: OEBPS/content.opf: the href "text/100%.xhtml" has a malformed percent-escape`,
    );
  });

  it('still refuses zip entries whose own names leave the book', async () => {
    const { error } = await refusal({ documents: twoChapters, extraFiles: { '../evil.xhtml': '<p/>' } });
    expect(error).toMatchObject({ code: 'EPUB_PATH_ESCAPES' });
  });
});
