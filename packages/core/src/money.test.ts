import { describe, expect, it } from 'vitest';
import { formatUsd } from './money.js';

describe('formatUsd', () => {
  it('shows ordinary sums in cents with thousands separators', () => {
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.5)).toBe('$0.50');
  });

  it('keeps two significant digits under a cent, so a small spend never reads as nothing', () => {
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.0001)).toBe('$0.0001');
    expect(formatUsd(0.000012)).toBe('$0.000012');
  });

  it('shows zero as $0.00', () => {
    expect(formatUsd(0)).toBe('$0.00');
  });
});
