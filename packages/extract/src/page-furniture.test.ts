import type { Block } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import {
  furnitureAtPageBreaks,
  furnitureOfPages,
  runningTitleHeads,
  withoutPageEdges,
  withoutPageFurniture,
  withoutTitleHead,
} from './page-furniture.js';

const p = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });
const h = (text: string): DocumentItem => ({ kind: 'heading', level: 1, text });
const anchor = (id: string): DocumentItem => ({ kind: 'anchor', id });
const texts = (items: readonly DocumentItem[]) =>
  items.map((i) =>
    i.kind === 'block'
      ? i.block.text
      : i.kind === 'heading'
        ? `# ${i.text}`
        : i.kind === 'anchor'
          ? `@${i.id}`
          : i.kind === 'end'
            ? `end ${i.section}`
            : `division ${i.role ?? 'none'}`,
  );

/** Pages as a converted PDF keeps them: the text, the page's number, the next page's running head. */
function pages(count: number, head = 'Physics for Class 9'): DocumentItem[] {
  const out: DocumentItem[] = [];
  for (let page = 1; page <= count; page += 1) {
    out.push(
      anchor(`p${page}`),
      p(head),
      p(`Text of page ${page}.`),
      p(`More of page ${page}.`),
      p(String(page)),
    );
  }
  return out;
}

describe('withoutPageFurniture', () => {
  it('leaves out the page numbers and the running head, keeping anchors and text', () => {
    const { items, left } = withoutPageFurniture([h('Unit 1 Motion'), ...pages(4)]);
    expect(texts(items)).toEqual([
      '# Unit 1 Motion',
      '@p1',
      'Text of page 1.',
      'More of page 1.',
      '@p2',
      'Text of page 2.',
      'More of page 2.',
      '@p3',
      'Text of page 3.',
      'More of page 3.',
      '@p4',
      'Text of page 4.',
      'More of page 4.',
    ]);
    expect(left).toEqual({ pageNumbers: 4, runningHeads: 4 });
  });

  it('keeps bare numbers that do not rise page after page', () => {
    const items = [p('3'), p('Text.'), p('1'), p('Text.'), p('2'), p('Text.'), p('1')];
    expect(withoutPageFurniture(items)).toEqual({ items, left: { pageNumbers: 0, runningHeads: 0 } });
  });

  it('keeps bare numbers off the chain of pages, as a table set as paragraphs has them', () => {
    const items: DocumentItem[] = [];
    for (let page = 7; page <= 11; page += 1)
      items.push(p(`Text ${page}.`), p('Speed'), p(String(page * 25)), p(`More ${page}.`), p(String(page)));
    // Page 10 is a full-page picture: no number; the chain goes on at 11.
    const kept = withoutPageFurniture(items.filter((i) => !(i.kind === 'block' && i.block.text === '10')));
    expect(kept.left).toEqual({ pageNumbers: 4, runningHeads: 0 });
    expect(texts(kept.items).filter((t) => /^\d+$/.test(t))).toEqual(['175', '200', '225', '250', '275']);
  });

  it('keeps numbers set apart from their questions, one paragraph apart', () => {
    const items = [1, 2, 3, 4, 5].flatMap((n) => [p(String(n)), p(`Question ${n}?`)]);
    expect(withoutPageFurniture(items).left).toEqual({ pageNumbers: 0, runningHeads: 0 });
  });

  it('keeps a line at the foot of fewer than most pages (a table that ends some pages)', () => {
    const items: DocumentItem[] = [];
    for (let page = 1; page <= 10; page += 1)
      items.push(
        p('Physics'),
        p(`Text ${page}.`),
        p('More.'),
        p(page % 3 === 0 ? 'm/s' : `End ${page}.`),
        p(String(page)),
      );
    const { items: kept, left } = withoutPageFurniture(items);
    expect(left).toEqual({ pageNumbers: 10, runningHeads: 10 });
    expect(texts(kept).filter((t) => t === 'm/s')).toHaveLength(3);
  });

  it("leaves out a chapter's running head, set on its chapter's pages only, after the page's pictures too", () => {
    // Calibre's PDF input: a page's pictures first, then its lines; each unit's pages headed by the unit.
    const figure: DocumentItem = { kind: 'block', block: { type: 'figure', text: 'Image', alt: 'Image' } };
    const items: DocumentItem[] = [];
    for (let page = 1; page <= 12; page += 1) {
      const head = page <= 6 ? 'UNIT-1 LAWS OF MOTION' : 'UNIT-2 OPTICS';
      // The heads are headings by now: lines that read "Unit 1 …" are.
      items.push(
        anchor(`p${page}`),
        figure,
        h(head),
        p(`Text of page ${page}.`),
        p(`More of page ${page}.`),
        p(String(page)),
      );
    }
    const { items: kept, left } = withoutPageFurniture(items);
    // A heading's first place is kept: the unit's title on its opening page.
    expect(left).toEqual({ pageNumbers: 12, runningHeads: 10 });
    expect(texts(kept).filter((t) => t.startsWith('#'))).toEqual([
      '# UNIT-1 LAWS OF MOTION',
      '# UNIT-2 OPTICS',
    ]);
  });

  it('keeps a short line that repeats at the foot of a few pages of a stretch (a table that ends them)', () => {
    const items: DocumentItem[] = [];
    for (let page = 1; page <= 20; page += 1)
      items.push(
        p(`Text ${page}.`),
        p('More.'),
        p(page >= 5 && page <= 12 && page % 2 === 0 ? 'm/s' : 'End.'),
        p(String(page)),
      );
    expect(texts(withoutPageFurniture(items).items).filter((t) => t === 'm/s')).toHaveLength(4);
  });

  it("finds the page numbers on both sides of pages without one (a unit's opening spread)", () => {
    const items: DocumentItem[] = [];
    // Pages 6 to 8 carry no number: "5" then "9" is a step of four.
    for (const page of [1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15])
      items.push(p(`Text of page ${page}.`), p('More.'), p(`The end of page ${page}.`), p(String(page)));
    const { items: kept, left } = withoutPageFurniture(items);
    expect(left.pageNumbers).toBe(12);
    expect(texts(kept).filter((t) => /^\d+$/.test(t))).toEqual([]);
  });

  it('keeps a document with fewer than three bare numbers as it is', () => {
    const items = [p('Title'), p('1'), p('Title'), p('2'), p('Title')];
    expect(withoutPageFurniture(items).left).toEqual({ pageNumbers: 0, runningHeads: 0 });
  });

  it('keeps a repeated line that is not at page breaks, and a long one', () => {
    const long = `A long line ${'of words '.repeat(12)}`;
    const items: DocumentItem[] = [];
    for (let page = 1; page <= 4; page += 1)
      items.push(p(`Question ${page}.`), p('Try this!'), p('More.'), p(long), p(String(page + 10)));
    const { items: kept, left } = withoutPageFurniture(items);
    expect(left).toEqual({ pageNumbers: 4, runningHeads: 0 });
    expect(texts(kept).filter((t) => t === 'Try this!')).toHaveLength(4);
    expect(texts(kept).filter((t) => t === long)).toHaveLength(4);
  });

  it('never takes a sub-heading or a list for furniture', () => {
    const items: DocumentItem[] = [];
    for (let page = 1; page <= 3; page += 1)
      items.push(
        { kind: 'block', block: { type: 'paragraph', text: 'Remember', heading: true } },
        { kind: 'block', block: { type: 'list', text: '- 1', items: ['1'], ordered: false } },
        p(`Text ${page}.`),
        p(`More ${page}.`),
        p(String(page)),
      );
    const { items: kept, left } = withoutPageFurniture(items);
    expect(left).toEqual({ pageNumbers: 3, runningHeads: 0 });
    expect(kept).toHaveLength(12);
  });
});

