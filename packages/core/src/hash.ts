import * as crypto from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

// `crypto.hash` (Node 20.12 and later) hashes in one call, without a Hash object: half the time for
// the short texts hashed once per row. Older Node 20 releases make the object.
const oneShot: typeof crypto.hash | undefined = crypto.hash;

/** The hex sha256 of a string (as UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** The sha256 of a string (as UTF-8) or bytes, as 32 bytes. */
export function sha256Bytes(data: string | Uint8Array): Buffer {
  return oneShot ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest();
}

/** Bytes read at a time: each read is a round trip through the thread pool. */
const READ_BYTES = 1 << 20;

/**
 * The read buffer of `sha256FileSync`, kept from one call to the next: a fresh megabyte a file cost its
 * page faults every time, which made checking a folder of small files read at half speed. (The async
 * `sha256File` takes a fresh one: a run's peak memory was 12 MB higher with reused ones, V8 collecting
 * later without their allocations, and its time the same.)
 */
let syncBuffer: Buffer | undefined;

/**
 * The hex sha256 of a file, read a megabyte at a time into one buffer (constant memory). A file handle,
 * not a read stream: the stream's buffering and the copies its iterator makes took 2.5 times as long
 * (50 ms against 19 for that file).
 */
export async function sha256File(path: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(bytesRead === READ_BYTES ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/**
 * `sha256File` without the thread pool, for a program that checks a few files before anything else
 * runs (the CLI's receipts): the same megabyte reads, synchronous.
 */
export function sha256FileSync(path: string): string {
  const hash = crypto.createHash('sha256');
  const fd = openSync(path, 'r');
  syncBuffer ??= Buffer.allocUnsafe(READ_BYTES);
  const buffer = syncBuffer;
  try {
    for (;;) {
      const bytes = readSync(fd, buffer, 0, READ_BYTES, null);
      if (bytes === 0) break;
      hash.update(bytes === READ_BYTES ? buffer : buffer.subarray(0, bytes));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
