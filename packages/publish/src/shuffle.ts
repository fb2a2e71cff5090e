import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFileWriter, type DatasetRow } from '@kalvimate/core';

/** Buckets the order is made of: the rows of one bucket come out together, sorted by key. */
const BUCKETS = 64;

/** The key a row is shuffled by: a hash of the seed and its id (stable across runs, independent of order). */
export function shuffleKey(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/** Where one row's JSON sits in the spill file, and the key it is ordered by. */
interface Spilled {
  bucket: number;
  key: string;
  offset: number;
  length: number;
}

/**
 * Shuffles the rows of one split deterministically, keeping only keys and offsets in memory: `add` appends
 * each row's JSON to one spill file and notes its key (`shuffleKey`) and bucket (the key's first byte, of
 * 64), `drain` reads the rows back bucket by bucket, each bucket sorted by key, and hands them on. The same
 * rows give the same order, whatever order they came in, so a re-run writes the same bytes and the
 * viewer's first page mixes every template.
 */
export class RowShuffler {
  private writer: AtomicFileWriter | undefined;
  private readonly rows: Spilled[] = [];

  constructor(
    private readonly dir: string,
    private readonly seed: string,
  ) {}

  private get file(): string {
    return join(this.dir, 'rows.jsonl');
  }

  async add(row: DatasetRow): Promise<void> {
    const key = shuffleKey(this.seed, row.id);
    this.writer ??= await AtomicFileWriter.open(this.file);
    // Where the line starts and how long it is on disk, as the writer wrote it: a secret in a row is
    // removed on the way, which changes its length. Given as text, which the writer checks as it is.
    const offset = this.writer.size;
    await this.writer.write(`${JSON.stringify(row)}\n`);
    this.rows.push({
      bucket: Number.parseInt(key.slice(0, 2), 16) % BUCKETS,
      key,
      offset,
      length: this.writer.size - offset - 1,
    });
  }

  /** Hands every row on in shuffled order, then removes the spill file. */
  async drain(consume: (row: DatasetRow) => Promise<void>): Promise<void> {
    if (!this.writer) return;
    await this.writer.commit();
    this.rows.sort((a, b) => a.bucket - b.bucket || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const handle = await open(this.file, 'r');
    try {
      let buffer = Buffer.alloc(64 * 1024);
      for (const row of this.rows) {
        if (row.length > buffer.length) buffer = Buffer.alloc(row.length);
        // A synchronous read: the rows come in shuffled order, so each is a read of its own at its own
        // offset, and thousands of them through the thread pool (`handle.read`) kept the process idle for
        // a third of a second on the seed responses; from the page cache each takes microseconds.
        readSync(handle.fd, buffer, 0, row.length, row.offset);
        await consume(JSON.parse(buffer.toString('utf8', 0, row.length)) as DatasetRow);
      }
    } finally {
      await handle.close();
      await this.remove();
    }
  }

  /** Drops the spill file (after `drain`, or on an error). */
  async remove(): Promise<void> {
    await this.writer?.abort().catch(() => undefined);
    this.writer = undefined;
    this.rows.length = 0;
    await rm(this.dir, { recursive: true, force: true });
  }
}
