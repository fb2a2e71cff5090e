import { InvalidArgumentError } from 'commander';

/** Parses a positive whole number flag, with a clear message otherwise. */
export function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

/** Parses a whole number flag of 0 or more (e.g. a thread count where 0 means none). */
export function countOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return n;
}

/** Parses a non-negative number flag (e.g. dollars). */
export function numberOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of 0 or more.');
  return n;
}

/** Parses a comma-separated list flag. */
export function listOption(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
