/**
 * A non-negative finite number's shortest decimal form (the one `String` gives) as its digits and the
 * position of the decimal point in them: 12.345 → { digits: '12345', point: 2 }; 4.2e-7 → ('42', -6).
 */
function decimalDigits(abs: number): { digits: string; point: number } {
  const [mantissa = '0', exponent = '0'] = String(abs).split('e');
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  return { digits, point: (dot < 0 ? mantissa.length : dot) + Number(exponent) };
}

/**
 * `abs` rounded half away from zero to `places` decimals, on its decimal form (as ICU rounds: 12.345 →
 * "12.35", where binary arithmetic gives 12.34), as "integer.fraction" with exactly `places` decimals.
 */
function roundDecimal(abs: number, places: number): string {
  const { digits, point } = decimalDigits(abs);
  // Pad so that the point and the kept digits fall inside the string.
  const lead = Math.max(0, 1 - point);
  const padded = '0'.repeat(lead) + digits + '0'.repeat(places + 1);
  const at = point + lead;
  const keep = padded.slice(0, at + places);
  let rounded = BigInt(keep);
  if (Number(padded[at + places]) >= 5) rounded += 1n;
  const text = rounded.toString().padStart(places + 1, '0');
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}

/** Thousands separators in the integer part of "1234567.89". */
function groupThousands(text: string): string {
  const [integer = '0', fraction] = text.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * Formats US dollars for people, the one way KalviMate shows money: cents for ordinary sums (with
 * thousands separators), two significant digits under a cent. The same text as
 * `Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })` (with `maximumSignificantDigits: 2`
 * under a cent), without ICU's number formats: their first use costs a process 30 ms to 250 ms and 8 MB.
 * @example formatUsd(12.345) // "$12.35"; formatUsd(0.0042) // "$0.0042"; formatUsd(0) // "$0.00"
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return `$${value}`;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 0.01) {
    // Two significant digits: round at the second digit after the first non-zero one, drop trailing zeros.
    const places = 1 - Math.floor(Math.log10(abs));
    return `${sign}$${roundDecimal(abs, places).replace(/0+$/, '')}`;
  }
  return `${sign}$${groupThousands(roundDecimal(abs, 2))}`;
}
