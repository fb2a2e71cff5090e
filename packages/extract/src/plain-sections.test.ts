import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import { compileHeadingRules } from './headings.js';
import { ExtractOptionsSchema } from './options.js';
import { PlainSectionReader } from './plain-sections.js';

const rules = compileHeadingRules(ExtractOptionsSchema.parse({}));
const heading = (level: number, text: string): DocumentItem => ({ kind: 'heading', level, text });
const line = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });

/** Each item as "h<level> text" or "p text". */
function shown(items: readonly DocumentItem[]): string[] {
  return items.map((item) =>
    item.kind === 'heading'
      ? `h${item.level} ${item.text}`
      : item.kind === 'block'
        ? `p ${item.block.text}`
        : item.kind,
  );
}

describe('PlainSectionReader', () => {
  it("makes headings of the lines that number the chapter's next sections or name a section kind", () => {
    const reader = new PlainSectionReader(rules);
    const items = [
      heading(2, 'CHAPTER 1 MATTER'),
      line('Matter is everywhere.'),
      line('1.1 States of Matter'),
      line('Solids, liquids and gases.'),
      line('1.1.1 Solids'),
      line('A solid keeps its shape.'),
      line('1.2 Change of State'),
      line('Activity 1.1'),
      line('Ice melts.'),
      line('1.4 Out of Sequence'),
      line('Activity 1.2'),
      line('Heat some ice.'),
      line('Note'),
      line('Exercises'),
      line('1. What is matter?'),
    ];
    expect(shown(reader.read(items, true))).toEqual([
      'h2 CHAPTER 1 MATTER',
      'p Matter is everywhere.',
      'h3 1.1 States of Matter',
      'p Solids, liquids and gases.',
      'h4 1.1.1 Solids',
      'p A solid keeps its shape.',
      // A section kind right after a section line: both headings (only section lines in a row are a list).
      'h3 1.2 Change of State',
      'h3 Activity 1.1',
      'p Ice melts.',
      'p 1.4 Out of Sequence',
      'h3 Activity 1.2',
      'p Heat some ice.',
      // "Note" is no section's kind.
      'p Note',
      'h3 Exercises',
      'p 1. What is matter?',
    ]);
  });

  it("leaves a line that repeats the chapter's title as text, a section kind's name though it is", () => {
    const reader = new PlainSectionReader(rules);
    const items = [
      heading(1, 'Chapter 4. Examples'),
      line('Examples'),
      line('Section WILA'),
      line('Exercises'),
    ];
    expect(shown(reader.read(items, true))).toEqual([
      'h1 Chapter 4. Examples',
      'p Examples',
      'p Section WILA',
      'h2 Exercises',
    ]);
  });

  it('leaves two such lines in a row as text (a list of sections), and the sequence where it was', () => {
    const reader = new PlainSectionReader(rules);
    const items = [
      heading(1, 'Unit 2 Light'),
      line('2.1 Shadows'),
      line('2.2 Mirrors'),
      line('Light travels in straight lines.'),
      line('2.1 Shadows'),
      line('A shadow forms behind an opaque object.'),
      // A list's next line need not be the next section: "2.2", then "2.5", nothing between.
      line('2.2 Mirrors'),
      line('2.5 Lenses'),
      line('Mirrors reflect light.'),
    ];
    expect(shown(reader.read(items, true))).toEqual([
      'h1 Unit 2 Light',
      'p 2.1 Shadows',
      'p 2.2 Mirrors',
      'p Light travels in straight lines.',
      'h2 2.1 Shadows',
      'p A shadow forms behind an opaque object.',
      'p 2.2 Mirrors',
      'p 2.5 Lenses',
      'p Mirrors reflect light.',
    ]);
  });

  it('reads nothing before a chapter heading, and notes the headings of documents it does not convert', () => {
    const reader = new PlainSectionReader(rules);
    expect(
      shown(reader.read([line('1.1 States of Matter'), line('Exercises'), line('Text.')], true)),
    ).toEqual(['p 1.1 States of Matter', 'p Exercises', 'p Text.']);
    // A document read otherwise: its chapter is noted, nothing converted.
    expect(
      shown(reader.read([heading(1, 'Chapter 3 Heat'), line('3.1 Temperature'), line('Text.')], false)),
    ).toEqual(['h1 Chapter 3 Heat', 'p 3.1 Temperature', 'p Text.']);
    // The next document continues chapter 3.
    expect(shown(reader.read([line('3.1 Temperature'), line('Text.')], true))).toEqual([
      'h2 3.1 Temperature',
      'p Text.',
    ]);
  });
});
