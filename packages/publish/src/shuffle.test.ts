import { existsSync } from 'node:fs';
import type { DatasetRow } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowShuffler, shuffleKey } from './shuffle.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-shuffle-');
});
afterEach(async () => dir.remove());

function row(id: string, answer: string): DatasetRow {
  return {
    id,
    messages: [
      { role: 'user', content: `Question ${id}?` },
      { role: 'assistant', content: answer },
    ],
    book: 'Science',
    book_id: null,
    language: 'en',
    subject: null,
    grade: null,
    chapter: 1,
    chapter_title: null,
    topic: '1.1',
    template: 'qa',
    custom_id: id,
    model: 'gpt-4o-mini',
    flags: [],
    scores: null,
  };
}

async function drained(shuffler: RowShuffler): Promise<DatasetRow[]> {
  const out: DatasetRow[] = [];
  await shuffler.drain(async (r) => {
    out.push(r);
  });
  return out;
}

describe('RowShuffler', () => {
  it('gives back every row, in an order that depends on the rows and not on how they came', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(`r${i}`, `Answer ${i}: வெப்பம் ${'x'.repeat(i)}`));
    const forward = new RowShuffler(dir.join('a'), 'seed');
    for (const r of rows) await forward.add(r);
    const backward = new RowShuffler(dir.join('b'), 'seed');
    for (const r of [...rows].reverse()) await backward.add(r);
    const one = await drained(forward);
    expect(one.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect((await drained(backward)).map((r) => r.id)).toEqual(one.map((r) => r.id));
    expect(one.map((r) => r.id)).not.toEqual(rows.map((r) => r.id));
  });

  it.each([
    ['held in memory', undefined],
    ['spilled to disk', 0],
  ])('gives back rows %s without their secrets, and the rows after them', async (_, heldChars) => {
    const shuffler = new RowShuffler(dir.join('s'), 'seed', heldChars);
    const key = `sk-proj-${'a'.repeat(48)}`;
    const rows = [row('a', 'plain'), row('b', `the key is ${key}`), row('c', 'after it')];
    for (const r of rows) await shuffler.add(r);
    const out = await drained(shuffler);
    expect(out.map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    const b = out.find((r) => r.id === 'b');
    expect(JSON.stringify(b)).not.toContain(key);
    expect(out.find((r) => r.id === 'c')?.messages[1]?.content).toBe('after it');
  });

  it('keeps a small split in memory and spills a big one, rows and order the same either way', async () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      row(`r${i}`, `Answer ${i}: ஒளி ${'y'.repeat(i % 50)}`),
    );
    const runs = [];
    // All in memory; spilled from the first row; spilled once some forty rows were held.
    for (const [name, heldChars] of [
      ['held', undefined],
      ['spilled', 0],
      ['both', 8_000],
    ] as const) {
      const shuffler = new RowShuffler(dir.join(name), 'seed', heldChars);
      for (const r of rows) await shuffler.add(r);
      runs.push({ spillFile: existsSync(dir.join(name)), rows: await drained(shuffler) });
      expect(existsSync(dir.join(name))).toBe(false);
    }
    expect(runs.map((r) => r.spillFile)).toEqual([false, true, true]);
    expect(runs[1]?.rows).toEqual(runs[0]?.rows);
    expect(runs[2]?.rows).toEqual(runs[0]?.rows);
    expect(runs[0]?.rows.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('orders the rows by bucket (the first byte of their key, of 64), then by key', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(`id-${i}`, `Answer ${i}`));
    const shuffler = new RowShuffler(dir.join('o'), 'the seed');
    for (const r of rows) await shuffler.add(r);
    const keyed = rows.map((r) => {
      const key = shuffleKey('the seed', r.id);
      return { id: r.id, bucket: Number.parseInt(key.slice(0, 2), 16) % 64, key };
    });
    keyed.sort((a, b) => a.bucket - b.bucket || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    expect((await drained(shuffler)).map((r) => r.id)).toEqual(keyed.map((k) => k.id));
  });
});
