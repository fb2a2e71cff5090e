import { type FileHandle, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatasetRow, redactValue } from '@kalvimate/core';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';

/** Parquet schema elements, as hyparquet-writer takes them. */
export type ParquetSchema = ConstructorParameters<typeof ParquetWriter>[0]['schema'];

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' } as const;

/**
 * The Parquet schema of a dataset row: `id`, then `messages` as a LIST of `{role, content}` structs (the
 * three-level layout that pyarrow, DuckDB and `datasets` read as `list<struct<role, content>>`), the
 * provenance columns as strings (`chapter` an INT64, so it sorts 1, 2, 10), `flags` as a list of strings and `scores` as a nullable list of
 * `{criterion, score}` (a list, not a map, as the criteria are the rubric's and `datasets` reads maps as lists).
 */
export const DATASET_PARQUET_SCHEMA: ParquetSchema = [
  { name: 'schema', num_children: 15 },
  { name: 'id', ...TEXT },
  {
    name: 'messages',
    repetition_type: 'REQUIRED' as const,
    converted_type: 'LIST' as const,
    num_children: 1,
  },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED' as const, num_children: 2 },
  { name: 'role', ...TEXT },
  { name: 'content', ...TEXT },
  { name: 'book', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'book_id', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'language', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'subject', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'grade', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'chapter', type: 'INT64' as const, repetition_type: 'OPTIONAL' as const },
  { name: 'chapter_title', ...TEXT, repetition_type: 'OPTIONAL' as const },
  { name: 'topic', ...TEXT },
  { name: 'template', ...TEXT },
  { name: 'custom_id', ...TEXT },
  { name: 'model', ...TEXT },
  { name: 'flags', repetition_type: 'REQUIRED' as const, converted_type: 'LIST' as const, num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', ...TEXT },
  { name: 'scores', repetition_type: 'OPTIONAL' as const, converted_type: 'LIST' as const, num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED' as const, num_children: 2 },
  { name: 'criterion', ...TEXT },
  { name: 'score', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
];

/** The catalogue's columns, between `book` and `chapter` (null in a one-book run but for `language`). */
const BOOK_COLUMNS = ['book_id', 'language', 'subject', 'grade'] as const;
const TEXT_COLUMNS = ['chapter_title', 'topic', 'template', 'custom_id', 'model'] as const;

export interface ShardWriterOptions {
  /** Rows per row group (default 1,000: small enough for the Hub's viewer, and memory stays flat). */
  rowGroupRows?: number;
  /** Start a new shard once a file passes this many bytes (default 256 MB). */
  maxShardBytes?: number;
}

/** Encodes rows as one Parquet row group and returns the file's bytes so far (header on the first call). */
class ShardFile {
  private readonly bytes = new ByteWriter(1 << 20);
  private readonly parquet: ParquetWriter;
  size = 0;
  rows = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {
    this.parquet = new ParquetWriter({
      writer: this.bytes,
      schema: DATASET_PARQUET_SCHEMA,
      createdBy: 'kalvimate publish (hyparquet-writer)',
    });
  }

  static async open(path: string): Promise<ShardFile> {
    return new ShardFile(path, await open(path, 'wx'));
  }

  async writeGroup(rows: readonly DatasetRow[]): Promise<void> {
    const columnData = [
      { name: 'id', data: rows.map((r) => r.id) },
      { name: 'messages', data: rows.map((r) => r.messages) },
      { name: 'book', data: rows.map((r) => r.book) },
      ...BOOK_COLUMNS.map((name) => ({ name, data: rows.map((r) => r[name]) })),
      { name: 'chapter', data: rows.map((r) => (r.chapter === null ? null : BigInt(r.chapter))) },
      ...TEXT_COLUMNS.map((name) => ({ name, data: rows.map((r) => r[name]) })),
      { name: 'flags', data: rows.map((r) => r.flags) },
      {
        name: 'scores',
        data: rows.map((r) =>
          r.scores ? Object.entries(r.scores).map(([criterion, score]) => ({ criterion, score })) : null,
        ),
      },
    ];
    await this.parquet.write({ columnData, rowGroupSize: rows.length });
    this.rows += rows.length;
    await this.drain();
  }

  async finish(): Promise<void> {
    await this.parquet.finish();
    await this.drain();
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    if (this.bytes.index === 0) return;
    const chunk = new Uint8Array(this.bytes.buffer, 0, this.bytes.index);
    await this.handle.write(chunk);
    this.size += chunk.byteLength;
    this.bytes.index = 0;
  }
}

/**
 * Streams the rows of one split into `dir/<split>-00000-of-0000N.parquet`, one row group at a
 * time, starting a new shard past `maxShardBytes`. Shard names get their `of-N` once the count is
 * known (`close()`). Write into a folder that is committed as a whole (core's `commitDirectory`).
 */
export class SplitParquetWriter {
  private readonly rowGroupRows: number;
  private readonly maxShardBytes: number;
  private buffer: DatasetRow[] = [];
  private shard: ShardFile | undefined;
  private readonly done: ShardFile[] = [];
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly split: string,
    options: ShardWriterOptions = {},
  ) {
    this.rowGroupRows = options.rowGroupRows ?? 1000;
    this.maxShardBytes = options.maxShardBytes ?? 256 * 1024 * 1024;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.total;
  }

  /** Bytes of the finished shards (all of them after `close()`). */
  get bytes(): number {
    return this.done.reduce((n, shard) => n + shard.size, 0);
  }

  async add(row: DatasetRow): Promise<void> {
    // Parquet is binary: the one place its strings can be cleaned is here, before they are encoded.
    this.buffer.push(redactValue(row));
    this.total += 1;
    if (this.buffer.length >= this.rowGroupRows) await this.flush();
  }

  /** Finishes the last shard and gives every shard its final name; returns the file names. */
  async close(): Promise<string[]> {
    await this.flush();
    if (this.shard) {
      await this.shard.finish();
      this.done.push(this.shard);
      this.shard = undefined;
    }
    const n = this.done.length;
    const names: string[] = [];
    for (const [i, shard] of this.done.entries()) {
      const name = `${this.split}-${String(i).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.parquet`;
      await rename(shard.path, join(this.dir, name));
      names.push(name);
    }
    return names;
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    if (!this.shard) {
      this.shard = await ShardFile.open(join(this.dir, `.${this.split}-${this.done.length}.parquet.partial`));
    }
    const rows = this.buffer;
    this.buffer = [];
    await this.shard.writeGroup(rows);
    if (this.shard.size >= this.maxShardBytes) {
      await this.shard.finish();
      this.done.push(this.shard);
      this.shard = undefined;
    }
  }
}
