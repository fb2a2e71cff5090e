import { describe, expect, it } from 'vitest';
import { mergeCount, utf8Into } from './bpe-count.js';
import { buildRankTable, rankOf, readRankTable, serializeRankTable } from './rank-table.js';

// A toy encoding: the 256 bytes, then merges "ab", "abc", "bc", "cd" (ranks as tiktoken files give them).
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const bytes = Array.from({ length: 256 }, (_, i) => `${Buffer.from([i]).toString('base64')} ${i}`);
const merges = ['ab', 'bc', 'abc', 'cd'].map((m, i) => `${b64(m)} ${256 + i}`);
const TOY = [...bytes, ...merges].join('\n');

function count(table: ReturnType<typeof buildRankTable>, text: string): number {
  const out = new Uint8Array(text.length * 3);
  return mergeCount(table, out, utf8Into(text, out));
}

describe('rank table', () => {
  const table = buildRankTable(TOY, /\S+|\s+/u);

  it('finds every token by its bytes and no other byte string', () => {
    const ab = new Uint8Array([0x61, 0x62, 0x63]);
    expect(rankOf(table, ab, 0, 2)).toBe(256);
    expect(rankOf(table, ab, 0, 3)).toBe(258);
    expect(rankOf(table, ab, 1, 3)).toBe(257);
    expect(rankOf(table, new Uint8Array([0x62, 0x61]), 0, 2)).toBe(-1);
    expect(rankOf(table, new Uint8Array([0xff]), 0, 1)).toBe(255);
  });

  it('merges the lowest-ranked pair first, as tiktoken does', () => {
    // a|b|c|d → ab|c|d (ab 256 is the lowest pair) → abc|d (abc 258 beats cd 259).
    expect(count(table, 'abcd')).toBe(2);
    expect(count(table, 'bcd')).toBe(2); // bc|d (bc 257 beats cd 259)
    expect(count(table, 'xyz')).toBe(3);
    expect(count(table, '')).toBe(0);
  });

  it('reads back exactly what it wrote, with the pattern made global', () => {
    const back = readRankTable(serializeRankTable(table));
    expect(Array.from(back.ranks)).toEqual(Array.from(table.ranks));
    expect(Array.from(back.blob)).toEqual(Array.from(table.blob));
    expect(back.pattern.flags).toContain('g');
    expect(count(back, 'abcd abc')).toBe(count(table, 'abcd abc'));
  });

  it('reads a table from a buffer at an odd offset', () => {
    const bytes = serializeRankTable(table);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(count(readRankTable(shifted.subarray(1)), 'abcd')).toBe(2);
  });

  it('refuses a file that is not a table, or is cut short', () => {
    expect(() => readRankTable(new Uint8Array(64))).toThrow(/not a KalviMate rank table/);
    const bytes = serializeRankTable(table);
    expect(() => readRankTable(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated or corrupt/);
  });

  it('refuses a rank file line it cannot read', () => {
    expect(() => buildRankTable('YQ== 0\nnot-a-line', /./u)).toThrow(/not a tiktoken rank line/);
  });
});
