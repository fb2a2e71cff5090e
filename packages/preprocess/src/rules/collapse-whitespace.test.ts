import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from './collapse-whitespace.js';
import { clean } from './test-helpers.js';

describe('collapse-whitespace', () => {
  it('collapses runs of spaces and trims both ends', () => {
    expect(clean(collapseWhitespace, '  p = m v       (1.1)  ')).toBe('p = m v (1.1)');
  });

  it('keeps line breaks, trims spaces around them and keeps at most one blank line', () => {
    expect(clean(collapseWhitespace, 'Physiology | \n13 | Organisation\r\n\n \n\nend')).toBe(
      'Physiology |\n13 | Organisation\n\nend',
    );
  });

  it('never inserts a space inside numbers, topic numbers or URLs', () => {
    const text = '9.8 m s⁻² in 3.1.2, see https://example.org/a.b and 2-Methylpropane';
    expect(clean(collapseWhitespace, text)).toBe(text);
  });

  it("keeps a line's indent (a nested list's items), and collapses what follows it", () => {
    expect(clean(collapseWhitespace, '1. Preface \n  1. Conventions  Used\n\n\n    a. Fonts\n2. Tools')).toBe(
      '1. Preface\n  1. Conventions Used\n\n    a. Fonts\n2. Tools',
    );
    expect(clean(collapseWhitespace, ' \n  \n  Indented first line')).toBe('Indented first line');
    // One space opening a line is no indent: a table row whose first cell is empty.
    expect(clean(collapseWhitespace, 'A | B\n | Mean')).toBe('A | B\n| Mean');
  });
});
