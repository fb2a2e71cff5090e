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

  it('keeps line breaks', () => {
    expect(clean(oddSpaces, '1. one\n2. two')).toBe('1. one\n2. two');
  });
});
