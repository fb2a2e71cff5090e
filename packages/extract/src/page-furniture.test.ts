import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import { withoutPageFurniture } from './page-furniture.js';

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
          : `end ${i.section}`,
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
