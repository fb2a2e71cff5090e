import { isAbsolute, relative, sep } from 'node:path';

/** A path as people read it: relative to `cwd` when it is inside it, else absolute (never `../..`). */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return path;
  return rel.split(sep)[0] === '..' || isAbsolute(rel) ? path : rel;
}
