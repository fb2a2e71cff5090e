import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import { joinedPageLines } from './page-lines.js';

const p = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });
const texts = (items: readonly DocumentItem[]) =>
  items.map((i) => (i.kind === 'block' ? i.block.text : i.kind === 'heading' ? `# ${i.text}` : i.kind));

describe('joinedPageLines', () => {
  it("joins a fixed-layout page's lines into the paragraphs they break", () => {
    expect(
      texts(
        joinedPageLines([
          { kind: 'heading', level: 2, text: '1.1 Speed' },
          p('The speed of a body is the distance it'),
          p('travels in unit time. It is measured in'),
          p('metres per second, and a body that covers ten exam-'),
          p('ples shows it.'),
          p('Velocity is speed in a direction.'),
          p('It has a size and'),
          { kind: 'heading', level: 3, text: 'direction' },
          p('(a list follows)'),
        ]),
      ),
    ).toEqual([
      '# 1.1 Speed',
      'The speed of a body is the distance it travels in unit time. It is measured in metres per second, and a body that covers ten exam- ples shows it.',
      // A new sentence after a full stop may be a new paragraph: the lines stay apart.
      'Velocity is speed in a direction.',
      'It has a size and',
      '# direction',
      '(a list follows)',
    ]);
  });

  it('keeps lines apart that start in upper case or with a number, and lists and notes as they are', () => {
    const items: DocumentItem[] = [
      p('Newton wrote the laws of motion in'),
      p('Principia, in 1687'),
      p('1. The first law'),
      { kind: 'block', block: { type: 'list', text: '- a', items: ['a'] } },
      p('and text after a list'),
    ];
    expect(texts(joinedPageLines(items))).toEqual(texts(items));
  });
});
