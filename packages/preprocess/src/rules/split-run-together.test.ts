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

  it('never splits chemical names, formulas or web addresses', () => {
    const text = '2-Methylpropane, CH3COOH and https://example.org/sulphuricacid';
    expect(clean(splitRunTogether, text, book)).toBe(text);
  });
});
