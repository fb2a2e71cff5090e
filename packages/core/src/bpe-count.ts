import { type RankTable, rankOf } from './rank-table.js';

/**
 * Writes text's UTF-8 bytes into `out` (at least 3 bytes per UTF-16 unit) and returns their number.
 * A lone surrogate becomes U+FFFD, as TextEncoder (and so tiktoken's input) has it.
 */
export function utf8Into(text: string, out: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        out[n++] = 0xf0 | (cp >> 18);
        out[n++] = 0x80 | ((cp >> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

const NONE = 0x7fffffff;
// Scratch space for the merge, grown as needed: part starts and the rank of each part joined to the next.
let starts = new Int32Array(256);
let pair = new Int32Array(256);

function joinedRank(table: RankTable, bytes: Uint8Array, from: number, to: number): number {
  const rank = rankOf(table, bytes, from, to);
  return rank < 0 ? NONE : rank;
}

/**
 * The number of tokens byte-pair merging gives bytes[0, length): tiktoken's merge, which repeatedly joins
 * the adjacent pair of parts whose joined bytes have the lowest rank (the leftmost on a tie) until no
 * joined pair is a token.
 */
export function mergeCount(table: RankTable, bytes: Uint8Array, length: number): number {
  if (length <= 1) return length;
  if (rankOf(table, bytes, 0, length) >= 0) return 1;
  if (starts.length < length + 1) {
    starts = new Int32Array(length + 1);
    pair = new Int32Array(length + 1);
  }
  // Parts 0..parts-1 start at starts[i]; starts[parts] is the end. pair[i] joins parts i and i + 1.
  let parts = length;
  for (let i = 0; i <= length; i += 1) starts[i] = i;
  for (let i = 0; i < parts - 1; i += 1) pair[i] = joinedRank(table, bytes, i, i + 2);
  while (parts > 1) {
    let best = NONE;
    let at = -1;
    for (let i = 0; i < parts - 1; i += 1)
      if ((pair[i] as number) < best) {
        best = pair[i] as number;
        at = i;
      }
    if (at < 0) break;
    // Join parts at and at + 1: drop the start of part at + 1 and its pair rank.
    starts.copyWithin(at + 1, at + 2, parts + 1);
    pair.copyWithin(at + 1, at + 2, parts - 1);
    parts -= 1;
    if (at < parts - 1) pair[at] = joinedRank(table, bytes, starts[at] as number, starts[at + 2] as number);
    if (at > 0) pair[at - 1] = joinedRank(table, bytes, starts[at - 1] as number, starts[at + 1] as number);
  }
  return parts;
}
