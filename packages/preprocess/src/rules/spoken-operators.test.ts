import { describe, expect, it } from 'vitest';
import { spokenOperators } from './spoken-operators.js';
import { clean } from './test-helpers.js';

describe('spoken-operators', () => {
  it.each([
    ['(F plus 460)', '(F + 460)'],
    ['(F PLUS 460)', '(F + 460)'],
    ['330 minus 30', '330 − 30'],
    ['F net = F1 minus F2', 'F net = F1 − F2'],
    ['R 1 plus R 2 plus R 3', 'R 1 + R 2 + R 3'],
    ['1.5 plus 2.25', '1.5 + 2.25'],
    ['R² plus 1', 'R² + 1'],
  ])('%s → %s', (spoken, written) => {
    expect(clean(spokenOperators, spoken)).toBe(written);
  });

  it.each([
    'surplus food',
    'plus two electrons',
    'beryllium nine plus two helium four',
    '5 plus a few more',
    'the minus sign',
    'sometimes it rains',
  ])('leaves "%s" as it is', (prose) => {
    expect(clean(spokenOperators, prose)).toBe(prose);
  });
});
