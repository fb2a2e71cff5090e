import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The hex sha256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hex sha256 of a file, streamed (constant memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  // Read a megabyte at a time, not the stream's 64 KiB: each read is a round trip through the thread
  // pool, and the requests file of a textbook is 8 MB.
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
