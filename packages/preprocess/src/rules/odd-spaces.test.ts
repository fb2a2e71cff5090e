import { describe, expect, it } from 'vitest';
import { oddSpaces } from './odd-spaces.js';
import { clean, editsOf } from './test-helpers.js';

describe('odd-spaces', () => {
  it('turns no-break, thin, fullwidth spaces and tabs into plain spaces', () => {
    expect(clean(oddSpaces, 'a\u00a0b\u2009c\u3000d\te\u202ff')).toBe('a b c d e f');
    expect(editsOf(oddSpaces, 'a\u00a0b\u00a0c')).toHaveLength(2);
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
});
