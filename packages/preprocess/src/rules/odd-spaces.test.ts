import { describe, expect, it } from 'vitest';
import { oddSpaces, oddSpacesFrench } from './odd-spaces.js';
import { clean, editsOf } from './test-helpers.js';

describe('odd-spaces', () => {
  it('turns no-break, thin, fullwidth spaces and tabs into plain spaces', () => {
    expect(clean(oddSpaces, 'a\u00a0b\u2009c\u3000d\te\u202ff')).toBe('a b c d e f');
    expect(editsOf(oddSpaces, 'a\u00a0b\u00a0c')).toHaveLength(2);
  });

  it('makes a run of odd spaces one edit, so the change report shows it once', () => {
    const edits = editsOf(oddSpaces, 'p = m v\u00a0\u00a0\u00a0\t(1.1)');
    expect(edits.map(({ before, after }) => ({ before, after }))).toEqual([
      { before: '\u00a0\u00a0\u00a0\t', after: '    ' },
    ]);
  });

  it('keeps a space between two Tamil words byte for byte', () => {
    expect(clean(oddSpaces, 'மரபு\u00a0சாரா -\u00a0energy')).toBe('மரபு\u00a0சாரா - energy');
  });

  it('keeps the ideographic space and every odd space of Japanese text byte for byte', () => {
    const text = 'かたくなったら？\u3000そんな危険はない。え？\u3000所かね。第\u00a0３章';
    expect(clean(oddSpaces, text)).toBe(text);
    expect(clean(oddSpaces, 'EPUB\u3000にそった')).toBe('EPUB\u3000にそった');
  });

  it('keeps no-break spaces inside Arabic text, beside digits and brackets too', () => {
    const text = 'وتولد 70\u00a0مليون خليّة، خضاب الدم\u00a0(الهيموغلوبين) «الجذعيّة»\u00a0– وهي';
    expect(clean(oddSpaces, text)).toBe(text);
  });

  it('keeps line breaks', () => {
    expect(clean(oddSpaces, '1. one\n2. two')).toBe('1. one\n2. two');
  });

  it('keeps the no-break spaces of French typography in a book in French, and only those', () => {
    const french =
      'Quoi\u00a0? Voilà\u202f: «\u00a0la force\u00a0» vaut 10\u202f000\u00a0N\u00a0; fin\u00a0!';
    expect(clean(oddSpacesFrench, french)).toBe(
      'Quoi\u00a0? Voilà\u202f: «\u00a0la force\u00a0» vaut 10\u202f000 N\u00a0; fin\u00a0!',
    );
    // A tab or a thin space there is no French no-break space: it becomes a plain one.
    expect(clean(oddSpacesFrench, 'Quoi\t? Voilà\u2009:')).toBe('Quoi ? Voilà :');
    // The rule for other languages turns every one of them into a plain space.
    expect(clean(oddSpaces, french)).toBe('Quoi ? Voilà : « la force » vaut 10 000 N ; fin !');
  });
});
