import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Book, type Chapter, type Reporter, silentReporter } from '@kalvimate/core';
import { buildEpub, type EpubSpec } from '@kalvimate/testkit/epub-builder';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtractSummary, extractEpub } from './extract-epub.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

async function extract(
  spec: EpubSpec,
  options: { maxTopicTokens?: number; reporter?: Reporter } = {},
): Promise<{ book: Book; chapters: Chapter[]; summary: ExtractSummary }> {
  const file = dir.join('book.epub');
  await writeFile(file, buildEpub(spec));
  const outDir = dir.join('out');
  const summary = await extractEpub(file, { outDir, ...options });
  const book = JSON.parse(await readFile(join(outDir, 'book.json'), 'utf8')) as Book;
  const chapters = await Promise.all(
    book.chapters.map(async (c) => JSON.parse(await readFile(join(outDir, c.file), 'utf8')) as Chapter),
  );
  return { book, chapters, summary };
}

/** A nav document whose TOC nests as the book does: [label, href, children]. */
type Entry = [string, string, Entry[]?];
function nav(entries: Entry[]): string {
  const list = (items: Entry[]): string =>
    `<ol>${items
      .map(([label, href, kids]) => `<li><a href="${href}">${label}</a>${kids ? list(kids) : ''}</li>`)
      .join('')}</ol>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head>
<body><nav epub:type="toc">${list(entries)}</nav></body></html>`;
}

/**
 * A book as Calibre converts a PDF: a title page that the TOC's only entry ("Start") names and the guide
 * calls the cover, then the whole text in one document.
 */
const convertedPdf = (body: string): EpubSpec => ({
  version: 2,
  documents: [
    { id: 'titlepage', body: '<p>Physics for Class 9</p>', tocTitle: 'Start' },
    { id: 'index', body },
  ],
  guide: [{ type: 'cover', href: 'text/titlepage.xhtml', title: 'Title page' }],
});

/**
 * A chapter as Pressbooks exports it: its running number in a heading of its own before the title, the
 * author's headings from h1 inside, text boxes of learning objectives (an old box with an h3 title) and
 * exercises (a new box whose title is its `<header>`'s paragraph).
 */
const pressbooksChapter = (n: number, title: string) =>
  `<div class="chapter standard" id="chapter-${n}"><div class="chapter-title-wrap"><h3 class="chapter-number">${n}</h3><h2 class="chapter-title">${title}</h2></div><div class="ugc chapter-ugc"><div class="textbox learning-objectives"><h3>Learning Objectives</h3><ul><li>Objective ${n}.</li></ul></div><p>Opening of ${n}.</p><h1>Idea ${n}</h1><p>Idea text ${n}.</p><div class="textbox textbox--exercises"><header class="textbox__header"><p class="textbox__title">Exercises</p></header><div class="textbox__content"><ol><li>Question ${n}.</li></ol></div></div><p>Closing of ${n}.</p></div></div>`;

/** An NCX navPoint, with the points nested under it. */
const point = (id: string, label: string, src: string, inner = '') =>
  `<navPoint id="${id}"><navLabel><text>${label}</text></navLabel><content src="${src}"/>${inner}</navPoint>`;
/** An NCX of the book titled `title`, its navMap the points given. */
const ncx = (title: string, points: string) =>
  `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${title}</text></docTitle><navMap>${points}</navMap></ncx>`;

