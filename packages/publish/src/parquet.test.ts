import { readdir, readFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DatasetRow } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SplitParquetWriter } from './parquet.js';

function row(i: number): DatasetRow {
  return {
    id: `b1-c3-t${i}-mcq_quiz-p1#0`,
    messages: [
      { role: 'system', content: 'Be a patient tutor.' },
      { role: 'user', content: `Question ${i}: வெப்பம் என்றால் என்ன? (9.8 m/s²)` },
      { role: 'assistant', content: `Answer ${i} — "quoted", with a newline\nand more.` },
    ],
    book: 'Science IX',
    book_id: i % 2 ? 'science-9-ta' : null,
    language: 'ta',
    subject: i % 2 ? 'Science' : null,
    grade: i % 2 ? '9' : null,
    chapter: i % 7 === 6 ? null : (i % 3) * 5 + 1,
    chapter_title: i % 7 === 6 ? null : 'Heat',
    topic: `3.${i % 5} Temperature`,
    template: i % 2 ? 'mcq_quiz' : 'misconceptions',
    custom_id: `b1-c3-t${i}-mcq_quiz-p1`,
    model: 'gpt-4o-mini-2024-07-18',
    flags: i % 3 === 0 ? ['meta-talk', 'number-unsupported'] : [],
    scores: i % 4 === 0 ? { faithfulness: 4, clarity: 5 } : null,
  };
}

/**
 * A row as Parquet readers give it back: scores as a list of `{criterion, score}`; DuckDB's JSON gives the
 * INT64 chapter as a string, hyparquet as a bigint (and a null list as undefined).
 */
function asRead(r: DatasetRow, reader: 'duckdb' | 'hyparquet') {
  const { scores, chapter, chapter_title, ...rest } = r;
  const read: Record<string, unknown> = { ...rest };
  if (reader === 'duckdb') {
    read.chapter = chapter === null ? null : String(chapter);
    read.chapter_title = chapter_title;
  } else {
    read.chapter = chapter === null ? null : BigInt(chapter);
    read.chapter_title = chapter_title;
  }
  if (scores) read.scores = Object.entries(scores).map(([criterion, score]) => ({ criterion, score }));
  else if (reader === 'duckdb') read.scores = null;
  return read;
}

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => {
  await dir.remove();
});

async function writeRows(count: number, options = {}) {
  const writer = new SplitParquetWriter(dir.path, 'train', { rowGroupRows: 7, ...options });
  const rows = Array.from({ length: count }, (_, i) => row(i));
  for (const r of rows) await writer.add(r);
  return { rows, names: await writer.close() };
}

describe('SplitParquetWriter', () => {
  it('writes rows that DuckDB reads back as list<struct<role, content>> with every column', async () => {
    const { rows, names } = await writeRows(23);
    expect(names).toEqual(['train-00000-of-00001.parquet']);
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const path = dir.join(names[0] ?? '');
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      const types = Object.fromEntries(
        described.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
      );
      expect(types).toEqual({
        id: 'VARCHAR',
        messages: 'STRUCT("role" VARCHAR, "content" VARCHAR)[]',
        book: 'VARCHAR',
        book_id: 'VARCHAR',
        language: 'VARCHAR',
        subject: 'VARCHAR',
        grade: 'VARCHAR',
        chapter: 'BIGINT',
        chapter_title: 'VARCHAR',
        topic: 'VARCHAR',
        template: 'VARCHAR',
        custom_id: 'VARCHAR',
        model: 'VARCHAR',
        flags: 'VARCHAR[]',
        scores: 'STRUCT(criterion VARCHAR, score DOUBLE)[]',
      });
      const read = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
      expect(read.getRowObjectsJson()).toEqual(rows.map((r) => asRead(r, 'duckdb')));
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it('writes one row group per rowGroupRows rows (hyparquet reads it too)', async () => {
    const { rows, names } = await writeRows(23);
    const bytes = await readFile(dir.join(names[0] ?? ''));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(parquetMetadata(file).row_groups.map((g) => Number(g.num_rows))).toEqual([7, 7, 7, 2]);
    // hyparquet leaves a null column out of the object it reads.
    expect(await parquetReadObjects({ file })).toEqual(rows.map((r) => asRead(r, 'hyparquet')));
  });

  it('starts a new shard past maxShardBytes and names them of-N', async () => {
    const { names } = await writeRows(40, { rowGroupRows: 10, maxShardBytes: 1 });
    expect(names).toEqual([
      'train-00000-of-00004.parquet',
      'train-00001-of-00004.parquet',
      'train-00002-of-00004.parquet',
      'train-00003-of-00004.parquet',
    ]);
    expect((await readdir(dir.path)).sort()).toEqual(names);
  });

  it('writes no secret into a row', async () => {
    const writer = new SplitParquetWriter(dir.path, 'train');
    const leaky = row(0);
    leaky.messages[2] = { role: 'assistant', content: 'Your key sk-proj-Leak0123456789abcdefXYZ works.' };
    await writer.add(leaky);
    const [name] = await writer.close();
    const bytes = await readFile(dir.join(name ?? ''));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const [read] = (await parquetReadObjects({ file })) as DatasetRow[];
    expect(read?.messages[2]?.content).toBe('Your key [REDACTED] works.');
    expect(leaky.messages[2]?.content).toContain('sk-proj-');
  });

  it('writes no file for an empty split', async () => {
    const { names } = await writeRows(0);
    expect(names).toEqual([]);
    expect(await readdir(dir.path)).toEqual([]);
  });
});
