import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** The most a file hash reads at once. */
const HASH_CHUNK_BYTES = 1 << 20;

/** The hex sha256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hex sha256 of a file, read into one buffer of at most a megabyte (constant memory). Not a read
 * stream: that reads 64 KiB at a time (each a round trip through the thread pool; the requests file of a
 * textbook is 8 MB) and allocates a new buffer for every read.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 1), HASH_CHUNK_BYTES));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
