import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import {
  boldClassesOf,
  contentsRunIndexes,
  documentBoldClasses,
  headingLevelsOf,
  isBoldInline,
  isHeadingClass,
  largeBoldClassesOf,
  mayBePlainHeading,
  withDesignationTitles,
  withoutContentsRuns,
} from './styled-headings.js';

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
    // A class the book's style sheet sets in bold, among others on the element.
    expect(isBoldInline('span', 'x span2', undefined, new Set(['span2']))).toBe(true);
    expect(isBoldInline('span', 'span1', undefined, new Set(['span2']))).toBe(false);
  });
});

describe('largeBoldClassesOf and headingLevelsOf', () => {
  it('takes the classes set in bold and larger than body text, and ranks them by size', () => {
    const css = `.span0 { font-size: 18.0000pt; font-weight: bold; }
.span1 { }
.span2 { font-size: 14.0000pt; font-weight: bold; }
.calibre5 { font-size: 1.29167em; font-weight: bold }
.big { font-size: 24px; }
.em { font-weight: bold; font-size: 1em }
p.t, .u { font-weight: 700; font-size: 150% }`;
    const sizes = largeBoldClassesOf(css);
    expect(Object.fromEntries(sizes)).toEqual({ span0: 18, span2: 14, calibre5: 12 * 1.29167, t: 18, u: 18 });
    expect(Object.fromEntries(headingLevelsOf(sizes))).toEqual({
      span0: 1,
      t: 1,
      u: 1,
      calibre5: 2,
      span2: 3,
    });
  });
});

describe('boldClassesOf', () => {
  it('finds the classes a style sheet sets in bold, by one-class selectors only', () => {
    const css = `
/* .commented { font-weight: bold } */
.span0 { font-family: 'Calibri'; font-size: 18pt; font-weight: bold; }
.span1 { }
p.para2, .T4 { font-weight:600 }
.plain { font-weight: normal }
@media screen { .inside { font-weight: bolder } }
.toc .entry, div > .child, .a.b, #id { font-weight: bold }
@font-face { font-family: X; font-weight: bold; src: url(x.ttf) }`;
    expect([...boldClassesOf(css)].sort()).toEqual(['T4', 'inside', 'para2', 'span0']);
    expect(boldClassesOf('not css at all { font-weight')).toEqual(new Set());
  });

  it("adds the classes a document's own <style> sets in bold to the book's", () => {
    const book = new Set(['span2']);
    const html =
      '<html><head><style type="text/css">.c4{font-weight:700}.c1{color:#000}</style></head><body><p class="c1"><span class="c4">1.1 Speed</span></p></body></html>';
    expect([...documentBoldClasses(html, book)].sort()).toEqual(['c4', 'span2']);
    // Without a <style>, the book's own set.
    expect(documentBoldClasses('<p>x</p>', book)).toBe(book);
  });
});