const para = (n: number, word = 'text') =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} of ${word}.</p>`).join('');
const outline = (chapters: Chapter[]) =>
  chapters.map((c) => [c.number, c.part ?? null, c.title, c.topics.map((t) => `${t.kind}:${t.title}`)]);
/** Each chapter's number and title, and its topics as `kind:title`. */
const topicsOf = (chapters: Chapter[]) =>
  chapters.map((c) => [c.number, c.title, c.topics.map((t) => `${t.kind}:${t.title}`)]);
/** Each chapter's number and title, and its topics' kinds. */
const kindsOf = (chapters: Chapter[]) =>
  chapters.map((c) => [c.number, c.title, c.topics.map((t) => t.kind)]);

describe('structure from the table of contents', () => {
  it('keeps a part → chapter → section book: parts recorded on their chapters, sections as topics', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'p1', body: '<h1>Part I Core</h1><p>Why the core matters.</p>' },
        {
          id: 'c1',
          body: `<section id="c1"><h1>Chapter 1 Vectors</h1><p>Intro.</p><section id="s1"><h2>Spans</h2>${para(2)}</section><section id="s2"><h2>Bases</h2>${para(2)}</section></section>`,
        },
        { id: 'c2', body: `<h1>Chapter 2 Matrices</h1><h2 id="m1">Products</h2>${para(2)}` },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Part I Core',
            'text/p1.xhtml',
            [
              [
                'Chapter 1 Vectors',
                'text/c1.xhtml',
                [
                  ['Spans', 'text/c1.xhtml#s1'],
                  ['Bases', 'text/c1.xhtml#s2'],
                ],
              ],
              ['Chapter 2 Matrices', 'text/c2.xhtml', [['Products', 'text/c2.xhtml#m1']]],
            ],
          ],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, 'Part I Core', 'Part I Core', ['topic:Part I Core']],
      [2, 'Part I Core', 'Vectors', ['topic:Vectors', 'topic:Spans', 'topic:Bases']],
      [3, 'Part I Core', 'Matrices', ['topic:Products']],
    ]);
    expect(chapters[1]?.label).toBe('Chapter 1');
  });

  it('reads a DocBook export: types after an empty header, a part its TOC names without "Part", designations the TOC leaves out', async () => {
    // DocBook XSL's EPUB 3: each document's body opens with an empty <header/>; the TOC labels a part
    // "I. Mechanics" (its heading "Part I. Mechanics"), a chapter "1. Motion", an appendix "A. Units".
    const typed = (type: string, heading: string, rest: string) =>
      `<header/><section class="${type}" epub:type="${type}"><div class="titlepage"><div><div><h1 class="title">${heading}</h1></div></div></div>${rest}</section>`;
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'title',
          body: '<header/><div class="book"><div class="titlepage"><h1 class="title">Physics</h1><h3 class="author">Ann Writer</h3></div></div>',
        },
        { id: 'pr01', body: typed('preface', 'Preface', para(1, 'preface')) },
        {
          id: 'pt01',
          body: '<header/><div class="part" epub:type="part"><div class="titlepage"><h1 class="title">Part I. Mechanics</h1></div></div>',
        },
        {
          id: 'ch01',
          body: typed(
            'chapter',
            'Chapter 1. Motion',
            `${para(1)}<section id="s1"><h2>Speed</h2>${para(2)}</section>`,
          ),
        },
        { id: 'apa', body: typed('appendix', 'Appendix A. Units', para(1, 'units')) },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Physics', 'text/title.xhtml'],
          ['Preface', 'text/pr01.xhtml'],
          [
            'I. Mechanics',
            'text/pt01.xhtml',
            [['1. Motion', 'text/ch01.xhtml', [['Speed', 'text/ch01.xhtml#s1']]]],
          ],
          ['A. Units', 'text/apa.xhtml'],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      // The title page's author is a line of it, not a topic of its own.
      [0, null, 'Front matter', ['front-matter:Physics', 'front-matter:Preface']],
      [1, 'I. Mechanics', 'Motion', ['topic:Motion', 'topic:Speed']],
      [2, null, 'Units', ['topic:Units']],
    ]);
    // The chapter's heading names its designation, which the TOC's "1." left out: "Chapter 1", as "Appendix A".
    expect(chapters.map((c) => c.label ?? null)).toEqual([null, 'Chapter 1', 'Appendix A']);
    // Every heading was taken as the title its TOC entry gave: none is left in the text.
    const text = JSON.stringify(chapters);
    for (const heading of ['Part I. Mechanics', 'Chapter 1. Motion', 'Appendix A. Units'])
      expect(text).not.toContain(heading);
  });

  it("reads a DocBook EPUB 2 (AsciiDoc's a2x): an NCX under the title page's entry, no types, an untyped preface", async () => {
    const titled = (cls: string, heading: string, rest: string) =>
      `<div class="${cls}"><div class="titlepage"><div><div><h1 class="title"><a id="_${cls}"/>${heading}</h1></div></div></div>${rest}</div>`;
    const { chapters } = await extract({
      version: 2,
      title: 'Physical Science',
      documents: [
        {
          id: 'index',
          body: '<div class="book"><div class="titlepage"><div><div><h1 class="title">Physical Science</h1></div></div></div></div>',
        },
        { id: 'pr01', body: titled('preface', 'Preface', para(1, 'preface')) },
        {
          id: 'ch01',
          body: titled(
            'chapter',
            'Chapter 1. Motion',
            `${para(1)}<div class="section"><h2 class="title"><a id="_speed"/>1.1. Speed</h2>${para(2)}</div>`,
          ),
        },
        { id: 'ch02', body: titled('chapter', 'Chapter 2. Force', para(1, 'force')) },
      ],
      extraFiles: {
        'OEBPS/toc.ncx': ncx(
          'Physical Science',
          point(
            'i',
            'Physical Science',
            'text/index.xhtml',
            point('p', 'Preface', 'text/pr01.xhtml') +
              point(
                'c1',
                '1. Motion',
                'text/ch01.xhtml',
                point('s', '1.1. Speed', 'text/ch01.xhtml#_speed'),
              ) +
              point('c2', '2. Force', 'text/ch02.xhtml'),
          ),
        ),
      },
    });
    expect(outline(chapters)).toEqual([
      [0, null, 'Front matter', ['front-matter:Physical Science', 'front-matter:Preface']],
      [1, null, 'Motion', ['topic:Motion', 'topic:Speed']],
      [2, null, 'Force', ['topic:Force']],
    ]);
    expect(chapters.map((c) => c.label ?? null)).toEqual([null, 'Chapter 1', 'Chapter 2']);
  });

  it('reads chapters an InDesign NCX nests under the entry before them as chapters of the book', async () => {
    // Planet eBook's Moby-Dick: one document whose headings are styled paragraphs with InDesign's anchors,
    // and an NCX of three paragraph styles: the title, then "ETYMOLOGY.", then every chapter under that.
    const heading = (id: number, text: string) =>
      `<p class="Chapter-Title" id="_idParaDest-${id}">${text}</p>`;
    const { chapters } = await extract({
      version: 2,
      title: 'Moby-Dick',
      documents: [
        {
          id: 'Moby-Dick',
          body: `<div id="_idContainer000"><p class="Book-Title" id="_idParaDest-1">Moby Dick </p>${heading(2, 'ETYMOLOGY.')}${para(2, 'the usher')}${heading(3, 'Chapter 1 Loomings.')}${para(3, 'loomings')}${heading(4, 'Chapter 2 The Carpet-Bag.')}${para(3, 'the bag')}</div>`,
        },
      ],
      extraFiles: {
        'OEBPS/toc.ncx': ncx(
          'Moby-Dick',
          point(
            'n1',
            'Moby Dick ',
            'text/Moby-Dick.xhtml#_idParaDest-1',
            point(
              'n2',
              'ETYMOLOGY.',
              'text/Moby-Dick.xhtml#_idParaDest-2',
              point('n3', 'Chapter 1 Loomings.', 'text/Moby-Dick.xhtml#_idParaDest-3') +
                point('n4', 'Chapter 2 The Carpet-Bag.', 'text/Moby-Dick.xhtml#_idParaDest-4'),
            ),
          ),
        ),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'ETYMOLOGY', ['topic:ETYMOLOGY']],
      [2, null, 'Loomings', ['topic:Loomings']],
      [3, null, 'The Carpet-Bag', ['topic:The Carpet-Bag']],
    ]);
    expect(chapters.map((c) => c.label ?? null)).toEqual([null, 'Chapter 1', 'Chapter 2']);
    expect(chapters[1]?.topics[0]?.blocks.map((b) => b.text)).toEqual([
      'Paragraph 0 of loomings.',
      'Paragraph 1 of loomings.',
      'Paragraph 2 of loomings.',
    ]);
  });

  it("labels a chapter by the designation set before the title its TOC entry links to (InDesign's two-line titles)", async () => {
    // "CHAPTER 1" a paragraph of its own, then the title the TOC's link lands on: the label was left at the
    // end of the text before (the front matter, the chapter before).
    const chapter = (n: number, title: string) =>
      `<p class="Chapter-Number" id="_idParaDest-${n}0"><span class="CharOverride-1">CHAPTER</span> ${n}</p><p class="Chapter-Title" id="_idParaDest-${n}1">${title}</p>${para(2, title)}<p class="Head-A" id="_idParaDest-${n}2">${n}.1 Ideas</p>${para(2, `ideas ${n}`)}`;
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'Chapter-1', body: chapter(1, 'Matter Around Us') },
        { id: 'Chapter-2', body: chapter(2, 'Is Matter Pure?') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Matter Around Us',
            'text/Chapter-1.xhtml#_idParaDest-11',
            [['1.1 Ideas', 'text/Chapter-1.xhtml#_idParaDest-12']],
          ],
          [
            'Is Matter Pure?',
            'text/Chapter-2.xhtml#_idParaDest-21',
            [['2.1 Ideas', 'text/Chapter-2.xhtml#_idParaDest-22']],
          ],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Matter Around Us', ['topic:Matter Around Us', 'topic:Ideas']],
      [2, null, 'Is Matter Pure?', ['topic:Is Matter Pure?', 'topic:Ideas']],
    ]);
    expect(chapters.map((c) => c.label ?? null)).toEqual(['CHAPTER 1', 'CHAPTER 2']);
    expect(chapters[0]?.topics[1]?.blocks.map((b) => b.text)).toEqual([
      'Paragraph 0 of ideas 1.',
      'Paragraph 1 of ideas 1.',
    ]);
    // Where the TOC labels the chapter otherwise ("Chapter 2" before a line "CHAPTER 3"), the line stays text.
    const labelled = await extract({
      ncx: false,
      documents: [
        { id: 'Chapter-1', body: chapter(1, 'Matter Around Us') },
        { id: 'Chapter-2', body: chapter(3, 'Is Matter Pure?').replaceAll('_idParaDest-3', '_idParaDest-2') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Chapter 1 Matter Around Us', 'text/Chapter-1.xhtml#_idParaDest-11'],
          ['Chapter 2 Is Matter Pure?', 'text/Chapter-2.xhtml#_idParaDest-21'],
        ]),
      },
    });
    expect(labelled.chapters.map((c) => c.label ?? null)).toEqual(['Chapter 1', 'Chapter 2']);
    const before = labelled.chapters[0]?.topics.at(-1)?.blocks.map((b) => b.text);
    expect(before?.at(-1)).toBe('CHAPTER 3');
    expect(labelled.chapters[0]?.topics[0]?.blocks.map((b) => b.text)).not.toContain('CHAPTER 1');
  });

  it("reads a chapter's end sections that LibreTexts names in parentheses, their sub-headings within them", async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'ch1', body: `<h1>1: Essential Ideas</h1>${para(1, 'ideas')}` },
        { id: 's1_1', body: `<h1>1.1: Chemistry in Context</h1>${para(2, 'context')}` },
        {
          id: 's1_E',
          body: '<h1>1.E: Essential Ideas (Exercises)</h1><h2>1.1: Chemistry in Context</h2><p>1. What is matter?</p>',
        },
        { id: 's1_S', body: `<h1>1.S: Essential Ideas (Summary)</h1>${para(1, 'summary')}` },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            '1: Essential Ideas',
            'text/ch1.xhtml',
            [
              ['1.1: Chemistry in Context', 'text/s1_1.xhtml'],
              ['1.E: Essential Ideas (Exercises)', 'text/s1_E.xhtml'],
              ['1.S: Essential Ideas (Summary)', 'text/s1_S.xhtml'],
            ],
          ],
        ]),
      },
    });
    expect(kindsOf(chapters)).toEqual([[1, 'Essential Ideas', ['topic', 'topic', 'exercises', 'summary']]]);
    expect(chapters[0]?.topics[2]?.blocks.map((b) => b.text)).toEqual([
      '1.1: Chemistry in Context',
      '1. What is matter?',
    ]);
  });

  it("knows the title page by the title the NCX gives the book, and a section's number before a colon", async () => {
    // Calibre's Quick Start Guide: its package calls it "Quick Start Guide", its NCX and title page
    // "Calibre Quick Start Guide"; its sections are "2.1: Background".
    const { chapters } = await extract({
      version: 2,
      title: 'Quick Start Guide',
      documents: [
        {
          id: 'title',
          body: '<h1>Calibre Quick Start Guide</h1><h2>Fourth Edition</h2><h3>By: John Schember</h3><p>Copyright © 2010-2014 John Schember</p>',
        },
        { id: 'toc', body: '<h1>Table of Contents</h1><ul><li>Introduction</li><li>Conversion</li></ul>' },
        { id: 'intro', body: `<h1>Introduction</h1>${para(2, 'intro')}` },
        {
          id: 'conv',
          body: `<h1>Task 2: Conversion</h1>${para(1, 'conv')}<h2 id="bg">2.1: Background</h2>${para(2, 'bg')}`,
        },
      ],
      extraFiles: {
        'OEBPS/toc.ncx': ncx(
          'Calibre Quick Start Guide',
          point('a', 'Calibre Quick Start Guide', 'text/title.xhtml') +
            point('b', 'Table of Contents', 'text/toc.xhtml') +
            point('c', 'Introduction', 'text/intro.xhtml') +
            point(
              'd',
              'Task 2: Conversion',
              'text/conv.xhtml',
              point('e', '2.1: Background', 'text/conv.xhtml#bg'),
            ),
        ),
      },
    });
    expect(topicsOf(chapters)).toEqual([
      [0, 'Front matter', ['front-matter:Calibre Quick Start Guide', 'front-matter:Table of Contents']],
      [1, 'Introduction', ['topic:Introduction']],
      [2, 'Task 2: Conversion', ['topic:Task 2: Conversion', 'topic:Background']],
    ]);
  });

  it('reads a TeX4ht export (tex4ebook): every TOC link at an anchor in its heading, untyped front matter', async () => {
    // tex4ebook's EPUB 2 of a LaTeX book: no types, no guide; each NCX entry links to an anchor inside the
    // heading that opens its document ("Part I<br/>Mechanics", "Chapter 1<br/>Motion").
    const opening = (cls: string, id: string, mark: string, title: string) =>
      `<div class="crosslinks"><p class="noindent"></p></div><h2 class="${cls}">${mark ? `<span class="titlemark">${mark}</span><br />` : ''}<a id="${id}"></a>${title}</h2>`;
    const { chapters } = await extract({
      version: 2,
      title: 'Physical Science',
      documents: [
        { id: 'title', body: '<h2 class="titleHead">Physical Science</h2><p>A. Teacher</p>' },
        {
          id: 'li2',
          body: `${opening('likechapterHead', 'x3', '', 'Contents')}<div class="tableofcontents"><span class="chapterToc">1 <a href="ch1.xhtml#x5">Motion</a></span></div>`,
        },
        { id: 'li1', body: `${opening('likechapterHead', 'x2', '', 'Preface')}${para(2, 'preface')}` },
        { id: 'pa1', body: opening('partHead', 'x4', 'Part I', 'Mechanics') },
        {
          id: 'ch1',
          body: `${opening('chapterHead', 'x5', 'Chapter 1', 'Motion')}${para(1)}<h3 class="sectionHead"><span class="titlemark">1.1</span> <a id="x6"></a>Speed</h3>${para(2)}`,
        },
        { id: 'ap1', body: `${opening('appendixHead', 'x7', 'Appendix A', 'Units')}${para(1, 'units')}` },
      ],
      extraFiles: {
        'OEBPS/toc.ncx': ncx(
          'Physical Science',
          point('p', ' Preface', 'text/li1.xhtml#x2') +
            point('c', ' Contents', 'text/li2.xhtml#x3') +
            point(
              'i',
              'I  Mechanics',
              'text/pa1.xhtml#x4',
              point('c1', '1\nMotion', 'text/ch1.xhtml#x5', point('s', '1.1 Speed', 'text/ch1.xhtml#x6')),
            ) +
            point('a', 'A Units', 'text/ap1.xhtml#x7'),
        ),
      },
    });
    expect(outline(chapters)).toEqual([
      [
        0,
        null,
        'Front matter',
        ['front-matter:Physical Science', 'front-matter:Contents', 'front-matter:Preface'],
      ],
      [1, 'I Mechanics', 'Motion', ['topic:Motion', 'topic:Speed']],
      [2, null, 'Units', ['topic:Units']],
    ]);
    expect(chapters.map((c) => c.label ?? null)).toEqual([null, 'Chapter 1', 'Appendix A']);
  });

  it('knows an untyped title page after a contents page the guide types (DocBook XSL EPUB 2)', async () => {
    const { chapters } = await extract({
      version: 2,
      title: 'Physical Science',
      documents: [
        {
          id: 'toc',
          body: '<p><a href="c1.xhtml">1. Motion</a></p><p><a href="c2.xhtml">2. Force</a></p>',
        },
        { id: 'title', body: '<h1>Physical Science</h1><h3>Ann Writer</h3>', tocTitle: 'Physical Science' },
        { id: 'c1', body: `<h1>Chapter 1. Motion</h1>${para(2)}`, tocTitle: '1. Motion' },
        { id: 'c2', body: `<h1>Chapter 2. Force</h1>${para(2, 'force')}`, tocTitle: '2. Force' },
      ],
      guide: [{ type: 'toc', href: 'text/toc.xhtml', title: 'Table of Contents' }],
    });
    expect(chapters.map((c) => [c.number, c.title, c.part ?? null])).toEqual([
      [0, 'Front matter', null],
      [1, 'Motion', null],
      [2, 'Force', null],
    ]);
  });

  it("consumes a chapter's designation and title set as two headings, opening no empty topics", async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'c1', body: `<h1>Chapter 1: Basics</h1>${para(2)}`, tocTitle: 'Chapter 1: Basics' },
        {
          id: 'app',
          body: `<h1>Appendix B:</h1><h1>Additional Resources</h1><h2>BOOKS</h2>${para(2, 'books')}`,
          tocTitle: 'Appendix B: Additional Resources',
        },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Basics', ['topic:Basics']],
      [2, null, 'Additional Resources', ['topic:BOOKS']],
    ]);
    expect(chapters[1]?.label).toBe('Appendix B');
  });

  it('gives a chapter the kind its section type names when its headings are taken as its title', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'c1', body: `<h1>Chapter 1: Basics</h1>${para(2)}`, tocTitle: 'Chapter 1: Basics' },
        {
          id: 'app',
          body: '<div><section epub:type="backmatter glossary"><h1>Appendix C:</h1><h1>Terms of the Trade</h1><p><b>Array.</b> A unit of the index.</p></section></div>',
          tocTitle: 'Appendix C: Terms of the Trade',
        },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Basics', ['topic:Basics']],
      [2, null, 'Terms of the Trade', ['glossary:Terms of the Trade']],
    ]);
  });

  it("makes a unit over chapters with sections a part, and names the chapter's own assessment exercises", async () => {
    const chapter = (n: number, title: string) =>
      `<section id="ch${n}"><h1>CHAPTER ${n} - ${title}</h1><p>About ${title}.</p><section id="s${n}"><h2>SECTION 1 - Places</h2>${para(2)}</section><section id="a${n}"><h2>CHAPTER ${n} - ASSESSMENT</h2><ol><li>Name a place.</li></ol><h3>Visual Summary</h3><p>Places matter.</p></section></section>`;
    const entries = (n: number, title: string): Entry => [
      `CHAPTER ${n} - ${title}`,
      `text/u1.xhtml#ch${n}`,
      [
        ['SECTION 1 - Places', `text/u1.xhtml#s${n}`],
        [`CHAPTER ${n} - ASSESSMENT`, `text/u1.xhtml#a${n}`],
      ],
    ];
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'u1', body: `<h1 id="u1">UNIT 1 - MAPS</h1>${chapter(1, 'World')}${chapter(2, 'Rivers')}` },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['UNIT 1 - MAPS', 'text/u1.xhtml#u1', [entries(1, 'World'), entries(2, 'Rivers')]],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [
        1,
        'UNIT 1 - MAPS',
        'World',
        [
          'topic:World',
          'topic:SECTION 1 - Places',
          'exercises:CHAPTER 1 - ASSESSMENT',
          'summary:Visual Summary',
        ],
      ],
      [
        2,
        'UNIT 1 - MAPS',
        'Rivers',
        [
          'topic:Rivers',
          'topic:SECTION 1 - Places',
          'exercises:CHAPTER 2 - ASSESSMENT',
          'summary:Visual Summary',
        ],
      ],
    ]);
    expect(chapters.map((c) => c.label)).toEqual(['CHAPTER 1', 'CHAPTER 2']);
  });

  it('keeps a unit the chapter when what it lists are its sections, or chapters without sections', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'u1',
          body: `<h1>Unit 1 Motion</h1><h2 id="l1">Lesson 1 Speed</h2>${para(2)}<h2 id="l2">Lesson 2 Force</h2>${para(2)}`,
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Unit 1 Motion',
            'text/u1.xhtml',
            [
              ['Lesson 1 Speed', 'text/u1.xhtml#l1'],
              ['Lesson 2 Force', 'text/u1.xhtml#l2'],
            ],
          ],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Motion', ['topic:Lesson 1 Speed', 'topic:Lesson 2 Force']],
    ]);
  });

  it('drops a chapter number written as a word before its title, as Vellum sets it ("ONE", then "Motion")', async () => {
    const chapter = (word: string, title: string) =>
      `<section epub:type="chapter"><div class="chapter-heading"><p class="chapter-number">${word}</p><h1 class="chapter-title">${title}</h1></div>${para(2, title)}<h2>${title} in practice</h2>${para(2)}</section>`;
    const { chapters } = await extract({
      documents: [
        { id: 'c1', body: chapter('ONE', 'Motion'), tocTitle: 'Motion' },
        { id: 'c2', body: chapter('Twenty-Two', 'Heat'), tocTitle: 'Heat' },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Motion', ['topic:Motion', 'topic:Motion in practice']],
      [2, null, 'Heat', ['topic:Heat', 'topic:Heat in practice']],
    ]);
    expect(chapters[0]?.topics[0]?.blocks[0]?.text).toBe('Paragraph 0 of Motion.');
  });

  it('reads "1 Introduction", "2 Basics" in a TOC that counts its chapters as number and title', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'a', body: `<h1>1 Introduction</h1>${para(2)}`, tocTitle: '1 Introduction' },
        { id: 'b', body: `<h1>2 Basics</h1>${para(2)}<h2>2.1 Kana</h2>${para(2)}`, tocTitle: '2 Basics' },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Introduction', ['topic:Introduction']],
      [2, null, 'Basics', ['topic:Basics', 'topic:Kana']],
    ]);
    expect(chapters.map((c) => c.label)).toEqual(['1', '2']);
  });

  it('uses h1 for chapters and sections alike without doubling chapters: the TOC says which is which', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'a',
          body: `<h1>Systems</h1><p>About systems.</p><h1 id="a1">Solving</h1>${para(2)}<h1 id="a2">Row reduction</h1>${para(2)}`,
        },
        { id: 'b', body: `<h1>Vectors</h1><p>About vectors.</p><h1 id="b1">Span</h1>${para(2)}` },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Systems',
            'text/a.xhtml',
            [
              ['Solving', 'text/a.xhtml#a1'],
              ['Row reduction', 'text/a.xhtml#a2'],
            ],
          ],
          ['Vectors', 'text/b.xhtml', [['Span', 'text/b.xhtml#b1']]],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Systems', ['topic:Systems', 'topic:Solving', 'topic:Row reduction']],
      [2, null, 'Vectors', ['topic:Vectors', 'topic:Span']],
    ]);
  });

  it('makes one chapter per document for a novel whose TOC lists the chapters (kanji numerals kept as titles)', async () => {
    const { chapters } = await extract({
      language: 'ja',
      documents: ['一', '二', '三'].map((n) => ({
        body: `<section epub:type="chapter"><h2>${n}</h2><p>山路を登りながら、こう考えた。</p></section>`,
        tocTitle: n,
      })),
    });
    expect(chapters.map((c) => [c.number, c.title, c.label])).toEqual([
      [1, '一', '一'],
      [2, '二', '二'],
      [3, '三', '三'],
    ]);
    expect(chapters.every((c) => c.topics.every((t) => t.kind === 'topic'))).toBe(true);
  });

  it('puts the TOC page, the copyright page and linear="no" documents in front or back matter, never in the last chapter', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'cover', body: '<section epub:type="cover"><p>Cover words</p></section>' },
        { id: 'toc', body: '<section epub:type="toc"><h1>Contents</h1><p>1 Loomings</p></section>' },
        {
          id: 'c1',
          body: '<section epub:type="bodymatter chapter"><h1>Chapter 1. Loomings.</h1><p>Call me Ishmael.</p></section>',
          tocTitle: 'Chapter 1. Loomings.',
        },
        {
          id: 'c2',
          body: '<section epub:type="bodymatter chapter"><h1>Chapter 2. The Carpet-Bag.</h1><p>I stuffed a shirt.</p></section>',
          tocTitle: 'Chapter 2. The Carpet-Bag.',
        },
        { id: 'notes', body: '<p>An aside outside the reading order.</p>', linear: false },
        {
          id: 'copy',
          body: '<section epub:type="frontmatter copyright-page"><p>Copyright 1851.</p></section>',
        },
      ],
    });
    expect(chapters.map((c) => [c.number, c.title, c.topics[0]?.kind])).toEqual([
      [0, 'Front matter', 'front-matter'],
      [1, 'Loomings', 'topic'],
      [2, 'The Carpet-Bag', 'topic'],
      [3, 'Back matter', 'other'],
    ]);
    const last = chapters[2]?.topics.flatMap((t) => t.blocks.map((b) => b.text));
    expect(last).toEqual(['I stuffed a shirt.']);
    const back = chapters[3]?.topics.flatMap((t) => t.blocks.map((b) => b.text));
    expect(back).toEqual(['An aside outside the reading order.', 'Copyright 1851.']);
  });

  it('keeps an aside with its own heading inside its section as a note, opening no topic', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'c',
          body: `<h1>Lists</h1><h2 id="o">Ordered lists</h2><p>Use ol.</p><aside><h3>Note</h3><p>Numbers are read aloud.</p></aside><p>More on lists.</p><h2 id="u">Unordered lists</h2><p>Use ul.</p>`,
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Lists',
            'text/c.xhtml',
            [
              ['Ordered lists', 'text/c.xhtml#o'],
              ['Unordered lists', 'text/c.xhtml#u'],
            ],
          ],
        ]),
      },
    });
    const topics = chapters[0]?.topics ?? [];
    expect(topics.map((t) => t.title)).toEqual(['Ordered lists', 'Unordered lists']);
    expect(topics[0]?.blocks.map((b) => b.type)).toEqual(['paragraph', 'note', 'paragraph']);
    expect(topics[0]?.blocks[1]).toMatchObject({ type: 'note', title: 'Note' });
  });

  it('opens one topic where the TOC points at a heading that repeats its numbered label', async () => {
    // Pandoc and most converters: the TOC says "1.1 Speed", the link lands on <h2 id>1.1 Speed</h2> (or
    // on the <section> around it).
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'c',
          body: `<h1 id="c1">Chapter 1 Motion</h1><p>Intro.</p><h2 id="s1">1.1 Speed</h2><p>Speed text.</p><section id="s2"><h2>1.2 Velocity</h2><p>Velocity text.</p></section>`,
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Chapter 1 Motion',
            'text/c.xhtml#c1',
            [
              ['1.1 Speed', 'text/c.xhtml#s1'],
              ['1.2 Velocity', 'text/c.xhtml#s2'],
            ],
          ],
        ]),
      },
    });
    const topics = chapters[0]?.topics ?? [];
    expect(topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)])).toEqual([
      [null, 'Motion', ['Intro.']],
      ['1.1', 'Speed', ['Speed text.']],
      ['1.2', 'Velocity', ['Velocity text.']],
    ]);
  });

  it("keeps an exercise section's parts in it when the first comes right under its heading", async () => {
    // The TOC lists the units alone; "TEXTBOOK EVALUATION" has no text of its own before its first part.
    const unit = (n: number, title: string) => ({
      id: `u${n}`,
      tocTitle: `Unit ${n} ${title}`,
      body:
        `<h1>Unit ${n} ${title}</h1><h2>Speed</h2><p>Speed is distance over time.</p>` +
        '<h2>TEXTBOOK EVALUATION</h2><h3>I. Choose the correct answer</h3><p>1. The SI unit of speed is (a) m (b) m/s</p>' +
        '<h3>II. Answer briefly</h3><p>2. What is speed?</p><h2>Glossary</h2><p>Speed: how fast.</p>',
    });
    const { chapters } = await extract({ documents: [unit(1, 'Motion'), unit(2, 'Heat')] });
    expect(chapters[0]?.topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['topic', 'Speed', ['Speed is distance over time.']],
      [
        'exercises',
        'TEXTBOOK EVALUATION',
        [
          'I. Choose the correct answer',
          '1. The SI unit of speed is (a) m (b) m/s',
          'II. Answer briefly',
          '2. What is speed?',
        ],
      ],
      ['glossary', 'Glossary', ['Speed: how fast.']],
    ]);
  });

  it("names a poem's numbered sections within the poem, and still takes their headings as theirs", async () => {
    // A collection of poems (Standard Ebooks' Leaves of Grass): the chapter is a group of poems, a poem of
    // several parts lists them by number alone.
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'c',
          body:
            '<section id="adam"><h2>Children of Adam</h2><article id="garden"><h3>To the Garden the World</h3><p>To the garden.</p></article>' +
            '<article id="body"><h3>I Sing the Body Electric</h3><section id="body-1"><h4>1</h4><p>I sing the body.</p></section>' +
            '<section id="body-2"><h4>2</h4><p>The love of the body.</p></section></article></section>',
        },
        { id: 'd', body: '<section id="calamus"><h2>Calamus</h2><p>In paths untrodden.</p></section>' },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Children of Adam',
            'text/c.xhtml#adam',
            [
              ['To the Garden the World', 'text/c.xhtml#garden'],
              [
                'I Sing the Body Electric',
                'text/c.xhtml#body',
                [
                  ['1', 'text/c.xhtml#body-1'],
                  ['2', 'text/c.xhtml#body-2'],
                ],
              ],
            ],
          ],
          ['Calamus', 'text/d.xhtml#calamus'],
        ]),
      },
    });
    expect(chapters.map((c) => c.title)).toEqual(['Children of Adam', 'Calamus']);
    expect(chapters[0]?.topics.map((t) => [t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['To the Garden the World', ['To the garden.']],
      ['I Sing the Body Electric', []],
      ['I Sing the Body Electric, 1', ['I sing the body.']],
      ['I Sing the Body Electric, 2', ['The love of the body.']],
    ]);
  });

  it('numbers a section the TOC names without its number from the heading that gives it', async () => {
    // Sphinx with numbered sections: the TOC says "Speed", the heading "1.2. Speed" inside the <section>
    // the link lands on.
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'c',
          body: `<section id="motion"><h1>1. Motion</h1><p>Intro.</p><section id="speed"><h2><span class="section-number">1.1. </span>Speed</h2><p>Speed text.</p><section id="uniform"><h3>1.1.1. Uniform speed</h3><p>Steady.</p></section></section><section id="ex"><h2>1.2. Exercises</h2><ol><li>Find it.</li></ol></section></section>`,
        },
        { id: 'd', body: '<section id="heat"><h1>2. Heat</h1><p>Warm.</p></section>' },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Motion',
            'text/c.xhtml',
            [
              ['Speed', 'text/c.xhtml#speed', [['Uniform speed', 'text/c.xhtml#uniform']]],
              ['Exercises', 'text/c.xhtml#ex'],
            ],
          ],
          ['Heat', 'text/d.xhtml'],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.title,
        c.topics.map((t) => [t.kind, t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      [
        'Motion',
        [
          ['topic', null, 'Motion', ['Intro.']],
          ['topic', '1.1', 'Speed', ['Speed text.']],
          ['topic', '1.1.1', 'Uniform speed', ['Steady.']],
          ['exercises', '1.2', 'Exercises', ['1. Find it.']],
        ],
      ],
      ['Heat', [['topic', null, 'Heat', ['Warm.']]]],
    ]);
  });

  it('reads the chapter numbers Pandoc sets apart in the nav and the headings', async () => {
    // `pandoc --number-sections`: "<span class="toc-section-number">2</span> Heat" in the nav.
    const n = (cls: string, number: string) => `<span class="${cls}">${number}</span> `;
    const doc = (id: string, number: string, title: string, section: string) => ({
      id,
      body: `<section id="${id}" class="level1"><h1>${n('header-section-number', number)}${title}</h1><p>About ${title}.</p><section id="${id}-1" class="level2"><h2>${n('header-section-number', `${number}.1`)}${section}</h2><p>More.</p></section></section>`,
    });
    const { chapters } = await extract({
      ncx: false,
      documents: [doc('motion', '1', 'Motion', 'Speed'), doc('heat', '2', 'Heat', 'Temperature')],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            `${n('toc-section-number', '1')}Motion`,
            'text/motion.xhtml#motion',
            [[`${n('toc-section-number', '1.1')}Speed`, 'text/motion.xhtml#motion-1']],
          ],
          [
            `${n('toc-section-number', '2')}Heat`,
            'text/heat.xhtml#heat',
            [[`${n('toc-section-number', '2.1')}Temperature`, 'text/heat.xhtml#heat-1']],
          ],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.label,
        c.title,
        c.topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      [
        '1',
        'Motion',
        [
          [null, 'Motion', ['About Motion.']],
          ['1.1', 'Speed', ['More.']],
        ],
      ],
      [
        '2',
        'Heat',
        [
          [null, 'Heat', ['About Heat.']],
          ['2.1', 'Temperature', ['More.']],
        ],
      ],
    ]);
  });

  it('anchors a TOC entry whose id the document lacks at the heading that repeats its title', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'c1',
          body: '<h1 id="ch1">Chapter 1 Rivers</h1><p>Rivers.</p><h2 id="s11">1.1 Sources</h2><p>Springs.</p><h2>1.2 Deltas</h2><p>Mouths.</p>',
        },
        {
          id: 'c2',
          body: '<h1>Chapter 2 Hills</h1><p>Hills.</p><h2>2.1 Slopes</h2><p>Steep.</p><p>No heading.</p>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Chapter 1 Rivers',
            'text/c1.xhtml#ch1',
            [
              ['1.1 Sources', 'text/c1.xhtml#s11'],
              ['1.2 Deltas', 'text/c1.xhtml#s12'],
            ],
          ],
          [
            'Chapter 2 Hills',
            'text/c2.xhtml#chapter-2',
            [
              ['2.1 Slopes', 'text/c2.xhtml#s21'],
              // No heading says it: it opens where the document ends, as before.
              ['2.2 Screes', 'text/c2.xhtml#s22'],
            ],
          ],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.title,
        c.topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      [
        'Rivers',
        [
          [null, 'Rivers', ['Rivers.']],
          ['1.1', 'Sources', ['Springs.']],
          ['1.2', 'Deltas', ['Mouths.']],
        ],
      ],
      [
        'Hills',
        [
          [null, 'Hills', ['Hills.']],
          ['2.1', 'Slopes', ['Steep.', 'No heading.']],
          ['2.2', 'Screes', []],
        ],
      ],
    ]);
  });

  it('opens each chapter at its heading when every TOC entry links to the start of one document', async () => {
    const chapter = (n: number, title: string) =>
      `<h1>Chapter ${n} ${title}</h1><p>About ${title}.</p><h2>${n}.1 More</h2><p>More on ${title}.</p>`;
    const { chapters } = await extract({
      ncx: false,
      documents: [{ id: 'book', body: chapter(1, 'Rivers') + chapter(2, 'Hills') + chapter(3, 'Seas') }],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Part One',
            'text/book.xhtml',
            [
              ['Chapter 1 Rivers', 'text/book.xhtml'],
              ['Chapter 2 Hills', 'text/book.xhtml'],
            ],
          ],
          ['Part Two', 'text/book.xhtml', [['Chapter 3 Seas', 'text/book.xhtml']]],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.part ?? null,
        c.title,
        c.topics.map((t) => [t.number ?? null, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      [
        'Part One',
        'Rivers',
        [
          [null, ['About Rivers.']],
          ['1.1', ['More on Rivers.']],
        ],
      ],
      [
        'Part One',
        'Hills',
        [
          [null, ['About Hills.']],
          ['2.1', ['More on Hills.']],
        ],
      ],
      [
        'Part Two',
        'Seas',
        [
          [null, ['About Seas.']],
          ['3.1', ['More on Seas.']],
        ],
      ],
    ]);
  });

  it('takes the heading a TOC link lands just after for the title of what it opens', async () => {
    const chapter = (n: number, title: string) =>
      `<h1>Chapter ${n} ${title}</h1><a id="c${n}"></a><p>About ${title}.</p><h2 id="s${n}">${n}.1 More</h2><p>More.</p>`;
    const { chapters } = await extract({
      ncx: false,
      documents: [{ id: 'book', body: chapter(1, 'Rivers') + chapter(2, 'Hills') }],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Chapter 1 Rivers', 'text/book.xhtml#c1', [['1.1 More', 'text/book.xhtml#s1']]],
          ['Chapter 2 Hills', 'text/book.xhtml#c2', [['2.1 More', 'text/book.xhtml#s2']]],
        ]),
      },
    });
    expect(chapters.map((c) => [c.title, c.topics.map((t) => t.blocks.map((b) => b.text))])).toEqual([
      ['Rivers', [['About Rivers.'], ['More.']]],
      ['Hills', [['About Hills.'], ['More.']]],
    ]);
  });

  it('makes a TOC entry without sections a part when its document holds chapters of another designation', async () => {
    // The TOC names the parts only; each part's document sets its chapters as headings under the part's.
    const { chapters } = await extract({
      documents: [
        {
          id: 'p1',
          tocTitle: 'Part One: Water',
          body: '<h1>Part One: Water</h1><h2>Chapter 1 Rivers</h2><p>Rivers.</p><h3>Sources</h3><p>Springs.</p><h2>Chapter 2 Lakes</h2><p>Lakes.</p>',
        },
        {
          id: 'p2',
          tocTitle: 'Part Two: Land',
          body: '<h1>Part Two: Land</h1><h2>Chapter 3 Hills</h2><p>Hills.</p>',
        },
        // A TOC chapter named like its headings keeps them: "Chapter 5" is a section of "Chapter 4" here.
        {
          id: 'c4',
          tocTitle: 'Chapter 4 Seas',
          body: '<h1>Chapter 4 Seas</h1><p>Seas.</p><h2>Chapter 5 Bays</h2><p>Bays.</p>',
        },
      ],
    });
    expect(
      chapters.map((c) => [c.number, c.part ?? null, c.label ?? null, c.title, c.topics.map((t) => t.title)]),
    ).toEqual([
      [1, 'Part One: Water', 'Chapter 1', 'Rivers', ['Rivers', 'Sources']],
      [2, 'Part One: Water', 'Chapter 2', 'Lakes', ['Lakes']],
      [3, 'Part Two: Land', 'Chapter 3', 'Hills', ['Hills']],
      [4, null, 'Chapter 4', 'Seas', ['Seas']],
    ]);
    expect(chapters[3]?.topics[0]?.blocks.map((b) => b.text)).toEqual(['Seas.', 'Chapter 5 Bays', 'Bays.']);
  });

  it('keeps the body of a converted PDF out of the front matter its one TOC entry names', async () => {
    // Calibre's PDF conversion: the TOC's only entry ("Start") is the title page; the whole text is one
    // document of paragraphs, which no entry reaches and no heading opens.
    const { chapters, summary } = await extract(convertedPdf(para(6, 'the lesson')));
    expect(chapters.map((c) => [c.number, c.topics.map((t) => [t.kind, t.blocks.length])])).toEqual([
      [0, [['front-matter', 1]]],
      [1, [['topic', 6]]],
    ]);
    expect(summary.promptShare).toBeGreaterThan(0.8);
  });

  it("reads a converted PDF's units once, not a chapter a page, where each unit's pages are headed by it", async () => {
    // Calibre's PDF input: each page opens with its pictures, then its running head (the unit, on that
    // unit's pages only), and ends with its number; the units' opening pages carry none.
    const pageOf = (n: number, head: string) =>
      `<p class="calibre1"><a id="p${n}"></a><img src="i${n}.png" alt="Image ${n}"/></p><p class="calibre1">${head}</p>` +
      `<p class="calibre1">The text of page ${n}, about ${head.toLowerCase()}.</p><p class="calibre1">More of page ${n}.</p><p class="calibre1">${n}</p>`;
    const unit = (first: number, head: string, title: string) =>
      `<p class="calibre1"><a id="p${first}"></a>${head}</p><p class="calibre1">What ${title} is.</p>` +
      Array.from({ length: 7 }, (_, i) => pageOf(first + 3 + i, head)).join('');
    const { chapters, summary } = await extract(
      convertedPdf(unit(1, 'UNIT-1 MOTION', 'motion') + unit(11, 'UNIT-2 HEAT', 'heat')),
    );
    expect(chapters.map((c) => [c.number, c.title])).toEqual([
      [0, 'Front matter'],
      [1, 'MOTION'],
      [2, 'HEAT'],
    ]);
    expect(chapters[2]?.topics.flatMap((t) => t.blocks.map((b) => b.text)).slice(0, 3)).toEqual([
      'What heat is.',
      'Image 14',
      'The text of page 14, about unit-2 heat.',
    ]);
    expect(summary.pageFurniture).toEqual({ pageNumbers: 14, runningHeads: 14 });
  });

  it("reads a text file's units that Calibre left as lines beside its numbered sections, past its contents list", async () => {
    // Calibre's TXT input: the numbered sections become <h2> and open a file each; the contents list, each
    // unit's line, "Activity 1.1" and "EXERCISES" stay paragraphs. The TOC's one entry is "Start".
    const p = (text: string) => `<p class="calibre1">${text}</p>`;
    const section = (heading: string, ...lines: string[]) =>
      `<h2 class="calibre2">${heading}</h2>${lines.map(p).join('')}`;
    const { chapters } = await extract({
      version: 2,
      documents: [
        {
          id: 'index_split_000',
          body: [
            'BASIC SCIENCE FOR CLASS SEVEN',
            'CONTENTS',
            'Unit 1 Matter Around Us',
            'Unit 2 Light and Shadows',
            'UNIT 1 MATTER AROUND US',
            'Everything that has mass and occupies space is called matter.',
          ]
            .map(p)
            .join(''),
          tocTitle: 'Start',
        },
        { id: 'index_split_001', body: section('1.1 States of Matter', 'Matter has three common states.') },
        {
          id: 'index_split_002',
          body: section(
            '1.2 Change of State',
            'Ice melts into water when it is heated.',
            'Activity 1.1',
            'Heat a few ice cubes in a beaker.',
            'EXERCISES',
            '1. Name the three states of matter.',
            'UNIT 2 LIGHT AND SHADOWS',
            'Light helps us see the world around us.',
          ),
        },
        { id: 'index_split_003', body: section('2.1 How Light Travels', 'Light travels in straight lines.') },
      ],
    });
    expect(topicsOf(chapters)).toEqual([
      [0, 'Front matter', ['front-matter:Front matter']],
      [
        1,
        'MATTER AROUND US',
        [
          'topic:MATTER AROUND US',
          'topic:States of Matter',
          'topic:Change of State',
          'activity:Activity 1.1',
          'exercises:EXERCISES',
        ],
      ],
      [2, 'LIGHT AND SHADOWS', ['topic:LIGHT AND SHADOWS', 'topic:How Light Travels']],
    ]);
    // The contents list stays the front matter's text, whole.
    expect(chapters[0]?.topics[0]?.blocks.map((b) => b.text)).toEqual([
      'BASIC SCIENCE FOR CLASS SEVEN',
      'CONTENTS',
      'Unit 1 Matter Around Us',
      'Unit 2 Light and Shadows',
    ]);
  });

  it("reads a Tamil text file's units and numbered sections, all of them plain lines through Calibre", async () => {
    // Calibre's TXT input finds no heading in Tamil: every line is a paragraph of one document.
    const lines = [
      'ஏழாம் வகுப்பு அறிவியல்',
      'அலகு 1 பருப்பொருள்',
      'அலகு 2 ஒளி',
      'அலகு 1 பருப்பொருள்',
      'நிறையும் இடமும் கொண்ட அனைத்தும் பருப்பொருள் எனப்படும்.',
      '1.1 பருப்பொருளின் நிலைகள்',
      'பருப்பொருள் மூன்று நிலைகளில் காணப்படுகிறது.',
      'செயல்பாடு 1.1',
      'பனிக்கட்டிகளை மெதுவாக வெப்பப்படுத்தவும்.',
      '1.2 நிலை மாற்றம்',
      'பனிக்கட்டி உருகி நீராகிறது.',
      'பயிற்சிகள்',
      '1. உருகுநிலை என்றால் என்ன?',
      'அலகு 2 ஒளி',
      'ஒளி நேர்கோட்டில் பயணிக்கிறது.',
      '2.1 நிழல்கள்',
      'ஒளிபுகாப் பொருளின் பின்னால் நிழல் உருவாகிறது.',
    ];
    const { chapters } = await extract(
      convertedPdf(lines.map((l) => `<p class="calibre1">${l}</p>`).join('')),
    );
    expect(chapters.map((c) => [c.number, c.topics.map((t) => [t.number ?? null, t.kind, t.title])])).toEqual(
      [
        [0, [[null, 'front-matter', 'Front matter']]],
        [
          1,
          [
            [null, 'topic', 'பருப்பொருள்'],
            ['1.1', 'topic', 'பருப்பொருளின் நிலைகள்'],
            [null, 'activity', 'செயல்பாடு 1.1'],
            ['1.2', 'topic', 'நிலை மாற்றம்'],
            [null, 'exercises', 'பயிற்சிகள்'],
          ],
        ],
        [
          2,
          [
            [null, 'topic', 'ஒளி'],
            ['2.1', 'topic', 'நிழல்கள்'],
          ],
        ],
      ],
    );
  });

  it("reads a text file's chapters and plain sections through Calibre's TOC, past the contents line it took for a chapter", async () => {
    // Calibre's TXT input with "Chapter N" lines: the contents list's last line becomes an <h2> and the TOC's
    // first entry, the first chapter's line an <h3> under it; the sections, "Activity 1.1" and "EXERCISES"
    // stay paragraphs. Before: an empty chapter 3 from the list, the real one numbered 4, no sections.
    const p = (text: string) => `<p class="calibre1">${text}</p>`;
    const { chapters } = await extract({
      version: 2,
      documents: [
        {
          id: 'index_split_000',
          body: ['SCIENCE FOR CLASS SEVEN', 'CONTENTS', 'Chapter 1 Matter', 'Chapter 2 Light']
            .map(p)
            .join(''),
        },
        {
          id: 'index_split_001',
          tocTitle: 'Chapter 3 Our Environment',
          body:
            '<h2 class="calibre3">Chapter 3 Our Environment</h2><h3 class="calibre4">CHAPTER 1 MATTER</h3>' +
            [
              'Everything that has mass and occupies space is called matter.',
              '1.1 States of Matter',
              'Matter has three common states.',
              '1.2 Change of State',
              'Ice melts into water when it is heated.',
              'Activity 1.1',
              'Heat a few ice cubes in a beaker.',
              'EXERCISES',
              '1. Name the three states of matter.',
            ]
              .map(p)
              .join(''),
        },
        {
          id: 'index_split_002',
          tocTitle: 'CHAPTER 2 LIGHT',
          body: `<h2 class="calibre3">CHAPTER 2 LIGHT</h2>${['Light helps us see.', '2.1 Shadows', 'An opaque object casts a shadow.', '3.4 Mirrors', 'A line out of sequence stays text.'].map(p).join('')}`,
        },
        {
          id: 'index_split_003',
          tocTitle: 'CHAPTER 3 OUR ENVIRONMENT',
          body: `<h2 class="calibre3">CHAPTER 3 OUR ENVIRONMENT</h2>${['Our environment is all around us.', '3.1 Food Chains', '3.2 Saving Water', 'Plants make their own food.'].map(p).join('')}`,
        },
      ],
    });
    expect(chapters.map((c) => [c.number, c.topics.map((t) => [t.number ?? null, t.kind, t.title])])).toEqual(
      [
        [0, [[null, 'front-matter', 'Front matter']]],
        [
          1,
          [
            [null, 'topic', 'MATTER'],
            ['1.1', 'topic', 'States of Matter'],
            ['1.2', 'topic', 'Change of State'],
            [null, 'activity', 'Activity 1.1'],
            [null, 'exercises', 'EXERCISES'],
          ],
        ],
        [
          2,
          [
            [null, 'topic', 'LIGHT'],
            ['2.1', 'topic', 'Shadows'],
          ],
        ],
        // Two section lines in a row, nothing between: the chapter's list of its sections, text.
        [3, [[null, 'topic', 'OUR ENVIRONMENT']]],
      ],
    );
    // The contents line goes back to the list; the out-of-sequence and listed lines stay text.
    expect(chapters[0]?.topics[0]?.blocks.map((b) => b.text).at(-1)).toBe('Chapter 3 Our Environment');
    expect(chapters[2]?.topics[1]?.blocks.map((b) => b.text)).toContain('3.4 Mirrors');
    expect(chapters[3]?.topics[0]?.blocks.map((b) => b.text)).toContain('3.2 Saving Water');
  });

  it('titles a section whose number is a heading of its own, or whose title a dash breaks, with the heading after it', async () => {
    // A converter that split "12.2.1 Dermal Tissue" into two headings, and "1.2 Roots- Their Kinds" too.
    const { chapters } = await extract({
      version: 3,
      documents: [
        {
          id: 'c1',
          tocTitle: 'Chapter 1 Plants',
          body:
            '<h1>Chapter 1 Plants</h1><p>Plants grow.</p><h2>1.1</h2><h2> Dermal Tissue</h2><p>Skin of plants.</p>' +
            '<h2>1.2 Roots-</h2><h2>Their Kinds</h2><p>Tap roots and fibrous roots.</p>' +
            '<h2>1.3 Stems:</h2><h2>Climbers</h2><p>A colon ends a title: its sub-heading stays one.</p>',
        },
        { id: 'c2', tocTitle: 'Chapter 2 Animals', body: '<h1>Chapter 2 Animals</h1><p>Animals move.</p>' },
      ],
    });
    expect(chapters[0]?.topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)])).toEqual([
      [null, 'Plants', ['Plants grow.']],
      ['1.1', 'Dermal Tissue', ['Skin of plants.']],
      ['1.2', 'Roots – Their Kinds', ['Tap roots and fibrous roots.']],
      ['1.3', 'Stems', []],
      [null, 'Climbers', ['A colon ends a title: its sub-heading stays one.']],
    ]);
  });

  it("takes a word processor's units from its bold lines where the TOC lists only its sections", async () => {
    // pandoc's EPUB of a Word document whose sections have a heading style and whose units were typed in
    // bold: the nav lists the book's title and its sections, no unit. Before: one chapter of four sections.
    const { chapters } = await extract({
      version: 3,
      documents: [
        { id: 'title_page', body: '<h1>Basic Science</h1>' },
        {
          id: 'ch001',
          body:
            '<section id="basic-science"><h1>Basic Science</h1><p>For class seven.</p>' +
            '<p><strong>UNIT 1 MATTER AROUND US</strong></p><p>Matter has mass.</p>' +
            '<section id="s11"><h2>1.1 States of Matter</h2><p>Solid, liquid and gas.</p></section>' +
            '<section id="s12"><h2>1.2 Change of State</h2><p>Ice melts.</p>' +
            '<p><strong>Exercises</strong></p><p>1. Name the states of matter.</p>' +
            '<p><strong>UNIT 2 LIGHT AND SHADOWS</strong></p><p>Light helps us see.</p></section>' +
            '<section id="s21"><h2>2.1 Shadows</h2><p>An opaque object casts a shadow.</p></section></section>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Basic Science',
            'text/ch001.xhtml#basic-science',
            [
              ['1.1 States of Matter', 'text/ch001.xhtml#s11'],
              ['1.2 Change of State', 'text/ch001.xhtml#s12'],
              ['2.1 Shadows', 'text/ch001.xhtml#s21'],
            ],
          ],
        ]),
      },
    });
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.number ?? null, t.kind, t.title])]),
    ).toEqual([
      // The title page's title and the text's own title heading: one topic.
      [0, 'Front matter', [[null, 'front-matter', 'Basic Science']]],
      [
        1,
        'MATTER AROUND US',
        [
          [null, 'topic', 'MATTER AROUND US'],
          ['1.1', 'topic', 'States of Matter'],
          ['1.2', 'topic', 'Change of State'],
          [null, 'exercises', 'Exercises'],
        ],
      ],
      [
        2,
        'LIGHT AND SHADOWS',
        [
          [null, 'topic', 'LIGHT AND SHADOWS'],
          ['2.1', 'topic', 'Shadows'],
        ],
      ],
    ]);
  });

  it("reads the plain section lines of a word processor's book whose TOC gives its chapters", async () => {
    // LibreOffice's EPUB export of a Word document: no heading elements, the chapter lines in a bold
    // style, one document and one TOC entry per chapter, "1.1 States of Matter" a line like any other.
    const p = (text: string) => `<p class="para2"><span class="span2">${text}</span></p>`;
    const chapter = (title: string, lines: string[]) =>
      `<p class="para1"><b>${title}</b></p>${lines.map(p).join('')}`;
    const { chapters } = await extract({
      version: 2,
      documents: [
        {
          id: 'section0001',
          tocTitle: 'Chapter 1 Matter',
          body: chapter('Chapter 1 Matter', [
            'Everything that has mass is matter.',
            '1.1 States of Matter',
            'Solid, liquid and gas.',
            'Exercises',
            '1.1 Name the three states',
          ]),
        },
        {
          id: 'section0002',
          tocTitle: 'Chapter 2 Light',
          body: chapter('Chapter 2 Light', [
            'Light helps us see.',
            '2.1 Shadows',
            'An opaque object casts a shadow.',
          ]),
        },
      ],
    });
    expect(chapters.map((c) => [c.number, c.topics.map((t) => [t.number ?? null, t.kind, t.title])])).toEqual(
      [
        [
          1,
          [
            [null, 'topic', 'Matter'],
            ['1.1', 'topic', 'States of Matter'],
            [null, 'exercises', 'Exercises'],
          ],
        ],
        [
          2,
          [
            [null, 'topic', 'Light'],
            ['2.1', 'topic', 'Shadows'],
          ],
        ],
      ],
    );
    // A question numbered as a section, out of sequence, stays the exercises' text.
    expect(chapters[0]?.topics[2]?.blocks.map((b) => b.text)).toEqual(['1.1 Name the three states']);
  });

  it('reads the bold headings of a converted PDF: units, numbered sections and section kinds', async () => {
    const bold = (text: string) => `<p class="calibre1"><b class="calibre2">${text}</b></p>`;
    const page = (n: number) => `<p class="calibre1"><a id="p${n}"></a>Physics for Class 9</p>`;
    const { chapters, summary } = await extract(
      convertedPdf(
        [
          page(1),
          bold('Unit 1 Motion'),
          '<p>What moves.</p>',
          bold('1.1 Speed'),
          '<p>Speed text.</p>',
          // A bold line that names no structure stays text.
          bold('Quantity Unit'),
          '<p><b>Note:</b> speed has no direction.</p>',
          bold('Exercises'),
          '<p>1. What is speed?</p>',
          page(2),
          bold('Unit 2 Heat'),
          bold('2.1 Temperature'),
          '<p>Temperature text.</p>',
        ].join(''),
      ),
    );
    expect(summary.structure).toBe('headings');
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.kind, t.number ?? null, t.title])]),
    ).toEqual([
      // The title page and the first page's running header, before the first unit.
      [0, 'Front matter', [['front-matter', null, 'Front matter']]],
      [
        1,
        'Motion',
        [
          ['topic', null, 'Motion'],
          ['topic', '1.1', 'Speed'],
          ['exercises', null, 'Exercises'],
        ],
      ],
      [2, 'Heat', [['topic', '2.1', 'Temperature']]],
    ]);
    const speed = chapters[1]?.topics[1]?.blocks.map((b) => b.text);
    expect(speed).toEqual(['Speed text.', 'Quantity Unit', 'Note: speed has no direction.']);
  });

  it('reads a converted Kindle book: bold inside wrappers, and its contents page of links at the end', async () => {
    // Calibre's conversion of an old Kindle book: one document per stretch of text, headings in a bold
    // span inside a span of a size class, and the book's contents page last, its lines links.
    const head = (text: string) =>
      `<p class="calibre_"><span class="calibre5"><span class="bold">${text}</span></span></p>`;
    const link = (text: string, href: string) => `<p class="calibre_14"><a href="${href}">${text}</a></p>`;
    const { chapters, summary } = await extract({
      version: 2,
      documents: [
        { id: 'titlepage', body: '<p>Physics for Class 9</p>', tocTitle: 'Start' },
        {
          id: 's0',
          body: `${head('UNIT 1 MOTION')}<p>Things move.</p>${head('1.1 SPEED')}<p>Speed text.</p>`,
        },
        { id: 's1', body: `${head('UNIT 2 HEAT')}<p>Things warm.</p>${head('2.1 TEMPERATURE')}<p>Hot.</p>` },
        {
          id: 'contents',
          body: `${head('Table of Contents')}${[
            link('UNIT 1 MOTION', 's0.xhtml'),
            link('1.1 SPEED OF A MOVING BODY', 's0.xhtml#a'),
            link('UNIT 2 HEAT', 's1.xhtml'),
            link('2.1 TEMPERATURE AND ITS MEASUREMENT', 's1.xhtml#b'),
            link('UNIT 3 LIGHT', 's1.xhtml#c'),
          ].join('')}`,
        },
      ],
      guide: [{ type: 'cover', href: 'text/titlepage.xhtml', title: 'Title page' }],
    });
    expect(summary.structure).toBe('headings');
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.kind, t.number ?? null, t.title])]),
    ).toEqual([
      [0, 'Front matter', [['front-matter', null, 'Front matter']]],
      [
        1,
        'MOTION',
        [
          ['topic', null, 'MOTION'],
          ['topic', '1.1', 'SPEED'],
        ],
      ],
      // The contents page's lines open nothing: they stay text, after the last unit's.
      [
        2,
        'HEAT',
        [
          ['topic', null, 'HEAT'],
          ['topic', '2.1', 'TEMPERATURE'],
        ],
      ],
    ]);
    expect(chapters[2]?.topics[1]?.blocks.map((b) => b.text)).toEqual([
      'Hot.',
      'Table of Contents',
      'UNIT 1 MOTION',
      '1.1 SPEED OF A MOVING BODY',
      'UNIT 2 HEAT',
      '2.1 TEMPERATURE AND ITS MEASUREMENT',
      'UNIT 3 LIGHT',
    ]);
  });

  it('reads plain unit and section-kind lines of a PDF converted without its fonts, not its contents page', async () => {
    const { chapters } = await extract(
      convertedPdf(
        [
          '<p>Contents</p>',
          '<p>Unit 1 Motion .......... 8</p>',
          '<p>Unit 2 Heat 14</p>',
          '<p>Unit 1 Motion</p>',
          '<p>Chapter 3 explains how heat flows.</p>',
          '<p>1.1 Speed</p>',
          '<p>Things move.</p>',
          '<p>Exercises</p>',
          '<p>1. What is speed?</p>',
          '<p>Unit 2 Heat</p>',
          '<p>Hot.</p>',
        ].join(''),
      ),
    );
    expect(chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.kind, t.title])])).toEqual([
      [0, 'Front matter', [['front-matter', 'Front matter']]],
      [
        1,
        'Motion',
        [
          ['topic', 'Motion'],
          ['topic', 'Speed'],
          ['exercises', 'Exercises'],
        ],
      ],
      [2, 'Heat', [['topic', 'Heat']]],
    ]);
    // The contents page is front matter; the sentence stays text, and the line that numbers the unit's
    // first section opens it.
    expect(chapters[0]?.topics[0]?.blocks.map((b) => b.text)).toEqual([
      'Physics for Class 9',
      'Contents',
      'Unit 1 Motion .......... 8',
      'Unit 2 Heat 14',
    ]);
    expect(chapters[1]?.topics.map((t) => [t.number ?? null, t.blocks.map((b) => b.text)])).toEqual([
      [null, ['Chapter 3 explains how heat flows.']],
      ['1.1', ['Things move.']],
      [null, ['1. What is speed?']],
    ]);
  });

  it('takes the line after a unit designation set alone for the unit title', async () => {
    const { chapters } = await extract(
      convertedPdf(
        '<p>UNIT 1</p><p>Laws of Motion</p><p>Things move.</p><p>UNIT 2</p><p>Optics</p><p>Light bends.</p>',
      ),
    );
    expect(chapters.map((c) => [c.number, c.title, c.topics[0]?.blocks.map((b) => b.text)])).toEqual([
      [0, 'Front matter', ['Physics for Class 9']],
      [1, 'Laws of Motion', ['Things move.']],
      [2, 'Optics', ['Light bends.']],
    ]);
  });

  it("leaves out a converted PDF's page numbers and running heads, and says so", async () => {
    const bold = (text: string) => `<p><b>${text}</b></p>`;
    const pages = [1, 2, 3, 4]
      .map(
        (n) =>
          `<p><a id="p${n}"></a>Physics for Class 9</p><p>Text of page ${n}.</p><p>More of page ${n}.</p><p>${n}</p>`,
      )
      .join('');
    const { chapters, summary } = await extract(
      convertedPdf(`${bold('Unit 1 Motion')}${pages}${bold('Unit 2 Heat')}<p>Hot.</p>`),
    );
    expect(summary.pageFurniture).toEqual({ pageNumbers: 4, runningHeads: 4 });
    expect(chapters[1]?.topics.flatMap((t) => t.blocks.map((b) => b.text))).toEqual(
      [1, 2, 3, 4].flatMap((n) => [`Text of page ${n}.`, `More of page ${n}.`]),
    );
    // A book with heading elements keeps its bare numbers: no page furniture is looked for there.
    const kept = await extract({
      documents: [{ id: 'c', tocTitle: 'Motion', body: `<h1>Motion</h1>${pages}` }],
    });
    expect(kept.summary.pageFurniture).toBeUndefined();
    expect(kept.summary.blocks).toBe(16);
  });

  it('reads the heading styles of a layout export without heading elements', async () => {
    // A layout program's export whose paragraph styles were never mapped to <h1>…: one document a unit.
    const styled = (cls: string, text: string) => `<p class="${cls}">${text}</p>`;
    const { chapters, summary } = await extract({
      documents: [
        {
          id: 'u1',
          tocTitle: 'u1.xhtml',
          body: [
            styled('Unit-Title', 'UNIT 1 MOTION'),
            styled('Body-Text', 'Things move.'),
            styled('Head-A', '1.1 Speed'),
            styled('Body-Text', '1.5 m of rope moves in a second.'),
            styled('Box-Title', 'Solved Problems'),
            styled('Body-Text', 'A car covers 100 m.'),
          ].join(''),
        },
        {
          id: 'u2',
          tocTitle: 'u2.xhtml',
          body: [
            styled('Unit-Title', 'UNIT 2 HEAT'),
            styled('Head-A', '2.1 Temperature'),
            '<p>Hot.</p>',
          ].join(''),
        },
      ],
    });
    expect(summary.structure).toBe('headings');
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.kind, t.number ?? null, t.title])]),
    ).toEqual([
      [
        1,
        'MOTION',
        [
          ['topic', null, 'MOTION'],
          ['topic', '1.1', 'Speed'],
          ['solved-problems', null, 'Solved Problems'],
        ],
      ],
      [2, 'HEAT', [['topic', '2.1', 'Temperature']]],
    ]);
    // A body paragraph that starts with a number stays text.
    expect(chapters[0]?.topics[1]?.blocks.map((b) => b.text)).toEqual(['1.5 m of rope moves in a second.']);
  });

  it("reads chapters by their headings where InDesign's TOC is its files' names, a title that asks included", async () => {
    const css =
      'p.Chapter-Number { font-size: 18px; font-weight: bold; }\np.Chapter-Title { font-size: 28px; font-weight: bold; }\np.Head-A { font-size: 16px; font-weight: bold; }\np.Body { font-size: 11px; }';
    const chapter = (n: number, title: string) =>
      `<p class="Chapter-Number">CHAPTER ${n}</p><p class="Chapter-Title">${title}</p><p class="Body">Opening of ${n}.</p><p class="Head-A">${n}.1 Ideas</p><p class="Body">Ideas of ${n}.</p>`;
    const { chapters, summary } = await extract({
      documents: [
        { id: 'Chapter-1', tocTitle: 'Chapter-1', body: chapter(1, 'Matter Around Us') },
        { id: 'Chapter-2', tocTitle: 'Chapter-2', body: chapter(2, 'Is Matter Pure?') },
      ],
      extraFiles: { 'OEBPS/css/idGeneratedStyles.css': css },
    });
    expect(summary.structure).toBe('headings');
    expect(topicsOf(chapters)).toEqual([
      [1, 'Matter Around Us', ['topic:Matter Around Us', 'topic:Ideas']],
      [2, 'Is Matter Pure?', ['topic:Is Matter Pure?', 'topic:Ideas']],
    ]);
    expect(chapters.map((c) => c.label)).toEqual(['CHAPTER 1', 'CHAPTER 2']);
  });

  it("reads a word processor's unnumbered headings from the size its style sheet gives their bold class", async () => {
    // LibreOffice's EPUB export of headings without numbers: Heading 1 in 18 pt bold, Heading 2 in 14 pt bold.
    const css =
      '.span0 { font-size: 18pt; font-weight: bold; }\n.span1 { }\n.span2 { font-size: 14pt; font-weight: bold; }';
    const p = (span: string, text: string) => `<p class="para0"><span class="${span}">${text}</span></p>`;
    const chapter = (title: string) =>
      [
        p('span0', title),
        p('span1', `What ${title.toLowerCase()} is.`),
        p('span2', `Uses of ${title.toLowerCase()}`),
        p('span1', `We use ${title.toLowerCase()} every day.`),
        p('span2', 'A bold and large sentence that is text, not a heading.'),
        p('span2', 'Exercises'),
        p('span1', `Name a use of ${title.toLowerCase()}.`),
      ].join('');
    const { chapters } = await extract({
      documents: [
        { id: 'c1', tocTitle: 'Light', body: chapter('Light') },
        { id: 'c2', tocTitle: 'Heat', body: chapter('Heat') },
      ],
      extraFiles: { 'OEBPS/styles/style.css': css },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Light', ['topic:Light', 'topic:Uses of light', 'exercises:Exercises']],
      [2, null, 'Heat', ['topic:Heat', 'topic:Uses of heat', 'exercises:Exercises']],
    ]);
    expect(chapters[0]?.topics[1]?.blocks.map((b) => b.text)).toEqual([
      'We use light every day.',
      'A bold and large sentence that is text, not a heading.',
    ]);
  });

  it("reads a word processor's sections set in bold under its units' headings", async () => {
    // A book written in a word processor, its units in a heading style and its sections in bold by hand.
    // pandoc: a document per unit, <strong> sections; Calibre's DOCX input: one document, both units <h1>,
    // the sections paragraphs of a class its style sheet sets in bold.
    const unit = (n: number, bold: (t: string) => string, h: string) =>
      `<${h}>Unit ${n} ${n === 1 ? 'Matter' : 'Light'}</${h}><p>What unit ${n} is about.</p>` +
      `${bold(`${n}.1 First section`)}<p>Text of ${n}.1.</p>${bold(`${n}.1.1 A detail`)}<p>Text of ${n}.1.1.</p>` +
      `${bold(`${n}.2 Second section`)}<p>Text of ${n}.2.</p>` +
      `${bold(`Activity ${n}.1`)}<p>Do it.</p>${bold('Exercises')}<p>1. Answer it.</p>` +
      // Bold, but neither a section's number nor a kind: a line of the section.
      `${bold('Remember this')}<p>More text.</p>`;
    const expected = (offset: number) => [
      [
        offset + 1,
        'Matter',
        [
          'topic:Matter',
          'topic:First section',
          'topic:A detail',
          'topic:Second section',
          'activity:Activity 1.1',
          'exercises:Exercises',
        ],
      ],
      [
        offset + 2,
        'Light',
        [
          'topic:Light',
          'topic:First section',
          'topic:A detail',
          'topic:Second section',
          'activity:Activity 2.1',
          'exercises:Exercises',
        ],
      ],
    ];
    const strong = (t: string) => `<p><strong>${t}</strong></p>`;
    const pandoc = await extract({
      documents: [
        { id: 'ch001', tocTitle: 'Unit 1 Matter', body: unit(1, strong, 'h1') },
        { id: 'ch002', tocTitle: 'Unit 2 Light', body: unit(2, strong, 'h1') },
      ],
    });
    expect(topicsOf(pandoc.chapters)).toEqual(expected(0));
    expect(pandoc.chapters[1]?.topics[5]?.blocks.map((b) => b.text)).toEqual([
      '1. Answer it.',
      'Remember this',
      'More text.',
    ]);
    const classed = (t: string) => `<p class="block_3">${t}</p>`;
    const calibre = await extract({
      version: 2,
      documents: [
        {
          id: 'index',
          body: `${unit(1, classed, 'h1')}${unit(2, classed, 'h1')}`,
        },
      ],
      extraFiles: {
        'OEBPS/stylesheet.css':
          '.block_1 { font-weight: bold; font-size: 2em }\n.block_3 { display: block; font-weight: bold }',
      },
    });
    expect(topicsOf(calibre.chapters).slice(-2)).toEqual(expected(0));
  });

  it('keeps the indents of code that a word processor set as paragraphs, as its style sheet keeps them', async () => {
    // Calibre's conversion of a Word document: each line of code ends in <br/>, each indent is a span of a
    // class the style sheet sets `white-space: pre-wrap`; a listing of another class keeps all its spaces.
    const css =
      '.block_1 { display: block; margin: 9pt 0 }\n.calibre2 {\n  white-space: pre-wrap;\n}\n@media screen { p.listing { white-space: pre } }\n.toc .calibre3 { white-space: pre }';
    const indent = (n: number) =>
      `<span class="text_1"><span class="calibre2">${' '.repeat(n)}</span></span>`;
    const code = [
      '<span class="text_">for</span><span class="text_1"> i </span>in range(3):',
      `${indent(4)}if i % 2 == 0:`,
      `${indent(8)}print("even", i)`,
    ].join('<br class="calibre1"/>');
    const { chapters } = await extract({
      documents: [
        {
          id: 'c1',
          tocTitle: 'Python Basics',
          body: [
            '<h1>Unit 1 Python Basics</h1>',
            '<p class="block_1">A loop repeats statements:</p>',
            `<p class="block_3">${code}</p>`,
            '<p class="listing">x  =  1\n  y = 2</p>',
            `<p class="block_1">Two${indent(3)}spaces, and a line<br/>that goes on${indent(2)}is prose.</p>`,
            `<p class="block_1">${indent(4)}An indented first line,<br/>then the next.</p>`,
            '<p class="calibre3">  a  b</p>',
          ].join(''),
        },
      ],
      extraFiles: { 'OEBPS/styles/style.css': css },
    });
    expect(chapters[0]?.topics.flatMap((t) => t.blocks.map((b) => [b.type, b.text]))).toEqual([
      ['paragraph', 'A loop repeats statements:'],
      ['preformatted', 'for i in range(3):\n    if i % 2 == 0:\n        print("even", i)'],
      ['preformatted', 'x  =  1\n  y = 2'],
      ['paragraph', 'Two spaces, and a line\nthat goes on is prose.'],
      ['paragraph', 'An indented first line,\nthen the next.'],
      ['paragraph', 'a b'],
    ]);
  });

  it('takes a preface the book opens with for front matter, and keeps an "About the Book" after the chapters in its chapter', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'c0', body: '<h1>Preface</h1><p>This book follows the syllabus for the ninth standard.</p>' },
        { id: 'c1', body: '<h1>Chapter 1 Motion</h1><p>Motion is a change of position.</p>' },
        {
          id: 'c2',
          body: '<h1>Chapter 2 Force</h1><p>A force is a push or a pull.</p><h2 id="about">About the Book</h2><p>Set in Noto.</p>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Preface', 'text/c0.xhtml'],
          ['Chapter 1 Motion', 'text/c1.xhtml'],
          ['Chapter 2 Force', 'text/c2.xhtml', [['About the Book', 'text/c2.xhtml#about']]],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [0, null, 'Front matter', ['front-matter:Preface']],
      [1, null, 'Motion', ['topic:Motion']],
      [2, null, 'Force', ['topic:Force', 'front-matter:About the Book']],
    ]);
  });

  it("puts a preface the TOC lists as a chapter into the front matter, so the units keep the book's numbers", async () => {
    // Calibre's conversion of a Word document: one document, the TOC linking to each heading.
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'index',
          body: [
            '<h1 id="pre">Preface</h1><p>This book follows the syllabus for the ninth standard.</p>',
            '<h1 id="u1">Unit 1 Measurement</h1><p>Measurement compares a quantity with a standard.</p>',
            '<h1 id="u2">Unit 2 Motion</h1><p>Motion is a change of position.</p>',
          ].join(''),
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Preface', 'text/index.xhtml#pre'],
          ['Unit 1 Measurement', 'text/index.xhtml#u1'],
          ['Unit 2 Motion', 'text/index.xhtml#u2'],
        ]),
      },
    });
    expect(
      chapters.map((c) => [c.number, c.label ?? null, c.title, c.topics.map((t) => `${t.kind}:${t.title}`)]),
    ).toEqual([
      [0, null, 'Front matter', ['front-matter:Preface']],
      [1, 'Unit 1', 'Measurement', ['topic:Measurement']],
      [2, 'Unit 2', 'Motion', ['topic:Motion']],
    ]);
  });

  it("makes a document's text before the TOC's first entry in it front matter, not a chapter of the body", async () => {
    // Calibre's conversion of a Word document: the title lines, then the headings the TOC links to.
    const book = (lead: string) =>
      extract({
        ncx: false,
        documents: [
          {
            id: 'index',
            body: [
              lead,
              '<h1 id="pre">Preface</h1><p>This book follows the syllabus for the ninth standard.</p>',
              '<h1 id="u1">Unit 1 Measurement</h1><p>Measurement compares a quantity with a standard.</p>',
              '<h1 id="u2">Unit 2 Motion</h1><p>Motion is a change of position.</p>',
            ].join(''),
          },
        ],
        extraFiles: {
          'OEBPS/nav.xhtml': nav([
            ['Preface', 'text/index.xhtml#pre'],
            ['Unit 1 Measurement', 'text/index.xhtml#u1'],
            ['Unit 2 Motion', 'text/index.xhtml#u2'],
          ]),
        },
      });
    const outline = (chapters: Chapter[]) =>
      chapters.map((c) => [c.number, c.label ?? null, c.title, c.topics.map((t) => `${t.kind}:${t.title}`)]);
    const titled = await book('<p>Science Class 9</p><p>State Board</p>');
    expect(outline(titled.chapters)).toEqual([
      [0, null, 'Front matter', ['front-matter:Front matter', 'front-matter:Preface']],
      [1, 'Unit 1', 'Measurement', ['topic:Measurement']],
      [2, 'Unit 2', 'Motion', ['topic:Motion']],
    ]);
    expect(
      titled.chapters[0]?.topics[0]?.blocks.map((b) => (b.type === 'paragraph' ? b.text : b.type)),
    ).toEqual(['Science Class 9', 'State Board']);
    // A heading before the first entry titles its front-matter topic.
    const headed = await book('<h1>Science Class 9</h1><p>State Board</p>');
    expect(outline(headed.chapters)[0]).toEqual([
      0,
      null,
      'Front matter',
      ['front-matter:Science Class 9', 'front-matter:Preface'],
    ]);
  });

  it("makes documents before the TOC's first entry front matter, unless one opens with a chapter heading", async () => {
    const unit = (n: number) =>
      `<h1>Unit ${n} Matter</h1><p>Matter takes up space and has mass, unit ${n}.</p>`;
    const book = (lead: string) =>
      extract({
        title: 'Science',
        ncx: false,
        documents: [
          { id: 'p1', body: lead },
          { id: 'u2', body: unit(2) },
          { id: 'u3', body: unit(3) },
        ],
        extraFiles: {
          'OEBPS/nav.xhtml': nav([
            ['Unit 2 Matter', 'text/u2.xhtml'],
            ['Unit 3 Matter', 'text/u3.xhtml'],
          ]),
        },
      });
    // A page of a layout export the TOC does not list: the book's cover text, not a chapter "Introduction".
    const titled = await book(
      '<p>Tamil Nadu Textbook Corporation</p><p>Standard Seven, Term I</p><p>Price: Rs. 120</p>',
    );
    expect(kindsOf(titled.chapters)).toEqual([
      [0, 'Front matter', ['front-matter']],
      [2, 'Matter', ['topic']],
      [3, 'Matter', ['topic']],
    ]);
    // With no chapter of text ahead in the TOC (it lists an index only), the text is the body's.
    const indexOnly = await extract({
      title: 'Science',
      ncx: false,
      documents: [
        { id: 'p1', body: '<p>Matter takes up space and has mass.</p><p>Heat flows from hot to cold.</p>' },
        { id: 'ix', body: '<h1>Index</h1><p>heat, 2</p>' },
      ],
      extraFiles: { 'OEBPS/nav.xhtml': nav([['Index', 'text/ix.xhtml']]) },
    });
    expect(indexOnly.chapters.map((c) => c.topics[0]?.kind)).toEqual(['topic', 'other']);
    // A unit the TOC left out, with its own chapter heading, is still a chapter of the body.
    const missed = await book(unit(1));
    expect(kindsOf(missed.chapters)).toEqual([
      [1, 'Matter', ['topic']],
      [2, 'Matter', ['topic']],
      [3, 'Matter', ['topic']],
    ]);
  });

  it('opens no front matter for a first heading that stands before its own TOC link', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'one',
          body: [
            '<h1>Chapter 1 Rivers</h1><a id="c1"></a><p>A river carries water from the hills to the sea.</p>',
            '<h1>Chapter 2 Hills</h1><a id="c2"></a><p>A hill is lower than a mountain.</p>',
          ].join(''),
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Chapter 1 Rivers', 'text/one.xhtml#c1'],
          ['Chapter 2 Hills', 'text/one.xhtml#c2'],
        ]),
      },
    });
    expect(chapters.map((c) => [c.number, c.title, c.topics.map((t) => t.blocks.length)])).toEqual([
      [1, 'Rivers', [1]],
      [2, 'Hills', [1]],
    ]);
  });

  it("keeps Project Gutenberg's header, title page and licence out of the chapters, which keep the book's numbers", async () => {
    const story = '<p>Alice was beginning to get very tired of sitting by her sister on the bank.</p>';
    const licence =
      '<section class="pg-boilerplate pgheader" id="pg-footer"><div id="pg-end-separator">*** END OF THE PROJECT GUTENBERG EBOOK ***</div>' +
      '<p>Updated editions will replace the previous one.</p><h2 id="pg-footer-heading">THE FULL PROJECT GUTENBERG™ LICENSE</h2>' +
      '<p>1.A. By reading or using any part of this Project Gutenberg™ electronic work, you agree to its terms.</p></section>';
    const { chapters } = await extract({
      title: 'Alice’s Adventures in Wonderland',
      ncx: false,
      documents: [
        {
          id: 'h-0',
          body:
            '<section class="pg-boilerplate pgheader" id="pg-header"><h2>The Project Gutenberg eBook of Alice’s Adventures in Wonderland</h2>' +
            '<div>This ebook is for the use of anyone anywhere in the United States and most other parts of the world.</div></section>' +
            '<h1 id="t">Alice’s Adventures in Wonderland</h1><h2>by Lewis Carroll</h2>' +
            '<h2 id="c">Contents</h2><p><a href="h-1.xhtml#ch1">CHAPTER I. Down the Rabbit-Hole</a></p>',
        },
        { id: 'h-1', body: `<h2 id="ch1">CHAPTER I. Down the Rabbit-Hole</h2>${story}` },
        { id: 'h-2', body: `<h2 id="ch2">CHAPTER II. The Pool of Tears</h2>${story}${licence}` },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Alice’s Adventures in Wonderland', 'text/h-0.xhtml#t'],
          ['Contents', 'text/h-0.xhtml#c'],
          ['CHAPTER I. Down the Rabbit-Hole', 'text/h-1.xhtml#ch1'],
          ['CHAPTER II. The Pool of Tears', 'text/h-2.xhtml#ch2'],
          ['THE FULL PROJECT GUTENBERG™ LICENSE', 'text/h-2.xhtml#pg-footer-heading'],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.number,
        c.title,
        c.topics.map((t) => `${t.kind}:${t.title}:${t.blocks.length}`),
      ]),
    ).toEqual([
      [
        0,
        'Front matter',
        [
          'front-matter:The Project Gutenberg eBook of Alice’s Adventures in Wonderland:1',
          'front-matter:Alice’s Adventures in Wonderland:1',
          'front-matter:Contents:1',
        ],
      ],
      [1, 'Down the Rabbit-Hole', ['topic:Down the Rabbit-Hole:1']],
      [2, 'The Pool of Tears', ['topic:The Pool of Tears:1']],
      [3, 'Back matter', ['other:Back matter:2']],
      [4, 'THE FULL PROJECT GUTENBERG™ LICENSE', ['other:THE FULL PROJECT GUTENBERG™ LICENSE:1']],
    ]);
  });

  it("puts a preface that pandoc nests under the book's title (a LaTeX book) into the front matter", async () => {
    const { chapters } = await extract({
      title: 'Foundations of Physics',
      ncx: false,
      documents: [
        {
          id: 'ch001',
          body:
            '<section id="top" class="level1 unnumbered"><h1>Foundations of Physics</h1>' +
            '<section id="preface" class="level2 unnumbered"><h2>Preface</h2><p>This book introduces the physical sciences.</p></section></section>',
        },
        {
          id: 'ch002',
          body: '<section id="motion" class="level1"><h1>Motion</h1><p>Motion is a change of position with time.</p></section>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Foundations of Physics', 'text/ch001.xhtml#top', [['Preface', 'text/ch001.xhtml#preface']]],
          ['Motion', 'text/ch002.xhtml#motion'],
        ]),
      },
    });
    expect(topicsOf(chapters)).toEqual([
      [0, 'Front matter', ['front-matter:Foundations of Physics', 'front-matter:Preface']],
      [1, 'Motion', ['topic:Motion']],
    ]);
  });

  it('makes a copyright page or an "Also by" page after the body back matter, not front matter', async () => {
    const { chapters } = await extract({
      title: 'Rivers',
      ncx: false,
      documents: [
        {
          id: 'c1',
          body: '<h1>Chapter 1 Rivers</h1><p>A river carries water from the hills to the sea.</p>',
        },
        {
          id: 'c2',
          body: '<section epub:type="copyright-page"><h1>Copyright</h1><p>© 2024 A. Writer.</p></section>',
        },
        {
          id: 'c3',
          body: '<section epub:type="backmatter"><h1>Also by A. Writer</h1><p>Hills. Seas.</p></section>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Chapter 1 Rivers', 'text/c1.xhtml'],
          ['Copyright', 'text/c2.xhtml'],
          ['Also by A. Writer', 'text/c3.xhtml'],
        ]),
      },
    });
    expect(kindsOf(chapters)).toEqual([
      [1, 'Rivers', ['topic']],
      [2, 'Copyright', ['other']],
      [3, 'Also by A. Writer', ['other']],
    ]);
  });

  it("keeps a worked example's solution with its question, and a note in its section (OpenStax's data-type boxes)", async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 's1',
          body:
            '<div data-type="page"><h2 data-type="document-title"><span class="os-number">1.1</span> <span class="os-text">Measurements</span></h2>' +
            '<p>Every measurement has a number and a unit.</p><section data-depth="1"><h3 data-type="title">Units</h3><p>The SI unit of length is the metre.</p>' +
            '<div data-type="example"><h3 class="os-title">Example 1.1</h3><p>How many metres are in 2.5 km?</p>' +
            '<h4 data-type="solution-title">Solution</h4><p>2.5 km is 2500 m.</p><h4 class="os-title">Check Your Learning</h4><p>How many grams are in 3 kg?</p></div>' +
            '<div data-type="note"><h3 class="os-title">Chemistry in Everyday Life</h3><p>Cooks weigh flour in grams.</p></div></section></div>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['1 Essential Ideas', 'text/s1.xhtml', [['1.1 Measurements', 'text/s1.xhtml']]],
        ]),
      },
    });
    // The example ends with its element; the note after it, one block, is the section's again.
    expect(chapters[0]?.topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.type)])).toEqual([
      ['topic', 'Measurements', ['paragraph']],
      ['topic', 'Units', ['paragraph', 'note']],
      ['solved-problems', 'Example 1.1', ['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']],
    ]);
  });

  it("reads an HTMLBook chapter's h1 sections as sections (O'Reilly), so its Further Reading opens no chapter", async () => {
    const chapter = (n: number) =>
      `<section data-type="chapter" id="ch${n}"><h1>Chapter ${n}. Storage ${n}</h1><p>Engines keep data on disk.</p>` +
      `<section data-type="sect1"><div class="sect1"><h1>Logs</h1><p>A log is written in order.</p>` +
      '<section data-type="sect2"><h2>Compaction</h2><p>Compaction drops old values.</p></section></div></section>' +
      '<section data-type="sect1"><h1>Further Reading</h1><ul><li>A paper, 2010.</li></ul></section></section>';
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'ch01', body: chapter(1) },
        { id: 'ch02', body: chapter(2) },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['1. Storage 1', 'text/ch01.xhtml'],
          ['2. Storage 2', 'text/ch02.xhtml'],
        ]),
      },
    });
    expect(topicsOf(chapters)).toEqual(
      [1, 2].map((n) => [
        n,
        `Storage ${n}`,
        [`topic:Storage ${n}`, 'topic:Logs', 'topic:Compaction', 'other:Further Reading'],
      ]),
    );
  });

  it("keeps a chapter the TOC names by the book's title, when it is the book's one chapter", async () => {
    const story = `<h1 id="g">The Gift</h1>${'<p>Della counted the coins three times, and the next day would be Christmas.</p>'.repeat(6)}`;
    const alone = await extract({
      title: 'The Gift',
      ncx: false,
      documents: [{ id: 'one', body: story }],
      extraFiles: { 'OEBPS/nav.xhtml': nav([['The Gift', 'text/one.xhtml#g']]) },
    });
    expect(kindsOf(alone.chapters)).toEqual([[1, 'The Gift', ['topic']]]);
    // Followed by Project Gutenberg's licence only, it is still the one chapter.
    const licensed = await extract({
      title: 'The Gift',
      ncx: false,
      documents: [
        { id: 'one', body: story },
        {
          id: 'two',
          body: '<section id="pg-footer"><h2 id="l">THE FULL PROJECT GUTENBERG™ LICENSE</h2><p>1.A. By reading this work you agree.</p></section>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['The Gift', 'text/one.xhtml#g'],
          ['THE FULL PROJECT GUTENBERG™ LICENSE', 'text/two.xhtml#l'],
        ]),
      },
    });
    expect(kindsOf(licensed.chapters)).toEqual([
      [1, 'The Gift', ['topic']],
      [2, 'THE FULL PROJECT GUTENBERG™ LICENSE', ['other']],
    ]);
  });

  it('reads a numbered heading whose number Calibre sets outside its bold title ("1.1 <b>Basics</b>")', async () => {
    const head = (cls: string, id: string, number: string, title: string) =>
      `<div class="calibre1"><div class="${cls}" id="${id}">${number} <b class="calibre2">${title}</b></div></div>`;
    const text = (t: string) => `<p class="block_1">${t}</p>`;
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'index',
          body: [
            head('block_', 't1', '1', 'Light'),
            text('Light travels.'),
            head('block_2', 't2', '1.1', 'Basics of light'),
            text('Rays go straight.'),
            head('block_', 't3', '2', 'Heat'),
            text('Heat flows.'),
          ].join(''),
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['1 Light', 'text/index.xhtml#t1', [['1.1 Basics of light', 'text/index.xhtml#t2']]],
          ['2 Heat', 'text/index.xhtml#t3'],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Light', ['topic:Light', 'topic:Basics of light']],
      [2, null, 'Heat', ['topic:Heat']],
    ]);
    expect(chapters.flatMap((c) => c.topics.flatMap((t) => t.blocks.map((b) => b.text)))).toEqual([
      'Light travels.',
      'Rays go straight.',
      'Heat flows.',
    ]);
  });

  it('reads the headings a word processor sets as paragraphs of a class its style sheet makes bold', async () => {
    // LibreOffice's EPUB export: no heading elements, a numbered class per style, bold set in the CSS.
    const css = `/* generated */
.para3 { margin: 0.1in 0px; }
.span1 { }
.span2, .span3 { color: #4f81bd; font-weight: bold; }
@media print { p.para9 { font-weight: 700 } }
.toc .span4 { font-weight: bold }`;
    const p = (span: string, text: string) => `<p class="para3"><span class="${span}">${text}</span></p>`;
    const { chapters } = await extract({
      title: 'Basic Chemistry',
      documents: [
        { id: 's1', tocTitle: 'Section 1', body: p('span1', 'Basic Chemistry') + p('span1', 'A. Teacher') },
        {
          id: 's2',
          tocTitle: 'Preface',
          body: p('span2', 'Preface') + p('span1', 'This book follows the syllabus.'),
        },
        {
          id: 's3',
          tocTitle: 'Unit 1 Matter',
          body: [
            p('span2', 'Unit 1 Matter'),
            p('span1', 'Matter has mass.'),
            p('span3', '1.1 States of matter'),
            p('span1', 'Solid, liquid and gas.'),
            '<p class="para9">1.2 Change of state</p>',
            p('span1', 'Ice melts.'),
            // Bold only inside another element's context: stays text (out of sequence, as a plain line
            // numbering the next section would open it).
            p('span4', '1.5 Not a heading'),
          ].join(''),
        },
      ],
      extraFiles: { 'OEBPS/styles/style.css': css },
    });
    expect(
      chapters.map((c) => [
        c.number,
        c.title,
        c.topics.map((t) => [t.kind, t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      // "Section 1" is the converter's name for the title page: its text never says it. The preface,
      // untyped, is front matter by its name.
      [
        0,
        'Front matter',
        [
          ['front-matter', null, 'Section 1', ['Basic Chemistry', 'A. Teacher']],
          ['front-matter', null, 'Preface', ['This book follows the syllabus.']],
        ],
      ],
      [
        1,
        'Matter',
        [
          ['topic', null, 'Matter', ['Matter has mass.']],
          ['topic', '1.1', 'States of matter', ['Solid, liquid and gas.']],
          ['topic', '1.2', 'Change of state', ['Ice melts.', '1.5 Not a heading']],
        ],
      ],
    ]);
  });

  it('reads the bold headings a Google Docs export styles in the document itself', async () => {
    // Headings set in bold "normal text", as many teachers write them: the bold class is in <style>.
    const style = '<style type="text/css">.c2{font-weight:700;font-size:14pt}.c1{font-size:11pt}</style>';
    const line = (cls: string, text: string) => `<p class="c0"><span class="${cls}">${text}</span></p>`;
    const { chapters } = await extract({
      documents: [
        {
          id: 'doc',
          tocTitle: 'Unit 1 Motion',
          body: `${style}${[
            line('c2', 'Unit 1 Motion'),
            line('c1', 'Things move.'),
            line('c2', '1.1 Speed'),
            line('c1', 'Fast and slow.'),
          ].join('')}`,
        },
      ],
    });
    expect(chapters.map((c) => [c.title, c.topics.map((t) => [t.number ?? null, t.title])])).toEqual([
      [
        'Motion',
        [
          [null, 'Motion'],
          ['1.1', 'Speed'],
        ],
      ],
    ]);
  });

  it("leaves out a fixed-layout book's page numbers and running heads, found across its pages", async () => {
    // One document a page, as InDesign lays them out: a head, the text frame, the folio.
    const page = (n: number, unit: number, first: boolean) =>
      `<div class="frame"><p class="Running-Head">${n % 2 === 0 ? 'Science for Class 7' : `Unit ${unit}`}</p></div><div class="frame">${first ? `<p class="Unit-Title"><b>Unit ${unit} Matter ${unit}</b></p>` : ''}<p>Text of page ${n}.</p><p>A line that runs</p><p>on to the end of page ${n}.</p></div><div class="frame"><p class="Folio">${n}</p></div>`;
    const pages = Array.from({ length: 8 }, (_, i) => ({
      id: `p${i + 1}`,
      body: page(i + 5, i < 4 ? 1 : 2, i % 4 === 0),
      ...(i % 4 === 0 ? { tocTitle: `Unit ${i < 4 ? 1 : 2} Matter ${i < 4 ? 1 : 2}` } : {}),
    }));
    const fixed = await extract({
      documents: pages,
      extraMetadata: ['<meta property="rendition:layout">pre-paginated</meta>'],
    });
    expect(
      fixed.chapters.map((c) => [c.label, c.title, c.topics.flatMap((t) => t.blocks.map((b) => b.text))]),
    ).toEqual([
      // Lines set one to a paragraph are joined where a sentence runs on.
      ...[1, 2].map((unit) => [
        `Unit ${unit}`,
        `Matter ${unit}`,
        [1, 2, 3, 4].flatMap((k) => {
          const n = unit * 4 + k;
          return [`Text of page ${n}.`, `A line that runs on to the end of page ${n}.`];
        }),
      ]),
    ]);
    expect(fixed.summary.pageFurniture).toEqual({ pageNumbers: 8, runningHeads: 4 });
    // The same pages in a reflowable book are chapters of text: nothing is taken for furniture.
    const reflowable = await extract({ documents: pages });
    expect(reflowable.summary.pageFurniture).toBeUndefined();
    expect(reflowable.chapters[0]?.topics[0]?.blocks.map((b) => b.text)).toContain('5');
  });

  it('puts the cover, title page, dedication and copyright page a book opens with in front matter, untyped as they are', async () => {
    const { chapters } = await extract({
      title: 'Science for Class 7',
      documents: [
        { id: 'cover', body: '<div><img src="../images/cover.jpg" alt="Science for Class 7"/></div>' },
        { id: 'title', body: '<p class="Book-Title">Science for Class 7</p><p>State Board of Education</p>' },
        { id: 'dedication', body: '<p><i>To the teachers of Tamil Nadu</i></p>' },
        { id: 'rights', body: '<p>© 2024 State Board of Education. All rights reserved.</p>' },
        { id: 'c1', tocTitle: 'Unit 1 Motion', body: '<h1>Unit 1 Motion</h1><p>Things move.</p>' },
        { id: 'c2', tocTitle: 'Unit 2 Heat', body: '<h1>Unit 2 Heat</h1><p>Things warm.</p>' },
      ],
    });
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.map((t) => [t.kind, t.blocks.map((b) => b.text)])]),
    ).toEqual([
      [
        0,
        'Front matter',
        [
          [
            'front-matter',
            [
              'Science for Class 7',
              'Science for Class 7',
              'State Board of Education',
              'To the teachers of Tamil Nadu',
              '© 2024 State Board of Education. All rights reserved.',
            ],
          ],
        ],
      ],
      [1, 'Motion', [['topic', ['Things move.']]]],
      [2, 'Heat', [['topic', ['Things warm.']]]],
    ]);
    // A title page that the first chapter starts inside (the TOC links to an anchor in it) stays body.
    const inside = await extract({
      title: 'Science for Class 7',
      ncx: false,
      documents: [
        { id: 'title', body: '<p>Science for Class 7</p><h1 id="u1">Unit 1 Motion</h1><p>Things move.</p>' },
        { id: 'c2', body: '<h1>Unit 2 Heat</h1><p>Things warm.</p>' },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Unit 1 Motion', 'text/title.xhtml#u1'],
          ['Unit 2 Heat', 'text/c2.xhtml'],
        ]),
      },
    });
    expect(inside.chapters.map((c) => [c.title, c.topics.map((t) => t.kind)])).toContainEqual([
      'Motion',
      ['topic'],
    ]);
  });

  it('opens chapters at unit headings in a body document the TOC never reaches', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'start', body: '<p>Physics for Class 9</p>', tocTitle: 'Start' },
        {
          id: 'all',
          body: '<p>Physics for Class 9</p><h1>Unit 1 Motion</h1><h2>1.1 Speed</h2><p>Fast.</p><h1>Unit 2 Heat</h1><h2>2.1 Temperature</h2><p>Hot.</p>',
        },
        { id: 'words', body: '<h1>Glossary</h1><p>Speed: how fast.</p>', tocTitle: 'Glossary' },
      ],
    });
    expect(chapters.map((c) => [c.label ?? null, c.title, c.topics.map((t) => t.title)])).toEqual([
      [null, 'Start', ['Start']],
      ['Unit 1', 'Motion', ['Speed']],
      ['Unit 2', 'Heat', ['Temperature']],
      [null, 'Glossary', ['Glossary']],
    ]);
  });

  it("reads a book's unit headings where its TOC is one entry over it all", async () => {
    // A converter's single entry ("Start", "Section 1") says less than the book's headings.
    const { chapters, summary } = await extract({
      documents: [
        { id: 'start', body: '<p>Physics for Class 9</p>', tocTitle: 'Start' },
        {
          id: 'all',
          body: '<p>Physics for Class 9</p><h1>Unit 1 Motion</h1><h2>1.1 Speed</h2><p>Fast.</p><h1>UNIT-2</h1><h1>Heat</h1><h2>2.1 Temperature</h2><p>Hot.</p>',
        },
      ],
    });
    expect(summary.structure).toBe('headings');
    expect(chapters.map((c) => [c.number, c.label ?? null, c.title, c.topics.map((t) => t.title)])).toEqual([
      [0, null, 'Front matter', ['Front matter']],
      [1, 'Unit 1', 'Motion', ['Speed']],
      // A designation alone takes the title of the heading after it; the label stays as written.
      [2, 'UNIT-2', 'Heat', ['Temperature']],
    ]);
  });

  it('ends an exercises section at the next heading of its own level or above', async () => {
    // A TOC of chapters alone: the headings inside open the topics.
    const { chapters } = await extract({
      documents: [
        {
          id: 'c',
          tocTitle: 'Motion',
          body: `<h1>Motion</h1><h2>Speed</h2><p>Speed text.</p><h3>Exercises</h3><h4>Part A</h4><p>Question 1.</p><h2>Velocity</h2><p>Velocity text.</p><h2>Exercises</h2><p>Question 2.</p><h3>Part B</h3><p>Question 3.</p><h2>Acceleration</h2><p>Acceleration text.</p>`,
        },
      ],
    });
    const topics = chapters[0]?.topics ?? [];
    expect(topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['topic', 'Speed', ['Speed text.']],
      ['exercises', 'Exercises', ['Part A', 'Question 1.']],
      ['topic', 'Velocity', ['Velocity text.']],
      ['exercises', 'Exercises', ['Question 2.', 'Part B', 'Question 3.']],
      ['topic', 'Acceleration', ['Acceleration text.']],
    ]);
  });

  it("opens a chapter where the TOC links to the body's own id, not at the document's end", async () => {
    // The IDPF's "Voyage of Life": each painting a page without a heading, linked as `page.xhtml#b1`.
    const page = (n: number, name: string) =>
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${name}</title></head><body id="b${n}"><img src="p${n}.jpg" alt="${name}, a painting"/><p>What ${name} shows.</p></body></html>`;
    const { chapters } = await extract({
      documents: [
        { id: 'intro', body: '<h1>The Voyage of Life</h1><p>Four paintings.</p>' },
        { id: 'p1', body: page(1, 'Childhood') },
        { id: 'p2', body: page(2, 'Youth') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['The Voyage of Life', 'text/intro.xhtml'],
          ['Childhood', 'text/p1.xhtml#b1'],
          ['Youth', 'text/p2.xhtml#b2'],
        ]),
      },
    });
    expect(chapters.map((c) => [c.title, c.topics.flatMap((t) => t.blocks.map((b) => b.text))])).toEqual([
      ['The Voyage of Life', ['Four paintings.']],
      ['Childhood', ['Childhood, a painting', 'What Childhood shows.']],
      ['Youth', ['Youth, a painting', 'What Youth shows.']],
    ]);
  });

  it('opens a chapter at the start of a page without headings that its TOC link misses the id of', async () => {
    const page = (name: string, extra = '') =>
      `<img src="${name}.jpg" alt="${name}, a painting"/><p>What ${name} shows.</p>${extra}`;
    const { chapters } = await extract({
      documents: [
        { id: 'intro', body: '<h1>The Voyage of Life</h1><p>Four paintings.</p>' },
        { id: 'p1', body: page('Childhood') },
        // Its second link misses too: no heading says where, so it opens where the page ends.
        { id: 'p2', body: page('Youth', '<p>Notes on Youth.</p>') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['The Voyage of Life', 'text/intro.xhtml'],
          ['Childhood', 'text/p1.xhtml#renamed-1'],
          ['Youth', 'text/p2.xhtml#renamed-2', [['Notes', 'text/p2.xhtml#renamed-3']]],
        ]),
      },
    });
    expect(
      chapters.map((c) => [c.title, c.topics.map((t) => [t.title, t.blocks.map((b) => b.text)])]),
    ).toEqual([
      ['The Voyage of Life', [['The Voyage of Life', ['Four paintings.']]]],
      ['Childhood', [['Childhood', ['Childhood, a painting', 'What Childhood shows.']]]],
      [
        'Youth',
        [
          ['Youth', ['Youth, a painting', 'What Youth shows.', 'Notes on Youth.']],
          ['Notes', []],
        ],
      ],
    ]);
  });

  it('keeps the heading a TOC link lands on, in other words than its entry, as the first line of its topic', async () => {
    const { chapters } = await extract({
      documents: [
        {
          id: 'c',
          body: `<h1>Geography</h1><p>Opening words.</p><a name="s1"></a><h2>Rivers and streams</h2><p>Water flows.</p><h2 id="s2">2.2 Hills</h2><p>Land rises.</p><h2>Mountains</h2><p>Land rises more.</p>`,
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Geography',
            'text/c.xhtml',
            // An old `<a name>` marks the first section; the second's entry leaves its number out.
            [
              ['Rivers', 'text/c.xhtml#s1'],
              ['Hills and valleys', 'text/c.xhtml#s2'],
            ],
          ],
        ]),
      },
    });
    expect(chapters[0]?.topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)])).toEqual([
      [null, 'Geography', ['Opening words.']],
      [null, 'Rivers', ['Rivers and streams', 'Water flows.']],
      ['2.2', 'Hills and valleys', ['2.2 Hills', 'Land rises.']],
      // A heading the TOC does not reach still opens a topic of its own.
      [null, 'Mountains', ['Land rises more.']],
    ]);
    // A kind heading a link lands on names its entry's kind.
    const practice = await extract({
      documents: [{ id: 'c', body: '<h1>Motion</h1><p>Intro.</p><h2 id="e">Exercises</h2><p>Q1.</p>' }],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([['Motion', 'text/c.xhtml', [['Practice', 'text/c.xhtml#e']]]]),
      },
    });
    expect(practice.chapters[0]?.topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['topic', 'Motion', ['Intro.']],
      ['exercises', 'Practice', ['Exercises', 'Q1.']],
    ]);
  });

  it('opens no topic at a TOC entry of no words (pandoc lists an empty heading so)', async () => {
    const { chapters } = await extract({
      documents: [
        {
          id: 'c7',
          body: '<h1 id="c">Atoms</h1><p>Intro.</p><h2 id="s1">7.1 Atomic Mass</h2><p>Mass is relative.</p><h3 id="s2"></h3><p>How is it measured?</p><h2 id="s3">7.2 Molecules</h2><p>Atoms join.</p>',
        },
        { id: 'c8', body: '<h1>Bonds</h1><p>Atoms bond.</p>' },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'Atoms',
            'text/c7.xhtml#c',
            [
              ['7.1 Atomic Mass', 'text/c7.xhtml#s1', [['', 'text/c7.xhtml#s2']]],
              ['7.2 Molecules', 'text/c7.xhtml#s3'],
            ],
          ],
          ['Bonds', 'text/c8.xhtml'],
        ]),
      },
    });
    expect(chapters[0]?.topics.map((t) => [t.number ?? '', t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['', 'Atoms', ['Intro.']],
      ['7.1', 'Atomic Mass', ['Mass is relative.', 'How is it measured?']],
      ['7.2', 'Molecules', ['Atoms join.']],
    ]);
  });

  it("gives a TOC link that lands right after its heading the topic that heading opened (LaTeX's \\addcontentsline, tex4ht)", async () => {
    // `\chapter*{Preface}\addcontentsline{toc}{chapter}{Preface}`: tex4ht's nav links the line added
    // to the contents, whose anchor stands after the heading; in the front matter that heading, unlisted,
    // opened a topic already. A section with no text of its own before its first sub-section stays.
    const { chapters } = await extract({
      documents: [
        { id: 'title', body: '<h2>Heat and Motion</h2><p>A. Teacher</p>' },
        {
          id: 'pref',
          body: '<h2 id="x3">Preface</h2><p><a id="q1"></a></p><p>Why this book was written.</p>',
        },
        {
          id: 'c1',
          body: '<h2 id="x5">Chapter 1<br/>Motion</h2><p>Things move.</p><h3 id="x6">1.1 Speed</h3><p>How fast.</p><h3 id="x8">1.2 Inertia</h3><h4 id="x9">1.2.1 Kinds of inertia</h4><p>Of rest.</p><h3 id="x7">Summary</h3><p><a id="q2"></a></p><p>Speed is distance over time.</p>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Preface', 'text/pref.xhtml#q1'],
          [
            '1 Motion',
            'text/c1.xhtml#x5',
            [
              ['1.1 Speed', 'text/c1.xhtml#x6'],
              ['1.2 Inertia', 'text/c1.xhtml#x8', [['1.2.1 Kinds of inertia', 'text/c1.xhtml#x9']]],
              ['Summary', 'text/c1.xhtml#q2'],
            ],
          ],
        ]),
      },
    });
    expect(chapters.map((c) => c.topics.map((t) => [t.title, t.blocks.map((b) => b.text)]))).toEqual([
      [
        ['Heat and Motion', ['A. Teacher']],
        ['Preface', ['Why this book was written.']],
      ],
      [
        ['Motion', ['Things move.']],
        ['Speed', ['How fast.']],
        ['Inertia', []],
        ['Kinds of inertia', ['Of rest.']],
        ['Summary', ['Speed is distance over time.']],
      ],
    ]);
  });

  it('opens a chapter whose TOC entry has no link at its heading, or its document, not at its first section', async () => {
    const chapterNav = (entries: Array<[string, string, string]>) =>
      nav([]).replace(
        '<ol></ol>',
        `<ol>${entries.map(([label, href, section]) => `<li><span>${label}</span><ol><li><a href="${href}">${section}</a></li></ol></li>`).join('')}</ol>`,
      );
    const outlineOf = (chapters: Chapter[]) =>
      chapters.map((c) => [
        c.title,
        c.topics.map((t) => `${t.number ?? ''} ${t.title}: ${t.blocks.map((b) => b.text).join('|')}`),
      ]);
    // Each chapter a document: the first one opens with its heading, the second with its text.
    const split = await extract({
      documents: [
        { id: 'c1', body: '<h1>Chapter 1 Motion</h1><p>Intro.</p><h2 id="s1">1.1 Speed</h2><p>Fast.</p>' },
        { id: 'c2', body: '<p>Heat intro.</p><h2 id="t1">2.1 Temperature</h2><p>Hot.</p>' },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': chapterNav([
          ['Chapter 1 Motion', 'text/c1.xhtml#s1', '1.1 Speed'],
          ['Chapter 2 Heat', 'text/c2.xhtml#t1', '2.1 Temperature'],
        ]),
      },
    });
    expect(outlineOf(split.chapters)).toEqual([
      ['Motion', [' Motion: Intro.', '1.1 Speed: Fast.']],
      ['Heat', [' Heat: Heat intro.', '2.1 Temperature: Hot.']],
    ]);
    // One document: the second chapter opens at its heading, not at the document's start.
    const whole = await extract({
      documents: [
        {
          id: 'b',
          body: '<h1>Chapter 1 Motion</h1><p>Intro.</p><h2 id="s1">1.1 Speed</h2><p>Fast.</p><h1>Chapter 2 Heat</h1><p>Heat intro.</p><h2 id="t1">2.1 Temperature</h2><p>Hot.</p>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': chapterNav([
          ['Chapter 1 Motion', 'text/b.xhtml#s1', '1.1 Speed'],
          ['Chapter 2 Heat', 'text/b.xhtml#t1', '2.1 Temperature'],
        ]),
      },
    });
    expect(outlineOf(whole.chapters)).toEqual(outlineOf(split.chapters));
  });

  it("leaves out the book's title where it heads every document above the document's own heading", async () => {
    const chapter = (title: string, section: string) =>
      `<h1>A Field Guide</h1><h2>${title}</h2><p>About ${title}.</p><h3>${section}</h3><p>About ${section}.</p>`;
    const { chapters, summary } = await extract({
      title: 'A Field Guide',
      documents: [
        // The title page keeps its title: text follows it, not another heading.
        { id: 't', body: '<h1>A Field Guide</h1><p>by A. Walker</p>' },
        { id: 'c1', tocTitle: 'Rivers', body: chapter('Rivers', 'Sources') },
        { id: 'c2', tocTitle: 'Hills', body: chapter('Hills', 'Slopes') },
        { id: 'c3', tocTitle: 'Seas', body: chapter('Seas', 'Tides') },
      ],
    });
    expect(chapters.map((c) => [c.title, c.topics.map((t) => t.title)])).toEqual([
      ['Front matter', ['A Field Guide']],
      ['Rivers', ['Rivers', 'Sources']],
      ['Hills', ['Hills', 'Slopes']],
      ['Seas', ['Seas', 'Tides']],
    ]);
    expect(chapters[0]?.topics[0]?.blocks.map((b) => b.text)).toEqual(['by A. Walker']);
    expect(summary.pageFurniture).toEqual({ pageNumbers: 0, runningHeads: 3 });
  });

  it("leaves out a scan's running heads, page numbers and note links beside its page breaks (the Internet Archive's)", async () => {
    const page = (n: number) => `<span epub:type="pagebreak" title="${n}" id="${n}"/>`;
    // One page of chapter text, the page's number on the head line (left pages first) or at its foot.
    const pages = (title: string, from: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const n = from + i;
        const head = i % 2 === 0 ? `${n} ${title}` : `${title} ${n}`;
        return `${page(n)}<p class="serif">${head}</p><p class="serif">The text of page ${n} about ${title.toLowerCase()}.</p>`;
      }).join('');
    const { chapters, summary } = await extract({
      title: 'Elementary Physics',
      documents: [
        {
          id: 'c1',
          tocTitle: 'CHAPTER I MEASUREMENT',
          // The chapter's last page has its number at its foot, the document's end.
          body: `<h1>CHAPTER I MEASUREMENT</h1>${pages('MEASUREMENT', 10, 3)}${page(13)}<p>Time is measured.</p><p>13</p>`,
        },
        {
          id: 'c2',
          tocTitle: 'CHAPTER II HEAT',
          body: `<h1>CHAPTER II HEAT</h1>${pages('HEAT', 14, 2)}<p class="small"><a epub:type="noteref" href="#n15_1">Note 1</a></p><hr/><h2>Chapter Notes</h2><ul><li><aside epub:type="rearnote" id="n15_1">A note.</aside></li></ul>`,
        },
      ],
    });
    expect(chapters.map((c) => c.topics.map((t) => t.blocks.map((b) => b.text)))).toEqual([
      [
        [
          'The text of page 10 about measurement.',
          'The text of page 11 about measurement.',
          'The text of page 12 about measurement.',
          'Time is measured.',
        ],
      ],
      [['The text of page 14 about heat.', 'The text of page 15 about heat.'], ['- A note.']],
    ]);
    // The notes the book gathers after a chapter are its notes, which no template teaches from.
    expect(chapters[1]?.topics.map((t) => [t.title, t.kind])).toEqual([
      ['HEAT', 'topic'],
      ['Chapter Notes', 'other'],
    ]);
    expect(summary.pageFurniture).toEqual({ pageNumbers: 1, runningHeads: 5 });
  });

  it("keeps a callout's label set as a heading (a converted book's <h4>Note</h4>) a line of its section", async () => {
    // As a word processor's file converts: the callout's box is gone, its label a heading like the sections'.
    const body =
      '<h1>Structure</h1><h2>Data Integrity</h2><p>Tag your data.</p><h4>Note</h4><p>Skipping is covered later.</p>' +
      '<p>Integrity is also the basis of navigation.</p><h4>Tip:</h4><p>Validate often.</p><p>Then ship.</p>' +
      '<h2>Separation of Style</h2><p>Keep style apart.</p><h2>Notes</h2><p>1. A source.</p>';
    const { chapters } = await extract({ documents: [{ id: 'c1', tocTitle: 'Structure', body }] });
    expect(chapters[0]?.topics.map((t) => [t.title, t.kind, t.blocks.map((b) => b.text)])).toEqual([
      [
        'Data Integrity',
        'topic',
        [
          'Tag your data.',
          'Note',
          'Skipping is covered later.',
          'Integrity is also the basis of navigation.',
          'Tip:',
          'Validate often.',
          'Then ship.',
        ],
      ],
      ['Separation of Style', 'topic', ['Keep style apart.']],
      // A section of notes is still one, which no template teaches from.
      ['Notes', 'other', ['1. A source.']],
    ]);
  });

  it("reads a whole book in one document under a title page's heading, its chapters paragraphs in bold (a scan whose OCR found no other heading)", async () => {
    const bold = (text: string) => `<p class="bold">${text}</p>`;
    const chapter = (roman: string, title: string) =>
      `${bold(`CHAPTER ${roman}`)}${bold(title)}${`<p>${`Text of ${title.toLowerCase()}. `.repeat(400)}</p>`.repeat(3)}`;
    const { chapters } = await extract({
      title: 'Elementary Physics',
      documents: [
        {
          id: 'book',
          tocTitle: 'Elementary Physics',
          body:
            '<h1 class="center">Elementary Physics</h1><p>John Smith</p><div class="offset"><p>This book was produced in EPUB format by the Internet Archive.</p></div>' +
            `${bold('PREFACE')}<p>Why this book.</p>${chapter('I', 'MEASUREMENT')}${chapter('II', 'HEAT')}${chapter('III', 'LIGHT')}`,
        },
      ],
      extraFiles: { 'OEBPS/style.css': '.bold { font-weight: bold }' },
    });
    expect(chapters.map((c) => [c.number, c.label ?? null, c.title, c.topics[0]?.kind])).toEqual([
      [0, null, 'Front matter', 'front-matter'],
      [1, 'CHAPTER I', 'MEASUREMENT', 'topic'],
      [2, 'CHAPTER II', 'HEAT', 'topic'],
      [3, 'CHAPTER III', 'LIGHT', 'topic'],
    ]);
    expect(chapters[0]?.topics.flatMap((t) => t.blocks.map((b) => b.text))).toContain(
      'This book was produced in EPUB format by the Internet Archive.',
    );
  });

  it('opens an activity for each numbered experiment of a practicals chapter the TOC lists alone', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'c1', tocTitle: 'Unit 1 Motion', body: '<h1>Unit 1 Motion</h1><p>Motion text.</p>' },
        {
          id: 'p',
          tocTitle: 'Practicals',
          body: `<h1>Practicals</h1><p>40 minutes for each practical.</p><h2>Physics</h2><h3>1 Weight of an object</h3><p>Aim: weigh it.</p><h3>2. Focal length of a lens</h3><p>Aim: find it.</p><h4>Observation</h4><p>A table.</p><h2>Bio-botany</h2><h3>9). Parts of a flower</h3><p>Aim: dissect it.</p>`,
        },
      ],
    });
    expect(
      chapters[1]?.topics.map((t) => [t.kind, t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
    ).toEqual([
      ['activity', null, 'Practicals', ['40 minutes for each practical.']],
      ['activity', '1', 'Weight of an object', ['Physics', 'Aim: weigh it.']],
      // A heading inside an experiment that is no numbered one stays in it.
      ['activity', '2', 'Focal length of a lens', ['Aim: find it.', 'Observation', 'A table.']],
      ['activity', '9', 'Parts of a flower', ['Bio-botany', 'Aim: dissect it.']],
    ]);
  });

  it('consumes the chapter heading and the section heading when both TOC entries link to the document', async () => {
    // An NCX whose chapter and first section both point at ch.xhtml (no fragment); in the second
    // chapter, the chapter's own text comes before its first section's heading.
    const { chapters } = await extract({
      version: 2,
      documents: [
        { id: 'c1', body: '<h1>Chapter 1 Motion</h1><h2>1.1 Speed</h2><p>Speed text.</p>' },
        { id: 'c2', body: '<h1>Chapter 2 Heat</h1><p>What heat is.</p><h2>2.1 Temperature</h2><p>Hot.</p>' },
      ],
      extraFiles: {
        'OEBPS/toc.ncx': `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>t</text></docTitle><navMap>
<navPoint id="a" playOrder="1"><navLabel><text>Chapter 1 Motion</text></navLabel><content src="text/c1.xhtml"/>
  <navPoint id="b" playOrder="2"><navLabel><text>1.1 Speed</text></navLabel><content src="text/c1.xhtml"/></navPoint></navPoint>
<navPoint id="c" playOrder="3"><navLabel><text>Chapter 2 Heat</text></navLabel><content src="text/c2.xhtml"/>
  <navPoint id="d" playOrder="4"><navLabel><text>2.1 Temperature</text></navLabel><content src="text/c2.xhtml"/></navPoint></navPoint>
</navMap></ncx>`,
      },
    });
    expect(
      chapters.map((c) => [
        c.title,
        c.topics.map((t) => [t.number ?? null, t.title, t.blocks.map((b) => b.text)]),
      ]),
    ).toEqual([
      ['Motion', [['1.1', 'Speed', ['Speed text.']]]],
      [
        'Heat',
        [
          [null, 'Heat', ['What heat is.']],
          ['2.1', 'Temperature', ['Hot.']],
        ],
      ],
    ]);
  });

  it('reads a Pressbooks export: chapters under "Main Body", their numbers set apart, text boxes that end', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 'intro',
          body: '<div class="front-matter introduction"><div class="front-matter-title-wrap"><h3 class="front-matter-number">1</h3><h1 class="front-matter-title">Introduction</h1></div><div class="ugc front-matter-ugc"><p>Why write.</p></div></div>',
        },
        {
          id: 'main',
          body: '<div class="part" id="part-main-body"><div class="part-title-wrap"><h3 class="part-number">I</h3><h1 class="part-title">Main Body</h1></div></div>',
        },
        { id: 'c1', body: pressbooksChapter(1, 'Writing Well') },
        { id: 'c2', body: pressbooksChapter(2, 'Reading Closely') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Introduction', 'text/intro.xhtml'],
          [
            'Main Body',
            'text/main.xhtml',
            [
              ['Writing Well', 'text/c1.xhtml'],
              ['Reading Closely', 'text/c2.xhtml'],
            ],
          ],
        ]),
      },
    });
    expect(
      chapters.map((c) => [
        c.label ?? null,
        c.title,
        c.part ?? null,
        c.topics.map((t) => `${t.kind}:${t.title}: ${t.blocks.map((b) => b.text).join(' / ')}`),
      ]),
    ).toEqual([
      ['1', 'Introduction', null, ['topic:Introduction: Why write.']],
      [
        '1',
        'Writing Well',
        'Main Body',
        [
          'other:Learning Objectives: - Objective 1.',
          // After a box the text goes on under the chapter's opening, and joins the section it
          // interrupted: not under the box.
          'topic:Writing Well: Opening of 1.',
          'topic:Idea 1: Idea text 1. / Closing of 1.',
          'exercises:Exercises: 1. Question 1.',
        ],
      ],
      [
        '2',
        'Reading Closely',
        'Main Body',
        [
          'other:Learning Objectives: - Objective 2.',
          'topic:Reading Closely: Opening of 2.',
          'topic:Idea 2: Idea text 2. / Closing of 2.',
          'exercises:Exercises: 1. Question 2.',
        ],
      ],
    ]);
  });

  it('gives a section the TOC opened the text after a text box that comes before it, without doubling it', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'c', body: '<h1>Chapter 1 Matter</h1>' },
        {
          id: 's',
          body: '<h2>1.1 Atoms</h2><div class="textbox"><h3>Learning Objectives</h3><p>Know atoms.</p></div><p>Atoms are small.</p>',
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([['Chapter 1 Matter', 'text/c.xhtml', [['1.1 Atoms', 'text/s.xhtml']]]]),
      },
    });
    expect(
      chapters[0]?.topics.map((t) => [t.id, t.number ?? null, t.kind, t.title, t.blocks.map((b) => b.text)]),
    ).toEqual([
      ['c1-t001', '1.1', 'topic', 'Atoms', ['Atoms are small.']],
      ['c1-t002', null, 'other', 'Learning Objectives', ['Know atoms.']],
    ]);
  });

  it('reads an <hgroup> of a number and a title as one heading, the title the TOC left out included', async () => {
    // Standard Ebooks: the ordinal as an h2, the title as a paragraph, both in an <hgroup>.
    const chapter = (n: string, title: string, text: string) =>
      `<section epub:type="chapter"><hgroup><h2 epub:type="ordinal z3998:roman">${n}</h2><p epub:type="title">${title}</p></hgroup><p>${text}</p></section>`;
    const { chapters } = await extract({
      ncx: false,
      documents: [
        { id: 'c1', body: chapter('I', 'Loomings', 'Call me Ishmael.') },
        { id: 'c2', body: chapter('II', 'The Carpet-Bag', 'I stuffed a shirt or two.') },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['I: Loomings', 'text/c1.xhtml'],
          ['II', 'text/c2.xhtml'],
        ]),
      },
    });
    expect(chapters.map((c) => [c.label, c.title, c.topics.map((t) => t.blocks.map((b) => b.text))])).toEqual(
      [
        ['I', 'Loomings', [['Call me Ishmael.']]],
        ['II', 'The Carpet-Bag', [['I stuffed a shirt or two.']]],
      ],
    );
  });

  it('consumes a title set in a heading style, in a document without heading elements', async () => {
    // A layout program's export: the chapter's number and title as styled paragraphs.
    const { chapters } = await extract({
      documents: [
        {
          tocTitle: '1. Motion',
          body: '<p class="Chapter-Number">1</p><p class="Chapter-Title">Motion</p><p class="Body">Things move.</p><p class="Body">Motion</p>',
        },
      ],
    });
    expect(chapters.map((c) => [c.label, c.title, c.topics.map((t) => t.blocks.map((b) => b.text))])).toEqual(
      [
        // The same word later, in a body style, is text.
        ['1', 'Motion', [['Things move.', 'Motion']]],
      ],
    );
  });

  it('drops a number set apart before the title the TOC gave, and keeps a number that is text', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 'a', tocTitle: 'Heat', body: '<p class="chapter-number">3</p><h1>Heat</h1><p>Hot things.</p>' },
        { id: 'b', tocTitle: 'Answers', body: '<p>42</p><p>is the answer to the first question.</p>' },
      ],
    });
    expect(chapters.map((c) => [c.title, c.topics.map((t) => t.blocks.map((b) => b.text))])).toEqual([
      ['Heat', [['Hot things.']]],
      ['Answers', [['42', 'is the answer to the first question.']]],
    ]);
  });

  it('joins solutions in a section of their own to the exercises section before them', async () => {
    const { chapters } = await extract({
      documents: [
        {
          id: 'c',
          tocTitle: 'Vectors',
          body: '<h1>Vectors</h1><section><h2>Spans</h2><p>Span text.</p></section><section><h2>Exercises</h2><p>C10 Find a span.</p></section><section><h2>Solutions</h2><p>C10 The span is the plane.</p></section><section><h2>Bases</h2><p>Basis text.</p></section>',
        },
      ],
    });
    expect(chapters[0]?.topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['topic', 'Spans', ['Span text.']],
      ['solved-problems', 'Exercises', ['C10 Find a span.', 'Solutions', 'C10 The span is the plane.']],
      ['topic', 'Bases', ['Basis text.']],
    ]);
  });

  it('takes a heading numbered 1. under a TOC label numbered I. as the same title', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [
        {
          id: 's',
          body: `<h1>A Four-Leaved Clover</h1><section id="a"><h2>1. The Rabbi and The Diadem</h2><p>Great was the alarm.</p></section><section id="b"><h2>2. Friendship</h2><p>Two friends.</p></section><section id="c"><h2>3. True Charity</h2><p>A gift.</p></section>`,
        },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          [
            'A Four-Leaved Clover',
            'text/s.xhtml',
            [
              ['I. The Rabbi and the Diadem', 'text/s.xhtml#a'],
              ['II. Friendship', 'text/s.xhtml#b'],
              ['IV. True Charity', 'text/s.xhtml#c'],
            ],
          ],
        ]),
      },
    });
    const topics = chapters[0]?.topics ?? [];
    expect(topics.map((t) => [t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['I. The Rabbi and the Diadem', ['Great was the alarm.']],
      ['II. Friendship', ['Two friends.']],
      // IV is not 3: the heading is not the TOC's title again, but the link lands on it, so it is the
      // entry's own heading, the first line of its topic (not a topic of its own after an empty one).
      ['IV. True Charity', ['3. True Charity', 'A gift.']],
    ]);
  });
});

describe('documents the TOC does not list', () => {
  it("keeps the sections Calibre split off a chapter the TOC lists in that chapter (Pro Git's h2 documents)", async () => {
    const { chapters } = await extract({
      version: 2,
      documents: [
        { id: 'c1', body: `<h1>Getting Started</h1>${para(1, 'start')}`, tocTitle: 'Getting Started' },
        { id: 's1', body: `<h2>About Version Control</h2>${para(2, 'vcs')}<h3>Local Systems</h3>${para(1)}` },
        { id: 's2', body: `<h2>Summary</h2>${para(1, 'summary')}` },
        { id: 'c2', body: `<h1>Git Basics</h1>${para(1, 'basics')}`, tocTitle: 'Git Basics' },
        { id: 's3', body: `<h2>Getting a Repository</h2>${para(2, 'repo')}` },
        { id: 's4', body: `<h2>Recording Changes</h2>${para(2, 'changes')}` },
        { id: 's5', body: `<h2>Undoing Things</h2>${para(2, 'undo')}` },
      ],
    });
    expect(topicsOf(chapters)).toEqual([
      [
        1,
        'Getting Started',
        ['topic:Getting Started', 'topic:About Version Control', 'topic:Local Systems', 'summary:Summary'],
      ],
      [
        2,
        'Git Basics',
        ['topic:Git Basics', 'topic:Getting a Repository', 'topic:Recording Changes', 'topic:Undoing Things'],
      ],
    ]);
  });
});

describe('a Sphinx book whose nav links its pages from the wrong folder', () => {
  it('finds each page by its file name and titles it by its own heading, not its navigation bar', async () => {
    const bar =
      '<div class="related" role="navigation"><h3>Navigation</h3><ul><li><a href="index.xhtml">Guide</a></li></ul></div>';
    const page = (heading: string, body: string) =>
      `${bar}<div class="document"><div class="section"><h1>${heading}</h1>${body}</div></div>${bar}`;
    const { chapters } = await extract({
      title: 'Packaging Guide',
      ncx: false,
      documents: [
        { id: 'index', href: 'guide/index.xhtml', body: page('Packaging Guide', para(1, 'welcome')) },
        { id: 'intro', href: 'guide/intro.xhtml', body: page('1. Introduction', para(3, 'intro')) },
        {
          id: 'setup',
          href: 'guide/setup.xhtml',
          body: page('2. Getting Set Up', `${para(1, 'setup')}<h2>2.1. Install</h2>${para(2, 'install')}`),
        },
        { id: 'build', href: 'guide/build.xhtml', body: page('3. Building', para(3, 'build')) },
      ],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['Packaging Guide', 'guide/index.xhtml'],
          ['Introduction', 'intro.xhtml'],
          ['Getting Set Up', 'setup.xhtml', [['Install', 'setup.xhtml#install']]],
          ['Building', 'build.xhtml'],
        ]),
      },
    });
    expect(topicsOf(chapters)).toEqual([
      [0, 'Front matter', ['front-matter:Packaging Guide']],
      [1, 'Introduction', ['topic:Introduction']],
      [2, 'Getting Set Up', ['topic:Getting Set Up', 'topic:Install']],
      [3, 'Building', ['topic:Building']],
    ]);
  });
});

describe("a publisher's pages after the text", () => {
  it('spends no request on the pages of other books a book ends with (Feedbooks, an author)', async () => {
    const { chapters } = await extract({
      version: 2,
      documents: [
        {
          id: 'c1',
          body: `<h2>Down the Rabbit Hole</h2>${para(3, 'alice')}`,
          tocTitle: 'Down the Rabbit Hole',
        },
        { id: 'c2', body: `<h2>The Pool of Tears</h2>${para(3, 'tears')}`, tocTitle: 'The Pool of Tears' },
        {
          id: 'similar',
          body: '<h3>Loved this book ?<br/>Similar users also downloaded</h3><ul class="similar"><li>Lyman Frank Baum</li><li><a href="http://example.org/197.epub"><em>The Wonderful Wizard of Oz</em></a><p>Dorothy is a young girl who lives on a Kansas farm.</p></li></ul>',
          tocTitle: 'Recommendations',
        },
        {
          id: 'more',
          body: `<h1>More Books to Read</h1><h2>Thanks for reading</h2>${para(1, 'thanks')}`,
          tocTitle: 'More Books to Read',
        },
      ],
    });
    expect(kindsOf(chapters)).toEqual([
      [1, 'Down the Rabbit Hole', ['topic']],
      [2, 'The Pool of Tears', ['topic']],
      [3, 'Recommendations', ['other']],
      [4, 'More Books to Read', ['other']],
    ]);
  });
});

describe('structure without a usable TOC', () => {
  it('keeps sections Calibre split into documents of their own in their chapter', async () => {
    const { chapters } = await extract({
      documents: [
        { id: 's0', body: `<h1>Light</h1>${para(2, 'light')}` },
        { id: 's1', body: `<h2>Basics of light</h2>${para(2, 'rays')}` },
        { id: 's2', body: `<h2>Exercises</h2><ol><li>Name a ray.</li></ol>` },
        { id: 's3', body: `<h1>Heat</h1>${para(2, 'heat')}` },
        { id: 's4', body: `<h2>Uses of heat</h2>${para(2, 'uses')}` },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Light', ['topic:Light', 'topic:Basics of light', 'exercises:Exercises']],
      [2, null, 'Heat', ['topic:Heat', 'topic:Uses of heat']],
    ]);
  });

  it('takes a heading with ruby for the chapter it opens, opening no empty topic beside it', async () => {
    const { chapters } = await extract({
      language: 'ja',
      documents: [
        {
          id: 'c1',
          body: '<h2>第一章　君に渡す<ruby>襷<rt>たすき</rt></ruby>として</h2><p>僕は去年の番組の話をします。</p><h3>テーマは「心を<ruby>耕<rt>たがや</rt></ruby>す」</h3><p>心を耕す授業でした。</p>',
        },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, '君に渡す襷として', ['topic:君に渡す襷として', 'topic:テーマは「心を耕す」']],
    ]);
    expect(chapters[0]?.label).toBe('第一章');
  });

  it('names a document without a heading by a <title> no other document has', async () => {
    const page = (title: string, text: string) =>
      `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><p>${text}</p></body></html>`;
    const { chapters, summary } = await extract({
      title: 'Folk Tales',
      documents: [
        { body: page('The Crow and the Pot', 'A thirsty crow.') },
        { body: page('The Lion and the Mouse', 'A small mouse.') },
        // The book's title, a file name, or a title two documents share names nothing: the text runs on.
        { body: page('Folk Tales', 'More of the mouse.') },
        { body: page('tale3.xhtml', 'Still the mouse.') },
      ],
    });
    expect(summary.structure).toBe('spine');
    expect(chapters.map((c) => [c.title, c.topics.flatMap((t) => t.blocks.map((b) => b.text))])).toEqual([
      ['The Crow and the Pot', ['A thirsty crow.']],
      ['The Lion and the Mouse', ['A small mouse.', 'More of the mouse.', 'Still the mouse.']],
    ]);
  });

  it('opens a chapter at each document that starts with a heading, and topics at the headings inside', async () => {
    const { chapters, summary } = await extract({
      documents: [
        {
          body: `<h1>الفصل الأول</h1><h2>ما هو السرطان؟</h2>${para(2, 'نص')}<h2>أهمّية جيناتنا</h2>${para(1, 'نص')}`,
        },
        { body: `<h1>الفصل الثاني</h1><h2>التغذية</h2>${para(2, 'نص')}` },
      ],
    });
    expect(summary.structure).toBe('spine');
    expect(outline(chapters)).toEqual([
      [1, null, 'الفصل الأول', ['topic:ما هو السرطان؟', 'topic:أهمّية جيناتنا']],
      [2, null, 'الفصل الثاني', ['topic:التغذية']],
    ]);
  });

  it('falls back to "Unit N" headings when the TOC is a converter\'s list of file names', async () => {
    const { chapters, summary } = await extract({
      documents: [
        { body: '<h1>UNIT 1 Motion</h1><h2>1.1 Speed</h2><p>a</p>', tocTitle: 'part0000.xhtml' },
        { body: '<h2>1.2 Velocity</h2><p>b</p>', tocTitle: 'part0001.xhtml' },
        { body: '<h1>UNIT 2 Heat</h1><h2>2.1 Temperature</h2><p>c</p>', tocTitle: 'part0002.xhtml' },
      ],
    });
    expect(summary.structure).toBe('headings');
    expect(chapters.map((c) => [c.number, c.title, c.topics.map((t) => t.number)])).toEqual([
      [1, 'Motion', ['1.1', '1.2']],
      [2, 'Heat', ['2.1']],
    ]);
  });
});

describe('a book in one document, divided by epub:type', () => {
  /** A poem as The Waste Land sample sets it: title page, five sections and the notes in one document. */
  const poem = `<section epub:type="frontmatter" id="front"><section epub:type="titlepage"><h1>The Land</h1><p>A poet.</p><p epub:type="dedication">For a friend.</p></section></section>
<section epub:type="bodymatter" id="body"><section id="ch1"><h2>I. THE BURIAL</h2>${para(3, 'April')}</section><section id="ch2"><h2>II. A GAME</h2>${para(3, 'chess')}</section></section>
<section epub:type="backmatter" id="back"><section id="notes"><h2>NOTES ON THE LAND</h2>${para(2, 'notes')}</section></section>`;

  it('keeps the front matter as chapter 0 and the notes as back matter, the TOC giving the chapters', async () => {
    const { chapters } = await extract({
      ncx: false,
      documents: [{ id: 'poem', body: poem }],
      extraFiles: {
        'OEBPS/nav.xhtml': nav([
          ['I. THE BURIAL', 'text/poem.xhtml#ch1'],
          ['II. A GAME', 'text/poem.xhtml#ch2'],
          ['NOTES ON THE LAND', 'text/poem.xhtml#notes'],
        ]),
      },
    });
    expect(outline(chapters)).toEqual([
      [0, null, 'Front matter', ['front-matter:The Land']],
      [1, null, 'THE BURIAL', ['topic:THE BURIAL']],
      [2, null, 'A GAME', ['topic:A GAME']],
      [3, null, 'NOTES ON THE LAND', ['other:NOTES ON THE LAND']],
    ]);
    expect(chapters[0]?.topics[0]?.blocks.map((b) => b.text)).toEqual(['A poet.', 'For a friend.']);
    expect(chapters[3]?.topics[0]?.blocks).toHaveLength(2);
  });

  it('tells the divisions apart without a TOC: not the whole book as front matter', async () => {
    const { chapters } = await extract({ documents: [{ id: 'poem', body: poem }] });
    expect(outline(chapters)).toEqual([
      [0, null, 'Front matter', ['front-matter:The Land']],
      [1, null, 'THE BURIAL', ['topic:THE BURIAL', 'topic:II. A GAME']],
      [2, null, 'NOTES ON THE LAND', ['other:NOTES ON THE LAND']],
    ]);
  });

  it('reads a front-matter division after the body as back matter, as a document after it would be', async () => {
    const { chapters } = await extract({
      documents: [
        {
          id: 'book',
          body: `<section epub:type="bodymatter"><h1>Rivers</h1>${para(2, 'river')}</section><section epub:type="frontmatter"><h1>Acknowledgements</h1><p>Thanks to all.</p></section>`,
        },
      ],
    });
    expect(outline(chapters)).toEqual([
      [1, null, 'Rivers', ['topic:Rivers']],
      [2, null, 'Acknowledgements', ['other:Acknowledgements']],
    ]);
  });
});

describe('kinds that let the body through', () => {
  it('names a kind only when the keyword is the whole title', async () => {
    const { chapters } = await extract({
      documents: [
        {
          body: '<h1>Rights</h1><h2>Exercise your copyright</h2><p>You may.</p><h2>1.2 Solved Problems</h2><p>P1.</p><h2>Exercises</h2><p>Q1.</p>',
          tocTitle: 'Rights',
        },
      ],
    });
    expect(chapters[0]?.topics.map((t) => [t.title, t.kind])).toEqual([
      ['Exercise your copyright', 'topic'],
      ['Solved Problems', 'solved-problems'],
      ['Exercises', 'exercises'],
    ]);
  });

  it("takes a section's kind from its EDUPUB type when its title names none", async () => {
    const { chapters } = await extract({
      documents: [
        {
          tocTitle: 'Motion',
          body: `<h1>Motion</h1><section epub:type="learning-objectives"><h2>In this chapter</h2><p>You will learn speed.</p></section><section><h2>Speed</h2><p>Speed text.</p><section epub:type="practices"><h3>Let's practise</h3><ol><li>Find a speed.</li></ol></section><p>More on speed.</p></section><section epub:type="keywords"><h2>Words to know</h2><p>speed: how fast.</p></section>`,
        },
      ],
    });
    expect(chapters[0]?.topics.map((t) => [t.kind, t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['other', 'In this chapter', ['You will learn speed.']],
      ['topic', 'Speed', ['Speed text.', 'More on speed.']],
      ['exercises', "Let's practise", ['1. Find a speed.']],
      ['glossary', 'Words to know', ['speed: how fast.']],
    ]);
  });

  it('counts exercises that carry their own solutions as solved problems', async () => {
    const { chapters } = await extract({
      documents: [
        {
          body: '<h1>Spans</h1><p>A span is…</p><h2>Exercises</h2><p>C10 Find x.</p><h2>Solutions</h2><p>C10 x = 2.</p>',
          tocTitle: 'Spans',
        },
      ],
    });
    expect(chapters[0]?.topics.map((t) => [t.title, t.kind])).toEqual([
      ['Spans', 'topic'],
      ['Exercises', 'solved-problems'],
    ]);
  });
});

