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

  it("gives ICU's text for every amount, rounding on the decimal form as ICU does", () => {
    const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    const small = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      maximumSignificantDigits: 2,
    });
    const icu = (v: number) => (v !== 0 && Math.abs(v) < 0.01 ? small.format(v) : cents.format(v));
    const edges = [
      1.005, 2.675, 0.00995, 0.009949, 0.005, 0.015, 999.995, 4.25e-7, 123456789.125, -12.345, -0.0042,
    ];
    // A fixed sequence (a linear congruential generator), so that a failure can be replayed.
    let seed = 20261130;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const amounts = [...edges];
    for (let i = 0; i < 20_000; i += 1) {
      const scale = 10 ** (Math.floor(next() * 16) - 9);
      amounts.push(next() * scale, (Math.round(next() * 1e6) / 1e6) * scale);
    }
    const wrong = amounts.filter((v) => formatUsd(v) !== icu(v));
    expect(wrong.map((v) => `${v}: ${formatUsd(v)} vs ${icu(v)}`)).toEqual([]);
  });
});
