import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Book, type Chapter, silentReporter } from '@kalvimate/core';
import { buildEpub, type EpubSpec } from '@kalvimate/testkit/epub-builder';
import { REPO_ROOT } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtractEpubOptions, extractEpub } from './extract-epub.js';

const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

/** Text as windows-1252 bytes: Latin-1, with the typographic quotes and dash at 0x93, 0x94 and 0x97. */
const windows1252Bytes = (text: string) =>
  Buffer.from(
    text.replace(/[“”—]/g, (c) => String.fromCharCode({ '“': 0x93, '”': 0x94, '—': 0x97 }[c] ?? 0x3f)),
    'latin1',
  );

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

async function extract(spec: EpubSpec | Uint8Array) {
  const file = dir.join('book.epub');
  await writeFile(file, spec instanceof Uint8Array ? spec : buildEpub(spec));
  const outDir = dir.join('out');
  const summary = await extractEpub(file, { outDir });
  const book = JSON.parse(await readFile(join(outDir, 'book.json'), 'utf8')) as Book;
  const chapters = await Promise.all(
    book.chapters.map(async (c) => JSON.parse(await readFile(join(outDir, c.file), 'utf8')) as Chapter),
  );
  return { summary, book, chapters };
}

/** A book of two units, a document and a TOC entry each. */
const TWO_UNITS: EpubSpec = {
  documents: [
    { id: 'c1', body: '<h1>Unit 1 Motion</h1><p>Things move.</p>', tocTitle: 'Unit 1 Motion' },
    { id: 'c2', body: '<h1>Unit 2 Heat</h1><p>Things warm up.</p>', tocTitle: 'Unit 2 Heat' },
  ],
};

/**
 * Extracts `file` into `outDir`, adding the warnings to `warnings`, and reads back the chapters `book`
 * (another extract's) names from it.
 */
async function chaptersWarned(
  file: string,
  outDir: string,
  book: Book,
  warnings: string[],
): Promise<Chapter[]> {
  await extractEpub(file, { outDir, reporter: { ...silentReporter, warn: (m) => warnings.push(m) } });
  return Promise.all(
    book.chapters.map(async (c) => JSON.parse(await readFile(join(outDir, c.file), 'utf8')) as Chapter),
  );
}

async function expectRefused(
  bytes: Uint8Array | string,
  code: string,
  message: RegExp,
  options: Omit<ExtractEpubOptions, 'outDir'> = {},
) {
  const file = dir.join('bad.epub');
  await writeFile(file, bytes);
  const error = await extractEpub(file, { ...options, outDir: dir.join('out') }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code, exitCode: 2 });
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(message);
  expect(existsSync(dir.join('out'))).toBe(false);
}

