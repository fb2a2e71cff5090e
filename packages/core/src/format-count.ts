/**
 * `value.toLocaleString('en')` for whole numbers (1234567 → "1,234,567") without ICU: the first
 * `toLocaleString` of a process loads ICU's number formats (about 10–20 ms of a short command).
 * Other numbers are left to `toLocaleString`.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en');
  if (Object.is(value, -0)) return '-0';
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
