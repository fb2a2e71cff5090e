import { describe, expect, it } from 'vitest';
import { spokenFractions } from './spoken-fractions.js';
import { clean } from './test-helpers.js';

describe('spoken-fractions', () => {
  it.each([
    ['(F + 460) into 5 by 9', '(F + 460) into 5/9'],
    ['R = 30 by 2 is equal to 15 ohm', 'R = 30/2 is equal to 15 ohm'],
    ['0.74 by 2 = 0.37', '0.74/2 = 0.37'],
    ['1 by 12th of the mass', '1/12th of the mass'],
  ])('%s → %s', (spoken, written) => {
    expect(clean(spokenFractions, spoken)).toBe(written);
  });

  it.each([
    'divided by 5',
    'increased by 5 by 2020',
    'stand by 9 people',
    'V by R',
    '330 by 330 − 30',
    '1 + 5 by 9',
    '10⁻⁷ by 10',
  ])('leaves "%s" as it is', (prose) => {
    expect(clean(spokenFractions, prose)).toBe(prose);
  });
});
