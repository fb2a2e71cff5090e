import { describe, expect, it } from 'vitest';
import { spokenTimes } from './spoken-times.js';
import { clean } from './test-helpers.js';

describe('spoken-times', () => {
  it.each([
    ['3 times 10⁸', '3 × 10⁸'],
    ['1.38 times 10⁻²³ J K⁻¹', '1.38 × 10⁻²³ J K⁻¹'],
    ['1.62 into 10⁻⁸', '1.62 × 10⁻⁸'],
    ['3.7 multiply 10¹⁰', '3.7 × 10¹⁰'],
    ['6.023x10²³', '6.023 × 10²³'],
    ['2.5× 10⁻⁵', '2.5 × 10⁻⁵'],
  ])('%s → %s', (spoken, written) => {
    expect(clean(spokenTimes, spoken)).toBe(written);
  });

  it.each(['three times a day', 'sometimes', '98 times as heavy', '2 times 10 apples', '3 × 10⁸'])(
    'leaves "%s" as it is',
    (prose) => {
      expect(clean(spokenTimes, prose)).toBe(prose);
    },
  );
});
