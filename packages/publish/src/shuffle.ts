import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AtomicFileWriter, type DatasetRow } from '@kalvimate/core';

/** Buckets rows are spread over: one bucket at a time is held in memory. */
const BUCKETS = 64;

/** The key a row is shuffled by: a hash of the seed and its id (stable across runs, independent of order). */
export function shuffleKey(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/**
 * Shuffles the rows of one split deterministically, with memory for one bucket at a time: `add` appends each
 * row to one of 64 bucket files by the first byte of its key (`shuffleKey`), `drain` reads the buckets in order,
 * sorts each by key and hands the rows on. The same rows give the same order, whatever order they came in, so a
 * re-run writes the same bytes and the viewer's first page mixes every template.
 */
export class RowShuffler {
  private readonly writers = new Map<number, AtomicFileWriter>();

  constructor(
    private readonly dir: string,
    private readonly seed: string,
  ) {}

  async add(row: DatasetRow): Promise<void> {
    const key = shuffleKey(this.seed, row.id);
    const bucket = Number.parseInt(key.slice(0, 2), 16) % BUCKETS;
    let writer = this.writers.get(bucket);
    if (!writer) {
      await mkdir(this.dir, { recursive: true });
      writer = await AtomicFileWriter.open(join(this.dir, `bucket-${String(bucket).padStart(2, '0')}.jsonl`));
      this.writers.set(bucket, writer);
    }
    await writer.write(`${key}\t${JSON.stringify(row)}\n`);
  }

  /** Hands every row on in shuffled order, then removes the bucket files. */
  async drain(consume: (row: DatasetRow) => Promise<void>): Promise<void> {
    const buckets = [...this.writers.keys()].sort((a, b) => a - b);
    for (const bucket of buckets) await this.writers.get(bucket)?.commit();
    try {
      for (const bucket of buckets) {
        const file = join(this.dir, `bucket-${String(bucket).padStart(2, '0')}.jsonl`);
        const lines: Array<{ key: string; json: string }> = [];
        for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
          const tab = line.indexOf('\t');
          if (tab > 0) lines.push({ key: line.slice(0, tab), json: line.slice(tab + 1) });
        }
        lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        for (const { json } of lines) await consume(JSON.parse(json) as DatasetRow);
      }
    } finally {
      await this.remove();
    }
  }

  /** Drops the bucket files (after `drain`, or on an error). */
  async remove(): Promise<void> {
    for (const writer of this.writers.values()) await writer.abort().catch(() => undefined);
    this.writers.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}