describe('furnitureOfPages (a fixed-layout book, one document a page)', () => {
  /** Page n's edges: its running head, its first and last lines of text, its number. */
  const page = (n: number, head: string, text = `Text of page ${n}.`) => [
    head,
    text,
    `End of ${n}.`,
    String(n),
  ];

  it('finds the numbers rising page to page (a picture page without one) and the running heads', () => {
    const edges = [
      ['Science for Class 7'], // the title page: no number
      page(5, 'Science for Class 7'),
      page(6, 'Unit 1 Matter'),
      page(7, 'Science for Class 7'),
      undefined, // a page of another layout
      page(9, 'Unit 1 Matter'),
      page(10, 'Science for Class 7'),
    ];
    const found = furnitureOfPages(edges);
    expect(found.map((f) => f?.pageNumber ?? null)).toEqual([null, '5', '6', '7', null, '9', '10']);
    // The book's title is on most pages; "Unit 1 Matter" on 2 of the 5 pages it spans is too rare.
    expect(found[1]?.heads).toEqual(new Set(['Science for Class 7']));
    expect(found[2]?.heads).toEqual(new Set());
    expect(found[0]?.heads).toEqual(new Set(['Science for Class 7']));
  });

  it('finds nothing in pages whose numbers do not rise, or are too few', () => {
    expect(furnitureOfPages([page(3, 'A'), page(9, 'A'), page(2, 'A'), page(30, 'A')])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(furnitureOfPages([page(1, 'A'), page(2, 'A')]).every((f) => f === undefined)).toBe(true);
    // Three numbered pages among nine are no numbering of the pages.
    const sparse = Array.from({ length: 9 }, (_, i) => (i % 3 === 0 ? page(i / 3 + 1, 'A') : ['Text.']));
    expect(furnitureOfPages(sparse).every((f) => f === undefined)).toBe(true);
  });

  it("leaves a page's number and heads out of its first and last blocks only, and counts them", () => {
    const items: DocumentItem[] = [
      p('Science for Class 7'),
      { kind: 'heading', level: 2, text: 'Science for Class 7' },
      p('12 is the number of this question.'),
      p('Science for Class 7'),
      p('More text.'),
      p('Science for Class 7'),
      p('Middle text.'),
      p('Last text.'),
      p('12'),
    ];
    const clean = withoutPageEdges(items, { pageNumber: '12', heads: new Set(['Science for Class 7']) });
    // The heading stays, and so does the head's text in the middle of the page.
    expect(texts(clean.items)).toEqual([
      '# Science for Class 7',
      '12 is the number of this question.',
      'More text.',
      'Science for Class 7',
      'Middle text.',
      'Last text.',
    ]);
    expect(clean.left).toEqual({ pageNumbers: 1, runningHeads: 2 });
  });
});

describe('runningTitleHeads', () => {
  it("takes the book's title for a running head where three documents set it above their own heading", () => {
    const docs = [['A Field Guide'], ['A Field Guide', 'Rivers'], ['A field guide', 'Hills'], ['Seas']];
    expect(runningTitleHeads(docs, ['A Field Guide'])).toEqual(new Set());
    expect(runningTitleHeads([...docs, ['A FIELD GUIDE', 'Tides']], ['A Field Guide', ''])).toEqual(
      new Set(['a field guide']),
    );
  });

  it('leaves out that heading only above another heading, keeping its anchors', () => {
    const heads = new Set(['a field guide']);
    const page = [anchor('top'), h('A Field Guide'), anchor('c1'), h('Rivers'), p('Water.')];
    expect(texts(withoutTitleHead(page, heads).items)).toEqual(['@top', '@c1', '# Rivers', 'Water.']);
    expect(withoutTitleHead(page, heads).left).toBe(1);
    const titlePage = [h('A Field Guide'), p('by A. Walker')];
    expect(withoutTitleHead(titlePage, heads).left).toBe(0);
    expect(withoutTitleHead(page, new Set()).left).toBe(0);
  });
});

describe("furnitureAtPageBreaks (a scan's pages marked by page-break markers)", () => {
  const para = (text: string, heading = false): Block =>
    heading ? { type: 'paragraph', text, heading: true } : { type: 'paragraph', text };
  const textsOf = (blocks: ReadonlySet<Block>) => [...blocks].map((b) => b.text);

  it("takes a page's own number beside its break, at its head or at the foot of the page before", () => {
    const [head, foot, other] = [para('14'), para('14'), para('16')];
    const found = furnitureAtPageBreaks([
      { label: '14', after: head },
      // The foot of page 14 stands before the break of page 15; "16" before the break of page 16 is no page's number.
      { label: '15', before: foot, after: para('Text.') },
      { label: '16', before: other },
    ]);
    expect(found.pageNumbers).toEqual(new Set([head, foot]));
    expect(found.runningHeads.size).toBe(0);
  });

  it("takes a line beside its page's number when it so stands on two pages, in either order", () => {
    const heads = [para('14 MEASUREMENT'), para('Measurement 15'), para('16 HEAT')];
    const found = furnitureAtPageBreaks([
      { label: '14', after: heads[0] },
      { label: '15', after: heads[1] },
      { label: '16', after: heads[2] },
    ]);
    expect(textsOf(found.runningHeads)).toEqual(['14 MEASUREMENT', 'Measurement 15']);
  });

  it('takes a line without a number at the head of three pages, a fifth of them where a heading names it', () => {
    const run = (pages: number, heads: number, line = 'MEASUREMENT', headings: string[] = []) =>
      furnitureAtPageBreaks(
        Array.from({ length: pages }, (_, i) => ({
          label: String(i + 1),
          after: para(i < heads ? line : `Text ${i}.`),
        })),
        headings,
      ).runningHeads.size;
    expect(run(10, 3, 'MEASUREMENT', ['Chapter I Measurement'])).toBe(3);
    expect(run(10, 2, 'MEASUREMENT', ['Chapter I Measurement'])).toBe(0);
    // Named by no heading (a speaker's name opening three of a scene's ten pages): two fifths of them.
    expect(run(10, 3, 'HAMLET.')).toBe(0);
    expect(run(10, 4, 'ELEMENTARY PHYSICS')).toBe(4);
    // A short reply that opens three of a novel's hundred pages is text.
    expect(run(100, 3, 'MEASUREMENT', ['Measurement'])).toBe(0);
  });

  it('never takes a sub-heading, a long line, a list or a line away from the page number', () => {
    const found = furnitureAtPageBreaks([
      { label: '14', after: para('14', true) },
      { label: '15', after: para(`15 ${'word '.repeat(20)}`) },
      { label: '16', after: { type: 'list', ordered: false, items: ['16'], text: '16' } },
      { label: '17', after: para('MEASUREMENT 3') },
      { label: '18', after: para('MEASUREMENT 4') },
    ]);
    expect(found.pageNumbers.size + found.runningHeads.size).toBe(0);
  });
});
