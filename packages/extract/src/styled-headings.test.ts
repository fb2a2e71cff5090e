import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import { isBoldInline, isHeadingClass, mayBePlainHeading, withDesignationTitles } from './styled-headings.js';

const p = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });
const h = (text: string): DocumentItem => ({ kind: 'heading', level: 1, text });

describe('mayBePlainHeading', () => {
  it('takes short lines, a designation alone among them', () => {
    for (const text of ['Unit 1 Motion', 'UNIT 1', 'அலகு 3', 'Chapter-2', 'Exercises', 'Points to Remember'])
      expect(mayBePlainHeading(text), text).toBe(true);
  });

  it('refuses contents lines, sentences and long lines', () => {
    for (const text of [
      'Unit 1 Motion .......... 8',
      'Unit 1 Motion … 8',
      'Unit 2 Heat 14',
      'Chapter 3 explains how heat flows.',
      'Why do things move?',
      'Exercises:',
      `Unit 1 ${'word '.repeat(20)}`,
    ])
      expect(mayBePlainHeading(text), text).toBe(false);
  });
});

describe('heading styles', () => {
  it('knows heading classes and bold inline elements', () => {
    expect(['Chapter-Title', 'Head-A', 'SubHead', 'H1', 'x h2', 'unit_title'].map(isHeadingClass)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['Body-Text', 'calibre1', 'h10', undefined].map(isHeadingClass)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isBoldInline('strong', undefined, undefined)).toBe(true);
    expect(isBoldInline('span', 'Bold', undefined)).toBe(true);
    expect(isBoldInline('span', undefined, 'font-weight:700')).toBe(true);
    expect(isBoldInline('span', 'c4', 'font-weight: normal')).toBe(false);
    expect(isBoldInline('i', 'bold', undefined)).toBe(false);
  });
});

describe('withDesignationTitles', () => {
  it('joins a designation alone to the title line after it', () => {
    const items = [h('UNIT 1'), p('Laws of Motion'), p('Things move.'), h('UNIT 2'), p('Optics')];
    expect(withDesignationTitles(items)).toEqual([
      h('UNIT 1 Laws of Motion'),
      p('Things move.'),
      h('UNIT 2 Optics'),
    ]);
  });

  it('keeps apart a line that does not read as a title, and a heading that is more than a designation', () => {
    const items = [
      h('UNIT 1'),
      p('Things move in 3 ways'),
      h('UNIT 2'),
      p('Heat flows from hot to cold.'),
      h('Unit 3 Light'),
      p('Mirrors'),
    ];
    expect(withDesignationTitles(items)).toEqual(items);
  });
});