describe('withDesignationTitles', () => {
  it('joins a designation alone to the title line after it', () => {
    const items = [
      h('UNIT 1'),
      p('Laws of Motion'),
      p('Things move.'),
      h('UNIT 2'),
      p('Optics'),
      h('CHAPTER IV'),
      p('HEAT'),
    ];
    expect(withDesignationTitles(items)).toEqual([
      h('UNIT 1 Laws of Motion'),
      p('Things move.'),
      h('UNIT 2 Optics'),
      h('CHAPTER IV HEAT'),
    ]);
  });

  it('joins them across the pictures between, the anchors among them before the heading', () => {
    const picture: DocumentItem = {
      kind: 'block',
      block: { type: 'figure', text: 'Image 139', alt: 'Image 139' },
    };
    const anchor: DocumentItem = { kind: 'anchor', id: 'p187' };
    expect(
      withDesignationTitles([h('UNIT-7'), anchor, picture, p('ATOMS AND MOLECULES'), p('Text.')]),
    ).toEqual([anchor, h('UNIT-7 ATOMS AND MOLECULES'), picture, p('Text.')]);
    // An anchor alone between them (a TOC's link to the title) keeps them apart, as before.
    const linked = [h('CHAPTER 1'), anchor, p('Matter Around Us')];
    expect(withDesignationTitles(linked)).toEqual(linked);
    // Text between: the line after it is no title.
    const texted = [h('UNIT-7'), picture, p('Atoms are small.'), p('Molecules')];
    expect(withDesignationTitles(texted)).toEqual(texted);
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

  it("takes a question for the title when its line is set in a heading style (InDesign's title class)", () => {
    const styled = (text: string): DocumentItem => ({
      kind: 'block',
      block: { type: 'paragraph', text },
      styled: true,
    });
    expect(withDesignationTitles([h('CHAPTER 2'), styled('Is Matter Pure?'), p('Text.')])).toEqual([
      h('CHAPTER 2 Is Matter Pure?'),
      p('Text.'),
    ]);
    // A plain line that asks is the text's first question; a styled sentence is no title either.
    const plain = [h('CHAPTER 2'), p('Is Matter Pure?')];
    expect(withDesignationTitles(plain)).toEqual(plain);
    const sentence = [h('CHAPTER 2'), styled('Matter is pure.')];
    expect(withDesignationTitles(sentence)).toEqual(sentence);
  });
});

describe('contentsRunIndexes and withoutContentsRuns', () => {
  const lines = (...texts: Array<string | null>) => {
    const out: { text: string; follows: boolean }[] = [];
    let follows = false;
    for (const text of texts) {
      if (text === null) follows = false;
      else {
        out.push({ text, follows });
        follows = true;
      }
    }
    return out;
  };

  it('finds chapter lines in a row, numbers rising, as a contents list', () => {
    expect(
      contentsRunIndexes(lines('Unit 1 Matter', 'Unit 2 Light', 'Unit 3 Our Environment', 'UNIT 1 MATTER')),
    ).toEqual(new Set([0, 1, 2]));
    expect(contentsRunIndexes(lines('CHAPTER I', 'Chapter II. Rain', 'chapter IV'))).toEqual(
      new Set([0, 1, 2]),
    );
  });

  it("leaves a unit's own heading, and lines that are no list of chapters", () => {
    // Text between: each line opens its unit.
    expect(contentsRunIndexes(lines('Unit 1 Matter', null, 'Unit 2 Light', null))).toEqual(new Set());
    // A unit and its first section; sections numbered within a chapter; another word; no rise.
    expect(contentsRunIndexes(lines('UNIT 1', '1.1 States of Matter'))).toEqual(new Set());
    expect(contentsRunIndexes(lines('Activity 1.1', 'Activity 1.2'))).toEqual(new Set());
    expect(contentsRunIndexes(lines('Part 1 Motion', 'Chapter 1 Laws'))).toEqual(new Set());
    expect(contentsRunIndexes(lines('Unit 2 Light', 'Unit 2 Light'))).toEqual(new Set());
  });

  it('makes the headings of a contents list paragraphs again, across anchors', () => {
    const items: DocumentItem[] = [
      p('CONTENTS'),
      h('Unit 1 Matter Around Us'),
      { kind: 'anchor', id: 'u2' },
      h('Unit 2 Light and Shadows'),
      h('UNIT 1 MATTER AROUND US'),
      p('Everything that has mass is matter.'),
      h('UNIT 2 LIGHT'),
    ];
    expect(withoutContentsRuns(items)).toEqual([
      p('CONTENTS'),
      p('Unit 1 Matter Around Us'),
      { kind: 'anchor', id: 'u2' },
      p('Unit 2 Light and Shadows'),
      h('UNIT 1 MATTER AROUND US'),
      p('Everything that has mass is matter.'),
      h('UNIT 2 LIGHT'),
    ]);
  });
});
