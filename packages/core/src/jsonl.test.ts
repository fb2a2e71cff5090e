import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test/temp-dir.js';
import { UserInputError } from './errors.js';
import { parseJsonlLines, readJsonl, splitLines } from './jsonl.js';

const temp = useTempDir('km-jsonl-');

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('splitLines', () => {
  it('joins a line that spans many chunks and keeps line numbers', async () => {
    const chunks = ['{"a":', '1}\n{"b"', ':2}\n', '{"c":3}'];
    const lines = await collect(splitLines(chunks));
    expect(lines.map((l) => [l.lineNumber, l.bytes.toString()])).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
      [3, '{"c":3}'],
    ]);
  });

  it('keeps a carriage return so that copies stay byte-exact', async () => {
    const lines = await collect(splitLines([Buffer.from('x\r\ny\n')]));
    expect(lines.map((l) => l.bytes.toString())).toEqual(['x\r', 'y']);
  });

  it('refuses a line longer than the limit instead of growing without bound', async () => {
    await expect(
      collect(splitLines(['a'.repeat(50), 'b'.repeat(60)], { maxLineBytes: 100 })),
    ).rejects.toMatchObject({
      code: 'JSONL_LINE_TOO_LONG',
    });
  });

  it('does not split a multi-byte character cut between chunks', async () => {
    const bytes = Buffer.from('{"t":"அலகு"}\n');
    const lines = await collect(splitLines([bytes.subarray(0, 8), bytes.subarray(8)]));
    expect(JSON.parse(lines[0]?.bytes.toString() ?? '')).toEqual({ t: 'அலகு' });
  });
});

describe('readJsonl', () => {
  it('streams values with their line numbers, skipping blank lines', async () => {
    const dir = temp.path();
    const file = join(dir, 'a.jsonl');
    await writeFile(file, '\uFEFF{"n":1}\n\n{"n":2}\r\n');
    const records = await collect(readJsonl<{ n: number }>(file));
    expect(records.map((r) => [r.lineNumber, r.value.n])).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('names the file and line of a malformed line', async () => {
    const dir = temp.path();
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"ok":true}\n{"broken":\n');
    const error = await collect(readJsonl(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).code).toBe('JSONL_BAD_LINE');
    expect((error as UserInputError).message).toContain(`${file}:2:`);
  });

  it('reports a missing file as a user error, not a crash', async () => {
    await expect(collect(readJsonl('/nonexistent/x.jsonl'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      exitCode: 2,
    });
  });

  it('names the failing field when a validator rejects a line', async () => {
    const parse = (value: unknown) => {
      if (typeof value !== 'object' || value === null || !('id' in value)) throw new Error('missing id');
      return value;
    };
    const records = parseJsonlLines(['{"id":1}\n{"x":2}\n'], { parse, file: 'in.jsonl' });
    await expect(collect(records)).rejects.toMatchObject({ code: 'JSONL_BAD_RECORD', line: 2 });
  });

  it('reads a large file in constant chunks and counts every line', async () => {
    const dir = temp.path();
    const file = join(dir, 'big.jsonl');
    const body = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100) })).join(
      '\n',
    );
    await writeFile(file, body);
    let count = 0;
    let last = -1;
    for await (const { value } of readJsonl<{ i: number }>(file)) {
      count += 1;
      last = value.i;
    }
    expect(count).toBe(20_000);
    expect(last).toBe(19_999);
    expect((await readFile(file)).length).toBeGreaterThan(2_000_000);
  });
});
