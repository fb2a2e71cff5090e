import { createReadStream, openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { redactTextLines, SecretLineFilter } from '@kalvimate/core';

/** Files read whole into memory below this size; larger ones are streamed from disk while uploading. */
const IN_MEMORY_BYTES = 8 * 1024 * 1024;

/** Binary files: their strings were cleaned when the rows were written (see `SplitParquetWriter`). */
const BINARY = /\.(parquet|arrow)$/i;

/**
 * The content to upload for one file of the dataset folder. Text files pass through core's secret filter
 * once more on the way to the Hub, so a key can never leave in a file, whoever wrote the file. A large
 * file is first scanned as a stream, and uploaded straight from disk when there is nothing to remove.
 */
export async function uploadContentOf(path: string): Promise<Blob> {
  const { size } = await stat(path);
  if (BINARY.test(path)) return size > IN_MEMORY_BYTES ? openAsBlob(path) : new Blob([await readFile(path)]);
  if (size <= IN_MEMORY_BYTES) return new Blob([redactTextLines(await readFile(path))]);
  if (!(await holdsSecret(path))) return openAsBlob(path);
  const filter = new SecretLineFilter();
  const cleaned: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    cleaned.push(filter.push(chunk as Buffer));
  }
  cleaned.push(filter.end());
  return new Blob(cleaned);
}

/** Streams the file through the secret filter, keeping nothing: true when it would change. */
async function holdsSecret(path: string): Promise<boolean> {
  const filter = new SecretLineFilter();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    filter.push(chunk as Buffer);
    if (filter.redacted) return true;
  }
  filter.end();
  return filter.redacted;
}