describe('extractEpub', () => {
  it('writes book.json with metadata and one file per chapter', async () => {
    const { book, chapters, summary } = await extract({
      title: 'அறிவியல்',
      language: 'ta',
      documents: [{ body: '<h1>அலகு 1 இயக்கம்</h1><h2>1.1 விசை</h2><p>விசை என்பது தள்ளுதல்.</p>' }],
    });
    expect(book).toMatchObject({
      schemaVersion: 1,
      title: 'அறிவியல்',
      language: 'ta',
      chapters: [{ number: 1, title: 'இயக்கம்', file: 'chapter_1.json' }],
    });
    expect(book.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(chapters[0]?.topics[0]?.blocks[0]?.text).toBe('விசை என்பது தள்ளுதல்.');
    expect(summary).toMatchObject({ chapters: 1, topics: 1, numberedTopics: 1 });
  });

  it('reads EPUB 2 books that have only an NCX', async () => {
    const { chapters } = await extract({
      version: 2,
      documents: [{ body: '<h1>UNIT 1 Motion</h1><h2>1.1 Speed</h2><p>Fast.</p>', tocTitle: 'Unit 1' }],
    });
    expect(chapters[0]?.topics[0]?.number).toBe('1.1');
  });

  it('reads an NCX with an empty label, as pandoc writes it for a book without a title', async () => {
    const ncx = `<?xml version="1.0" encoding="UTF-8"?>
<ncx version="2005-1" xmlns="http://www.daisy.org/z3986/2005/ncx/"><head><meta name="dtb:uid" content="x"/></head>
<docTitle><text>UNTITLED</text></docTitle><navMap>
<navPoint id="n0"><navLabel><text></text></navLabel><content src="text/title.xhtml"/></navPoint>
<navPoint id="n1"><navLabel><text>Light</text></navLabel><content src="text/c1.xhtml"/></navPoint>
<navPoint id="n2"><navLabel><text/></navLabel><content src="text/c2.xhtml"/></navPoint>
</navMap></ncx>`;
    const { chapters } = await extract({
      version: 2,
      documents: [
        { id: 'title', body: '<section epub:type="titlepage"><p>UNTITLED</p></section>' },
        { id: 'c1', body: '<h1>Light</h1><p>Light travels.</p>' },
        { id: 'c2', body: '<h1>Heat</h1><p>Heat flows.</p>' },
      ],
      extraFiles: { 'OEBPS/toc.ncx': ncx },
    });
    expect(chapters.filter((c) => c.number > 0).map((c) => c.title)).toEqual(['Light', 'Heat']);
  });

  it('lets a chapter span several spine files and one file hold several chapters', async () => {
    const { chapters } = await extract({
      documents: [
        { body: '<h1>UNIT 1 Motion</h1><h2>1.1 Speed</h2><p>a</p>' },
        { body: '<h2>1.2 Velocity</h2><p>b</p><h1>UNIT 2 Heat</h1><h2>2.1 Temperature</h2><p>c</p>' },
      ],
    });
    expect(chapters.map((c) => [c.number, c.topics.map((t) => t.number)])).toEqual([
      [1, ['1.1', '1.2']],
      [2, ['2.1']],
    ]);
  });

  it('reads heading patterns from the options (the "extract" section of the config)', async () => {
    const file = dir.join('book.epub');
    await writeFile(
      file,
      buildEpub({
        documents: [
          {
            body: '<h1>Kapitel 4 – Wärme</h1><h2>4.1 Temperatur</h2><p>a</p><h2>Check your understanding</h2><p>q</p>',
          },
        ],
      }),
    );
    const outDir = dir.join('custom');
    const summary = await extractEpub(file, {
      outDir,
      chapterPatterns: ['^kapitel\\s+(\\d+)\\s*[–-]?\\s*(.*)$'],
      kindPatterns: { exercises: ['^check your understanding'] },
    });
    const chapter = JSON.parse(await readFile(join(outDir, 'chapter_4.json'), 'utf8')) as Chapter;
    expect([chapter.number, chapter.title]).toEqual([4, 'Wärme']);
    expect(chapter.topics.map((t) => t.kind)).toEqual(['topic', 'exercises']);
    expect(summary.topicsByKind).toEqual({ topic: 1, exercises: 1 });
  });

  it('refuses a heading pattern that is not a valid regex, naming it', async () => {
    const file = dir.join('book.epub');
    await writeFile(file, buildEpub({ documents: [{ body: '<p>x</p>' }] }));
    const error = await extractEpub(file, {
      outDir: dir.join('out'),
      chapterPatterns: ['^unit (\\d+'],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EXTRACT_BAD_PATTERN', exitCode: 2 });
    expect((error as Error).message).toContain('^unit (\\d+');
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it("keeps both chapters when the book numbers two of them alike: unique numbers, the book's own label", async () => {
    const { book, chapters } = await extract({
      documents: [{ body: '<h1>Chapter 1 Plants</h1><p>a</p><h1>Chapter 1 Animals</h1><p>b</p>' }],
    });
    expect(book.chapters.map((c) => [c.number, c.label, c.title, c.file])).toEqual([
      [1, 'Chapter 1', 'Plants', 'chapter_1.json'],
      [2, 'Chapter 1', 'Animals', 'chapter_2.json'],
    ]);
    expect(chapters.map((c) => c.topics[0]?.blocks[0]?.text)).toEqual(['a', 'b']);
  });

  it('reads a book in UTF-16 and a document in a declared windows-1252 as it reads one in UTF-8', async () => {
    const spec: EpubSpec = {
      title: 'Café Science',
      documents: [
        {
          id: 'c1',
          body: '<h1>Unit 1 Matière</h1><p>Café — “heat” of 5 °C: தமிழ் உரை.</p>',
          tocTitle: 'Unit 1 Matière',
        },
        { id: 'c2', body: '<h1>Unit 2 Énergie</h1><p>Naïve “work” — 10 J.</p>', tocTitle: 'Unit 2 Énergie' },
      ],
    };
    const utf8 = await extract(spec);
    const utf16 = (text: string) =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.replace('encoding="utf-8"', 'encoding="UTF-16"'), 'utf16le'),
      ]);
    const encoded = await extract({
      ...spec,
      encode: (path, text) =>
        path.endsWith('c2.xhtml')
          ? windows1252Bytes(text.replace('encoding="utf-8"', 'encoding="windows-1252"'))
          : /\.(opf|ncx|xhtml)$/.test(path)
            ? utf16(text)
            : undefined,
    });
    expect(encoded.book.title).toBe('Café Science');
    expect(encoded.chapters).toEqual(utf8.chapters);
    expect(encoded.chapters[1]?.topics[0]?.blocks[0]?.text).toBe('Naïve “work” — 10 J.');
  });

  it('reads documents the package names in another letter case than the archive, saying so', async () => {
    const spec = TWO_UNITS;
    const exact = await extract(spec);
    const warnings: string[] = [];
    const file = dir.join('recased.epub');
    // The package and the container name what the zip holds as "text/c1.xhtml" and "OEBPS/content.opf".
    await writeFile(
      file,
      buildEpub({
        ...spec,
        encode: (path, text) =>
          path.endsWith('.opf')
            ? Buffer.from(text.replaceAll('href="text/c', 'href="Text/C'))
            : path.endsWith('container.xml')
              ? Buffer.from(text.replace('OEBPS/content.opf', 'OEBPS/Content.OPF'))
              : undefined,
      }),
    );
    expect(await chaptersWarned(file, dir.join('recased'), exact.book, warnings)).toEqual(exact.chapters);
    expect(warnings).toEqual([
      `${file}: the package names 2 file(s) in another letter case than the archive (OEBPS/Text/C1.xhtml, OEBPS/Text/C2.xhtml); they are read from the files so named`,
    ]);
  });

  it('reads a book whose NCX is empty or no XML from its nav document, saying so', async () => {
    const spec = TWO_UNITS;
    const exact = await extract(spec);
    for (const [name, ncx, reason] of [
      ['empty', '', 'it is empty'],
      ['broken', '<ncx><navMap><navPoint></ncx>', ''],
    ] as const) {
      const warnings: string[] = [];
      const file = dir.join(`${name}.epub`);
      await writeFile(file, buildEpub({ ...spec, extraFiles: { 'OEBPS/toc.ncx': ncx } }));
      expect(await chaptersWarned(file, dir.join(name), exact.book, warnings)).toEqual(exact.chapters);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(
          `^${file}: its NCX \\(OEBPS/toc\\.ncx\\) could not be read \\(${reason || '.+'}\\); its table of contents is taken from the nav document or the spine$`,
        ),
      );
    }
  });

  it('replaces an earlier output folder whole', async () => {
    await extract({ documents: [{ body: '<h1>UNIT 1 A</h1><p>a</p><h1>UNIT 2 B</h1><p>b</p>' }] });
    await extract({ documents: [{ body: '<h1>UNIT 1 A</h1><p>a</p>' }] });
    expect((await readdir(dir.join('out'))).sort()).toEqual(['book.json', 'chapter_1.json']);
  });
});

describe('bad input: one clear error, exit code 2, no output folder', () => {
  const good: EpubSpec = { documents: [{ body: '<h1>UNIT 1 A</h1><p>text</p>' }] };

  it('refuses a file that is not a zip', async () => {
    await expectRefused('just some text, not an epub at all', 'EPUB_NOT_A_ZIP', /not a zip/);
  });

  it('never replaces an output folder holding files it did not write, nor the EPUB itself', async () => {
    const file = dir.join('book.epub');
    await writeFile(file, buildEpub(good));
    const notes = dir.join('notes');
    await mkdir(notes);
    await writeFile(join(notes, 'lesson-plan.docx'), 'mine');
    await expect(extractEpub(file, { outDir: notes })).rejects.toMatchObject({
      code: 'OUTPUT_FOLDER_NOT_OURS',
      exitCode: 2,
    });
    expect(await readdir(notes)).toEqual(['lesson-plan.docx']);
    await expect(extractEpub(file, { outDir: file })).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_FOLDER' });
    expect(readFileSync(file)).toEqual(Buffer.from(buildEpub(good)));
  });

  it('refuses a folder named as the EPUB', async () => {
    const folder = dir.join('book.epub');
    await mkdir(folder);
    const error = await extractEpub(folder, { outDir: dir.join('out') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EPUB_NOT_A_FILE', exitCode: 2 });
    expect((error as Error).message).toBe(`${folder}: not a file (an EPUB is one .epub file)`);
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses a truncated EPUB', async () => {
    const bytes = buildEpub(good);
    await expectRefused(bytes.subarray(0, Math.floor(bytes.length / 2)), 'EPUB_TRUNCATED', /truncated/);
  });

  it('refuses an EPUB without META-INF/container.xml', async () => {
    await expectRefused(
      buildEpub({ ...good, omitFiles: ['META-INF/container.xml'] }),
      'EPUB_NO_CONTAINER',
      /container\.xml/,
    );
  });

  it('refuses an EPUB whose package file is missing', async () => {
    await expectRefused(
      buildEpub({ ...good, omitFiles: ['OEBPS/content.opf'] }),
      'EPUB_NO_OPF',
      /OEBPS\/content\.opf/,
    );
  });

  it('reads a book whose archive lacks one spine document, TOC entry and all, without its text', async () => {
    const { chapters, summary } = await extract({
      documents: [
        {
          id: 'c1',
          body: '<h1>Chapter 1 Rivers</h1><p>Rivers run to the sea.</p>',
          tocTitle: 'Chapter 1 Rivers',
        },
        { id: 'c2', body: '<h1>Chapter 2 Lakes</h1><p>Lakes stay.</p>', tocTitle: 'Chapter 2 Lakes' },
        { id: 'c3', body: '<h1>Chapter 3 Seas</h1><p>Seas are salt.</p>', tocTitle: 'Chapter 3 Seas' },
      ],
      omitFiles: ['OEBPS/text/c2.xhtml'],
    });
    expect(chapters.map((c) => [c.number, c.title])).toEqual([
      [1, 'Rivers'],
      [3, 'Seas'],
    ]);
    expect(chapters.flatMap((c) => c.topics.flatMap((t) => t.blocks.map((b) => b.text)))).toEqual([
      'Rivers run to the sea.',
      'Seas are salt.',
    ]);
    expect(summary.chapters).toBe(2);
  });

  it('refuses a DRM-protected EPUB', async () => {
    const encryption = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/text/doc1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`;
    await expectRefused(
      buildEpub({ ...good, extraFiles: { 'META-INF/encryption.xml': encryption } }),
      'EPUB_DRM',
      /DRM/,
    );
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    const bomb = new Uint8Array(8 * 1024 * 1024);
    await expectRefused(
      buildEpub({ ...good, extraFiles: { 'OEBPS/bomb.bin': bomb } }),
      'EPUB_ZIP_BOMB',
      /compression ratio/,
    );
  });

  it('accepts an encryption.xml that only obfuscates fonts', async () => {
    const encryption = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const { summary } = await extract({ ...good, extraFiles: { 'META-INF/encryption.xml': encryption } });
    expect(summary.chapters).toBe(1);
  });

  it('refuses an entry over the configured size limit, before inflating it', async () => {
    await expectRefused(buildEpub(good), 'EPUB_ENTRY_TOO_LARGE', /inflates to [\d,]+ bytes \(limit 100\)/, {
      limits: { maxEntryBytes: 100 },
    });
  });

  it('refuses a book over the configured total size limit', async () => {
    await expectRefused(
      buildEpub(good),
      'EPUB_TOO_LARGE',
      /the book inflates to [\d,]+ bytes \(limit 1,000\)/,
      {
        limits: { maxTotalBytes: 1000 },
      },
    );
  });

  it('refuses a zip with more entries than the configured limit', async () => {
    await expectRefused(buildEpub(good), 'EPUB_TOO_MANY_ENTRIES', /zip entries \(limit 2\)/, {
      limits: { maxEntries: 2 },
    });
  });

  it('applies a configured compression-ratio limit', async () => {
    // ~6:1, an ordinary ratio: accepted by default, refused under a limit of 5:1.
    const text = new Uint8Array(2.2 * 1024 * 1024);
    let seed = 1;
    for (let i = 0; i < text.length; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text[i] = seed < 1073741824 ? 0x61 : 0x62;
    }
    const bytes = buildEpub({ ...good, extraFiles: { 'OEBPS/big.txt': text } });
    const file = dir.join('ordinary.epub');
    await writeFile(file, bytes);
    expect((await extractEpub(file, { outDir: dir.join('ordinary') })).chapters).toBe(1);
    await expectRefused(bytes, 'EPUB_ZIP_BOMB', /limit 5:1/, { limits: { maxRatio: 5 } });
  });

  it('refuses a container.xml that names no package file', async () => {
    const container =
      '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/></container>';
    await expectRefused(
      buildEpub({ ...good, extraFiles: { 'META-INF/container.xml': container } }),
      'EPUB_NO_ROOTFILE',
      /names no package/,
    );
  });

  it('refuses an EPUB whose package metadata the parser cannot read (an element closed by another)', async () => {
    await expectRefused(
      buildEpub({ ...good, extraMetadata: ['<dc:subject>Physics</dc:creator>'] }),
      'EPUB_UNREADABLE',
      /could not be parsed \(/,
    );
  });

  it('never inflates more than an entry declares: a lying size is refused, not trusted', async () => {
    const bytes = Buffer.from(
      buildEpub({ documents: [{ body: `<h1>UNIT 1 A</h1><p>${'word '.repeat(5000)}</p>` }] }),
    );
    // Patch the central directory so that doc1.xhtml claims to inflate to 100 bytes.
    for (let at = bytes.indexOf(CENTRAL); at !== -1; at = bytes.indexOf(CENTRAL, at + 4)) {
      const name = bytes.toString('utf8', at + 46, at + 46 + bytes.readUInt16LE(at + 28));
      if (name === 'OEBPS/text/doc1.xhtml') bytes.writeUInt32LE(100, at + 24);
    }
    await expectRefused(
      bytes,
      'EPUB_CORRUPT',
      /entry OEBPS\/text\/doc1\.xhtml does not inflate to its declared 100 bytes/,
    );
  });

  it('refuses an empty file and a missing file', async () => {
    await expectRefused('', 'EPUB_NOT_A_ZIP', /too short/);
    const error = await extractEpub(dir.join('none.epub'), { outDir: dir.join('out') }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'EPUB_NOT_FOUND', exitCode: 2 });
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('keeps a manifest href with `..` past the root inside the book, as EPUB 3.3 resolves it', async () => {
    const spec = {
      ...good,
      extraManifestItems: ['<item id="evil" href="../../etc/passwd" media-type="application/xhtml+xml"/>'],
    };
    const { summary } = await extract(spec);
    expect(summary.chapters).toBeGreaterThan(0);
  });

  it('refuses a manifest href with a malformed % escape as a user error, not a crash', async () => {
    const spec = {
      ...good,
      extraManifestItems: ['<item id="bad" href="text/ch%E0%A4.xhtml" media-type="application/xhtml+xml"/>'],
    };
    await expectRefused(
      buildEpub(spec),
      'EPUB_BAD_HREF',
      /the href "text\/ch%E0%A4\.xhtml" has a malformed percent-escape/,
    );
  });

  it('refuses a zip entry whose own name escapes the book', async () => {
    const bytes = zipSync({ mimetype: strToU8('application/epub+zip'), '../evil.txt': strToU8('x') });
    await expectRefused(bytes, 'EPUB_PATH_ESCAPES', /outside the book/);
    // A Windows tool's backslashes are folders too: ..\\ escapes as ../ does.
    const back = zipSync({ mimetype: strToU8('application/epub+zip'), '..\\evil.txt': strToU8('x') });
    await expectRefused(back, 'EPUB_PATH_ESCAPES', /outside the book/);
  });

  it('reads a book whose zip separates folders with backslashes, as some Windows tools write it', async () => {
    const spec: EpubSpec = { documents: [{ body: '<h1>Unit 1 Motion</h1><p>Things move.</p>' }] };
    const files = unzipSync(buildEpub(spec));
    const backslashed = zipSync(
      Object.fromEntries(Object.entries(files).map(([name, data]) => [name.replaceAll('/', '\\'), data])),
    );
    expect(Object.keys(unzipSync(backslashed))).toContain('OEBPS\\content.opf');
    expect((await extract(backslashed)).chapters).toEqual((await extract(spec)).chapters);
  });
});

describe('the bundled sample book', () => {
  const sample = join(REPO_ROOT, 'samples', 'sample-science.epub');

  it('is current: rebuilding it from samples/sample-book gives the same bytes', async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { buildSample } = (await import('../../../samples/build-sample.mjs')) as {
      buildSample: () => Uint8Array;
    };
    expect(Buffer.compare(Buffer.from(buildSample()), readFileSync(sample))).toBe(0);
  });

  it('extracts into 3 units with 16 numbered topics, solved problems, exercises and a glossary', async () => {
    const { chapters } = await extract(readFileSync(sample));
    const units = chapters.filter((c) => c.number >= 1 && c.number <= 3);
    expect(units.map((c) => c.title)).toEqual([
      'Measurement and Motion',
      'Heat and Temperature',
      'Matter and Mixtures',
    ]);
    const topics = chapters.flatMap((c) => c.topics);
    expect(topics.filter((t) => t.number).length).toBe(16);
    const kinds = new Set(topics.map((t) => t.kind));
    for (const kind of ['solved-problems', 'exercises', 'summary', 'activity', 'glossary'])
      expect(kinds.has(kind as never)).toBe(true);
    const blocks = topics.flatMap((t) => t.blocks);
    expect(blocks.some((b) => b.type === 'table' && b.rows.length === 5)).toBe(true);
    expect(blocks.some((b) => b.type === 'math' && b.latex.includes('\\frac'))).toBe(true);
    expect(blocks.some((b) => b.text.includes('9.8 m s⁻²'))).toBe(true);
    expect(blocks.some((b) => b.text.includes('H₂O'))).toBe(true);
  });
});
