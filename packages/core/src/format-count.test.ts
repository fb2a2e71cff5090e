import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it("groups whole numbers by thousands exactly as toLocaleString('en') does", () => {
    const values = [0, -0, 7, 999, 1000, 12_345, 999_999, 1_396_717, -4_681_600, Number.MAX_SAFE_INTEGER];
    for (const value of values) expect(formatCount(value), String(value)).toBe(value.toLocaleString('en'));
  });

  it('leaves fractions and non-finite numbers to toLocaleString', () => {
    for (const value of [1234.5678, Number.NaN, Number.POSITIVE_INFINITY, 1e21])
      expect(formatCount(value)).toBe(value.toLocaleString('en'));
  });
});
