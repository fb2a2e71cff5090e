import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256File } from '@kalvimate/core';
import { canonicalJson } from './canonical-json.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Temp files of an interrupted atomic write are not part of the content.
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * A content fingerprint of files and folders (names and bytes; order of `paths` matters, folder
 * listings are sorted), plus any JSON-serialisable options, hashed as canonical JSON (key order never
 * matters). A missing path has its own marker, so
 * creating it changes the fingerprint.
 */
export async function fingerprint(paths: readonly string[], options: unknown = {}): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`options\0${canonicalJson(options ?? null)}\n`);
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      hash.update(`missing\0${path}\n`);
      continue;
    }
    if (info.isDirectory()) {
      const files = (await listFiles(path)).sort();
      hash.update(`dir\0${files.length}\n`);
      for (const file of files) hash.update(`${relative(path, file)}\0${await sha256File(file)}\n`);
    } else {
      hash.update(`file\0${await sha256File(path)}\n`);
    }
  }
  return hash.digest('hex');
}
