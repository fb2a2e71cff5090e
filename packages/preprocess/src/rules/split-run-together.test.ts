import { describe, expect, it } from 'vitest';
import { buildBookContext } from '../book-context.js';
import { runTogetherSplit, splitRunTogether } from './split-run-together.js';
import { clean } from './test-helpers.js';

const book = buildBookContext([
  'Sulphuric acid is strong. Dilute sulphuric acid. Concentrated sulphuric acid. Add sulphuricacid.',
  'Gene expression. Gene rates. Rates of reaction. Moderate heat.',
  'Semi permeable and semi permeable. Semipermeable membrane. Permeable.',
  'Methyl propane and methyl propane; 2-Methylpropane. CH3COOH.',
  'Generates power. Generates. Heat generates.',
]);

describe('split-run-together', () => {
  it('splits a run-together word when the book writes both words side by side elsewhere', () => {
    expect(clean(splitRunTogether, 'Add sulphuricacid.', book)).toBe('Add sulphuric acid.');
    expect(clean(splitRunTogether, 'Sulphuricacid burns.', book)).toBe('Sulphuric acid burns.');
  });

  it('does not split words the book uses as words', () => {
    expect(clean(splitRunTogether, 'Heat generates gas.', book)).toBe('Heat generates gas.');
    expect(runTogetherSplit('moderate', book)).toBeUndefined();
  });

  it('does not split at prefixes or suffixes', () => {
    expect(runTogetherSplit('semipermeable', book)).toBeUndefined();
  });

  it('keeps "anyone" where the book forms compounds of "any" or "one", however often it writes "any one"', () => {
    // As in A First Course in Linear Algebra: "any one" 9 times, "anyone" once, "anyway" 5 times.
    const algebra = buildBookContext([
      'Choose any one of the vectors. Any one entry will do. Take any one row.',
      'Anyway, the proof is done. It works anyway. This book is licensed to anyone.',
      'One vector. One more. Any vector. Any row. One way. The other way.',
    ]);
    expect(clean(splitRunTogether, 'licensed to anyone under the terms', algebra)).toBe(
      'licensed to anyone under the terms',
    );
    expect(runTogetherSplit('anyone', algebra)).toBeUndefined();
    const whaling = buildBookContext([
      'The masthead. From the masthead. Two mast heads and the mast heads; mastheads.',
      'A mast. The mast. His heads. Their heads. The head. A head.',
    ]);
    expect(runTogetherSplit('mastheads', whaling)).toBeUndefined();
  });

  it('splits the same word where the book writes it apart and forms no such compounds', () => {
    const book = buildBookContext([
      'Choose any one of the vectors. Any one entry will do. Take any one row to anyone.',
      'One vector. One more. Any vector. Any row.',
    ]);
    expect(clean(splitRunTogether, 'Take anyone row.', book)).toBe('Take any one row.');
  });

  it('never splits inside a markup tag quoted in the text', () => {
    const markup = buildBookContext([
      'A style sheet. The style sheet. Each page number. The page number. A stylesheet, a pagenumber.',
    ]);
    const text = '<link rel="stylesheet" href="a.css"/> <span epub:type="pagenumber">361</span>';
    expect(clean(splitRunTogether, text, markup)).toBe(text);
    expect(clean(splitRunTogether, 'the stylesheet', markup)).toBe('the style sheet');
  });

  it('never splits chemical names, formulas or web addresses', () => {
    const text = '2-Methylpropane, CH3COOH and https://example.org/sulphuricacid';
    expect(clean(splitRunTogether, text, book)).toBe(text);
  });
});
