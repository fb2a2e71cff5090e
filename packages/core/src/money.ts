const CENTS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
// Under a cent, two significant digits: a pilot's $0.0042 must not read as $0.00.
const SMALL = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/**
 * Formats US dollars for people, the one way KalviMate shows money: cents for ordinary sums (with
 * thousands separators), two significant digits under a cent.
 * @example formatUsd(12.345) // "$12.35"; formatUsd(0.0042) // "$0.0042"; formatUsd(0) // "$0.00"
 */
export function formatUsd(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? SMALL.format(value) : CENTS.format(value);
}
