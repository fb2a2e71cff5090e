import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The data folder of a ledger when none is given: the folder above the ledger's own
 * (`<data-dir>/batches/ledger.json` → `<data-dir>`).
 */
export function defaultDataDir(ledgerPath: string): string {
  return dirname(dirname(resolve(ledgerPath)));
}

/** True when `path` (absolute) is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The form a path takes in the ledger: relative to the data folder, with `/` separators; undefined
 * when `path` is outside the data folder. Pure.
 * @example toLedgerPath('/w/data', '/w/data/batches/retry/p.retry-1.jsonl') // 'batches/retry/p.retry-1.jsonl'
 */
export function toLedgerPath(dataDir: string, path: string): string | undefined {
  const absolute = resolve(dataDir, path);
  if (!isInside(resolve(dataDir), absolute)) return undefined;
  return relative(resolve(dataDir), absolute).split(sep).join('/');
}

/** Where a ledger path points; undefined when it leads outside the data folder (`..`, absolute). Pure. */
export function fromLedgerPath(dataDir: string, stored: string): string | undefined {
  if (isAbsolute(stored) || /^[a-zA-Z]:|^[\\/]/.test(stored)) return undefined;
  const absolute = resolve(dataDir, stored);
  return isInside(resolve(dataDir), absolute) && absolute !== resolve(dataDir) ? absolute : undefined;
}

/** True for a plain file name: no folder part, not `.` or `..`. */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && !/[\\/]/.test(name) && name !== '.' && name !== '..';
}