describe('topics of a usable size', () => {
  it('cuts a section over maxTopicTokens into parts that keep its number and title, marked part i of n', async () => {
    const { chapters, summary } = await extract(
      {
        documents: [
          { body: `<h1>Chapter 3 Heat</h1><h2>3.1 Temperature</h2>${para(120)}`, tocTitle: 'Chapter 3 Heat' },
        ],
      },
      { maxTopicTokens: 300 },
    );
    const pieces = chapters[0]?.topics.filter((t) => t.number === '3.1') ?? [];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.map((t) => t.split)).toEqual(pieces.map((_, i) => ({ part: i + 1, of: pieces.length })));
    expect(new Set(pieces.map((t) => t.title))).toEqual(new Set(['Temperature']));
    expect(new Set(chapters[0]?.topics.map((t) => t.id)).size).toBe(chapters[0]?.topics.length);
    expect(summary.largestTopicTokens).toBeLessThanOrEqual(300);
  });
});

describe('saying when text will not reach the prompts', () => {
  it('reports the share of text per kind and warns, naming the kinds, when less than half is in prompt kinds', async () => {
    const warnings: string[] = [];
    const reporter: Reporter = { ...silentReporter, warn: (m) => warnings.push(m) };
    const { summary } = await extract(
      {
        documents: [
          { body: `<h1>Glossary</h1>${para(30, 'terms')}`, tocTitle: 'Glossary' },
          { body: `<h1>Motion</h1>${para(3)}`, tocTitle: 'Motion' },
        ],
      },
      { reporter },
    );
    expect(summary.textShareByKind.glossary).toBeGreaterThan(0.5);
    expect(summary.promptShare).toBeLessThan(0.5);
    expect(warnings.join('\n')).toMatch(/% of the text is in topics the prompt templates take.*glossary/);
  });

  it('warns when the text reads as Tamil in an 8-bit font taken for Latin letters', async () => {
    // Our own Tamil sentence as Bamini's codes read; a PDF set in Bamini comes out of a converter so.
    const bamini = 'xU nghUspd; kPJ nray;gLk; tpir mjd; ,af;f epiyia khw;WfpwJ. ';
    const warnings: string[] = [];
    const { summary } = await extract(
      {
        documents: [{ body: `<h1>Unit 1</h1>${`<p>${bamini.repeat(3)}</p>`.repeat(6)}`, tocTitle: 'Unit 1' }],
      },
      { reporter: { ...silentReporter, warn: (m) => warnings.push(m) } },
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /^54 of the text's 2\d\d words read as an 8-bit font of an Indian script taken for Latin letters/,
      ),
    ]);
    expect(summary.lostLetters?.legacyFontWords).toBe(54);
  });

  it('warns when Tamil text has lost its joined letters in a conversion, and when characters are unreadable', async () => {
    // Our own sentences; a glyph-by-glyph PDF converter drops each consonant with its pulli or its u sign.
    const lesson =
      'ஒரு பொருளின் மீது செயல்படும் விசை அதன் இயக்க நிலையை மாற்றுகிறது. கொடுக்கப்பட்ட நிறையுடைய பொருளுக்கு விசை அதிகமானால் முடுக்கமும் அதிகமாகும். ';
    const broken = lesson.replace(/[\u0B95-\u0BB9][\u0BCD\u0BC1\u0BC2]/g, ' ');
    const run = async (text: string) => {
      const warnings: string[] = [];
      const { summary } = await extract(
        {
          language: 'ta',
          documents: [
            { body: `<h1>அலகு 1 இயக்கம்</h1>${`<p>${text}</p>`.repeat(6)}`, tocTitle: 'அலகு 1 இயக்கம்' },
          ],
        },
        { reporter: { ...silentReporter, warn: (m) => warnings.push(m) } },
      );
      return { warnings, summary };
    };
    const whole = await run(lesson);
    expect(whole.warnings).toEqual([]);
    expect(whole.summary.lostLetters).toBeUndefined();
    const lost = await run(broken);
    expect(lost.warnings).toHaveLength(1);
    expect(lost.warnings[0]).toMatch(
      /^the Tamil text \(\d+ words, 100 % of the book's\) has lost letters in a conversion: \d+ of its \d+ words are a consonant alone/,
    );
    expect(lost.summary.lostLetters?.scripts.Tamil?.loneConsonants).toBeGreaterThan(10);
    const unreadable = await run(`${lesson}\uFFFD\uFFFD`);
    expect(unreadable.warnings).toEqual([
      expect.stringMatching(/^12 character\(s\) of the text are U\+FFFD/),
    ]);
    expect(unreadable.summary.lostLetters).toMatchObject({
      unreadable: 12,
      scripts: { Tamil: { loneConsonants: 0 } },
    });
  });
});

describe('hostile markup', () => {
  it('refuses a document nested 20,000 elements deep at once, naming it, with no output folder', async () => {
    const file = dir.join('deep.epub');
    const body = `${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}`;
    await writeFile(
      file,
      buildEpub({
        documents: [
          { id: 'ok', body: '<p>fine</p>' },
          { id: 'deep', body },
        ],
      }),
    );
    const error = await extractEpub(file, { outDir: dir.join('out') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EPUB_TOO_DEEP', exitCode: 2 });
    expect((error as Error).message).toContain('text/deep.xhtml');
    await expect(readFile(dir.join('out', 'book.json'))).rejects.toThrow();
  });
});
