// Made on first use: an ICU number formatter costs about 8 MB and 30 ms, which commands that show no
// money (extract, preprocess) should not pay.
let cents: Intl.NumberFormat | undefined;
let small: Intl.NumberFormat | undefined;

/**
 * Formats US dollars for people, the one way KalviMate shows money: cents for ordinary sums (with
 * thousands separators), two significant digits under a cent.
 * @example formatUsd(12.345) // "$12.35"; formatUsd(0.0042) // "$0.0042"; formatUsd(0) // "$0.00"
 */
export function formatUsd(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) {
    // Under a cent, two significant digits: a pilot's $0.0042 must not read as $0.00.
    small ??= new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      maximumSignificantDigits: 2,
    });
    return small.format(value);
  }
  cents ??= new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  return cents.format(value);
}
