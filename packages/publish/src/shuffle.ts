import { readSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFileWriter, type DatasetRow, redactValue, sha256, sha256Bytes } from '@kalvimate/core';

/** Buckets the order is made of: the rows of one bucket come out together, sorted by key. */
const BUCKETS = 64;

/** What a row's key hashes: the seed and the row's id. */
function keyText(seed: string, id: string): string {
  return `${seed}\u0000${id}`;
}

/** The key a row is shuffled by: a hash of the seed and its id (stable across runs, independent of order). */
export function shuffleKey(seed: string, id: string): string {
  return sha256(keyText(seed, id));
}

/** 32-bit words of a key kept per row: its first 128 bits, which order rows as the whole key does. */
const KEY_WORDS = 4;

/**
 * Where each row's JSON sits in the spill file, and the key it is ordered by, in flat typed arrays that
 * double as they fill: 28 bytes a row. An object and a 64-character key string per row, as before, made
 * the heap grow with the rows: 1 GB of results (671,154 rows) peaked at 667 MB.
 */
class SpillIndex {
  count = 0;
  keys = new Uint32Array(1024 * KEY_WORDS);
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);

  push(key: Buffer, offset: number, length: number): void {
    if (this.count === this.offsets.length) this.grow();
    const at = this.count * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w += 1) this.keys[at + w] = key.readUInt32BE(w * 4);
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.count += 1;
  }

  /**
   * The rows' indexes in shuffled order: by bucket (the key's first byte, modulo BUCKETS), then by key
   * (its words compared in turn are its bytes compared in turn, the order of its hex string).
   */
  order(): Uint32Array {
    const { keys } = this;
    const bucket = (i: number) => ((keys[i * KEY_WORDS] as number) >>> 24) % BUCKETS;
    const order = new Uint32Array(this.count);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    return order.sort((a, b) => {
      const byBucket = bucket(a) - bucket(b);
      if (byBucket !== 0) return byBucket;
      for (let w = 0; w < KEY_WORDS; w += 1) {
        const x = keys[a * KEY_WORDS + w] as number;
        const y = keys[b * KEY_WORDS + w] as number;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
  }

  private grow(): void {
    const size = this.offsets.length * 2;
    const keys = new Uint32Array(size * KEY_WORDS);
    keys.set(this.keys);
    this.keys = keys;
    const offsets = new Float64Array(size);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }
}

/**
 * Characters of text (a row's strings, summed) a split keeps in memory before its rows go to a spill file:
 * a dataset of some thousands of conversations (the seed's 2,215 hold 9 million) is shuffled without one,
 * which spared `publish` a tenth of its time on them; a bigger one keeps memory flat.
 */
export const HELD_CHARS = 16 * 1024 * 1024;

/** The characters of a row's strings (`HELD_CHARS`), with a few for each of its other values. */
function rowChars(row: DatasetRow): number {
  let chars = row.id.length + row.custom_id.length + row.topic.length + 64;
  for (const message of row.messages) chars += message.content.length + 16;
  return chars;
}

/**
 * Shuffles the rows of one split deterministically. A small split stays in memory (`HELD_CHARS`, its rows
 * cleaned of secrets as the spill file's writer would); past that `add` appends each row's JSON to one
 * spill file, keeping only keys and offsets in memory. Each row's key (`shuffleKey`) and bucket (the key's
 * first byte, of 64) are noted; `drain` hands the rows on bucket by bucket, each bucket sorted by key. The
 * same rows give the same order, whatever order they came in and wherever they were kept, so a re-run
 * writes the same bytes and the viewer's first page mixes every template.
 */
export class RowShuffler {
  private writer: AtomicFileWriter | undefined;
  private index = new SpillIndex();
  /** Rows kept in memory, in the order they came (index `i` is the index's row `i`), until a spill. */
  private held: DatasetRow[] = [];
  private heldChars = 0;

  constructor(
    private readonly dir: string,
    private readonly seed: string,
    private readonly heldCharsMax = HELD_CHARS,
  ) {}

  private get file(): string {
    return join(this.dir, 'rows.jsonl');
  }

  async add(row: DatasetRow): Promise<void> {
    // `shuffleKey` as bytes: the index keeps its first 128 bits.
    const key = sha256Bytes(keyText(this.seed, row.id));
    if (!this.writer) {
      this.heldChars += rowChars(row);
      if (this.heldChars <= this.heldCharsMax) {
        this.index.push(key, this.held.length, 0);
        this.held.push(redactValue(row));
        return;
      }
      // Too much text for memory: the rows held so far go to the spill file first, in their order.
      this.writer = await AtomicFileWriter.open(this.file);
      const held = this.held;
      this.held = [];
      for (const [i, kept] of held.entries()) await this.spill(kept, i);
    }
    this.index.push(key, 0, 0);
    await this.spill(row, this.index.count - 1);
  }

  /** Appends `row` to the spill file and notes where it went as the index's row `i`. */
  private async spill(row: DatasetRow, i: number): Promise<void> {
    const writer = this.writer as AtomicFileWriter;
    // Where the line starts and how long it is on disk, as the writer wrote it: a secret in a row is
    // removed on the way, which changes its length. Given as text, which the writer checks as it is.
    const offset = writer.size;
    await writer.write(`${JSON.stringify(row)}\n`);
    this.index.offsets[i] = offset;
    this.index.lengths[i] = writer.size - offset - 1;
  }

  /** Hands every row on in shuffled order, then removes the spill file (if there is one). */
  async drain(consume: (row: DatasetRow) => Promise<void>): Promise<void> {
    if (!this.writer) {
      const held = this.held;
      const order = this.index.order();
      this.held = [];
      this.heldChars = 0;
      this.index = new SpillIndex();
      for (const i of order) await consume(held[i] as DatasetRow);
      return;
    }
    await this.writer.commit();
    const { offsets, lengths } = this.index;
    const order = this.index.order();
    const handle = await open(this.file, 'r');
    try {
      let buffer = Buffer.alloc(64 * 1024);
      for (const i of order) {
        const length = lengths[i] as number;
        if (length > buffer.length) buffer = Buffer.alloc(length);
        // A synchronous read: the rows come in shuffled order, so each is a read of its own at its own
        // offset, and thousands of them through the thread pool (`handle.read`) kept the process idle for
        // a third of a second on the seed responses; from the page cache each takes microseconds.
        readSync(handle.fd, buffer, 0, length, offsets[i] as number);
        await consume(JSON.parse(buffer.toString('utf8', 0, length)) as DatasetRow);
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
    this.index = new SpillIndex();
    this.held = [];
    this.heldChars = 0;
    await rm(this.dir, { recursive: true, force: true });
  }
}
