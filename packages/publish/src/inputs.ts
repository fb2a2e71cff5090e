import { stat } from 'node:fs/promises';
import { type AtomicFileWriter, readJsonl } from '@kalvimate/core';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies the request lines whose custom_id is in `ids` from `sources` (missing files skipped) to
 * `writer`, byte for byte and once each. Returns the ids copied and the lines scanned per file.
 */
export async function copyRequests(
  sources: readonly string[],
  ids: ReadonlySet<string>,
  writer: AtomicFileWriter,
): Promise<{ copied: Set<string>; scanned: Array<{ file: string; lines: number }> }> {
  const copied = new Set<string>();
  const scanned: Array<{ file: string; lines: number }> = [];
  for (const source of sources) {
    if (copied.size === ids.size) break;
    const exists = await stat(source).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) continue;
    const entry = { file: source, lines: 0 };
    scanned.push(entry);
    for await (const { value, line } of readJsonl(source)) {
      entry.lines += 1;
      const id = isRecord(value) && typeof value.custom_id === 'string' ? value.custom_id : undefined;
      if (id && ids.has(id) && !copied.has(id)) {
        await writer.write(`${line}\n`);
        copied.add(id);
      }
    }
  }
  return { copied, scanned };
}
