import { readSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFileWriter, type DatasetRow, sha256 } from '@kalvimate/core';

/** Buckets the order is made of: the rows of one bucket come out together, sorted by key. */
const BUCKETS = 64;

/** The key a row is shuffled by: a hash of the seed and its id (stable across runs, independent of order). */
export function shuffleKey(seed: string, id: string): string {
  return sha256(`${seed}\u0000${id}`);
}

/** Where one row's JSON sits in the spill file, and the key it is ordered by. */
interface Spilled {
  bucket: number;
  key: string;
  offset: number;
  length: number;
}

/** A row still in memory, and the key it is ordered by. */
interface Held {
  bucket: number;
  key: string;
  row: DatasetRow;
}

/** Rows are held in memory up to about this many bytes of text, then all go to the spill file. */
const DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024;

function byKey(a: { bucket: number; key: string }, b: { bucket: number; key: string }): number {
  return a.bucket - b.bucket || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** What a row's strings take in memory at most (two bytes a UTF-16 unit), plus its objects. */
function heldBytes(row: DatasetRow): number {
  let units = row.id.length + row.custom_id.length + row.topic.length;
  for (const message of row.messages) units += message.content.length;
  return 2 * units + 512;
}

/**
 * Shuffles the rows of one split deterministically: each row gets a key (`shuffleKey`) and a bucket
 * (the key's first byte, of 64), and `drain` hands the rows on bucket by bucket, each bucket sorted by
 * key. The same rows give the same order, whatever order they came in, so a re-run writes the same
 * bytes and the viewer's first page mixes every template.
 *
 * Rows are held as they are until their text passes `memoryBytes`; from then on every row's JSON goes
 * to one spill file (with secrets removed, as every file we write) and only keys and offsets stay in
 * memory, so a dataset of any size shuffles in flat memory.
 */
export class RowShuffler {
  private writer: AtomicFileWriter | undefined;
  private readonly rows: Spilled[] = [];
  private held: Held[] = [];
  private heldSize = 0;

  constructor(
    private readonly dir: string,
    private readonly seed: string,
    private readonly memoryBytes = DEFAULT_MEMORY_BYTES,
  ) {}

  private get file(): string {
    return join(this.dir, 'rows.jsonl');
  }

  async add(row: DatasetRow): Promise<void> {
    const key = shuffleKey(this.seed, row.id);
    const bucket = Number.parseInt(key.slice(0, 2), 16) % BUCKETS;
    if (!this.writer) {
      this.heldSize += heldBytes(row);
      if (this.heldSize <= this.memoryBytes) {
        this.held.push({ bucket, key, row });
        return;
      }
      this.writer = await AtomicFileWriter.open(this.file);
      const held = this.held;
      this.held = [];
      for (const h of held) await this.spill(h.bucket, h.key, h.row);
    }
    await this.spill(bucket, key, row);
  }

  private async spill(bucket: number, key: string, row: DatasetRow): Promise<void> {
    const writer = this.writer as AtomicFileWriter;
    // Where the line starts and how long it is on disk, as the writer wrote it: a secret in a row is
    // removed on the way, which changes its length. Given as text, which the writer checks as it is.
    const offset = writer.size;
    await writer.write(`${JSON.stringify(row)}\n`);
    this.rows.push({ bucket, key, offset, length: writer.size - offset - 1 });
  }

  /** Hands every row on in shuffled order, then removes the spill file. */
  async drain(consume: (row: DatasetRow) => Promise<void>): Promise<void> {
    if (!this.writer) {
      const held = this.held.sort(byKey);
      this.held = [];
      this.heldSize = 0;
      for (const h of held) await consume(h.row);
      return;
    }
    await this.writer.commit();
    this.rows.sort(byKey);
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
    this.held = [];
    this.heldSize = 0;
    await rm(this.dir, { recursive: true, force: true });
  }
}
