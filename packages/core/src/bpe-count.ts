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

/** Pieces longer than this many bytes are merged with a heap (`mergeCountLong`); shorter ones by scanning. */
const SCAN_MAX_BYTES = 48;

/**
 * The number of tokens byte-pair merging gives bytes[0, length): tiktoken's merge, which repeatedly joins
 * the adjacent pair of parts whose joined bytes have the lowest rank (the leftmost on a tie) until no
 * joined pair is a token.
 */
export function mergeCount(table: RankTable, bytes: Uint8Array, length: number): number {
  if (length <= 1) return length;
  if (rankOf(table, bytes, 0, length) >= 0) return 1;
  return length > SCAN_MAX_BYTES
    ? mergeCountLong(table, bytes, length)
    : mergeCountScan(table, bytes, length);
}

/**
 * `mergeCount` by scanning every pair for the lowest rank at each merge: quadratic in the piece's length, the
 * fastest way for a word.
 * @internal
 */
export function mergeCountScan(table: RankTable, bytes: Uint8Array, length: number): number {
  if (length <= 1) return length;
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

// Scratch space of the heap merge, by a part's first byte: the first byte of the part after it (or -1), of
// the one before it (or -1), the rank of the part joined to the next (NONE when that is no token, or when
// the part was joined into the one before it), and the heap of candidate joins, each a key
// rank × 2^32 + first byte (so the lowest key is the lowest rank, the leftmost on a tie).
let nextOf = new Int32Array(256);
let previousOf = new Int32Array(256);
let rankAt = new Int32Array(256);
let heap = new Float64Array(256);
const POSITION = 2 ** 32;

function heapPush(size: number, key: number): number {
  if (size === heap.length) {
    const grown = new Float64Array(size * 2);
    grown.set(heap);
    heap = grown;
  }
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= key) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = key;
  return size + 1;
}

/** Removes the lowest key (the caller has read heap[0]); returns the new size. */
function heapPop(size: number): number {
  const last = heap[size - 1] as number;
  const n = size - 1;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && (heap[child + 1] as number) < (heap[child] as number)) child += 1;
    if ((heap[child] as number) >= last) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  if (n > 0) heap[i] = last;
  return n;
}

/**
 * `mergeCount` with the candidate joins in a heap: the same joins in the same order (the lowest rank first,
 * the leftmost on a tie), in time n log n instead of n² — a long piece (a sentence of Chinese or Japanese,
 * which has no spaces to cut at) is merged in microseconds instead of a millisecond. A join whose parts have
 * changed since it was pushed is skipped when it comes up: the parts' current rank tells.
 * @internal
 */
export function mergeCountLong(table: RankTable, bytes: Uint8Array, length: number): number {
  if (length <= 1) return length;
  if (nextOf.length < length) {
    const size = Math.max(length, nextOf.length * 2);
    nextOf = new Int32Array(size);
    previousOf = new Int32Array(size);
    rankAt = new Int32Array(size);
  }
  // Parts start as single bytes; a part is known by its first byte's index.
  let size = 0;
  for (let i = 0; i < length; i += 1) {
    nextOf[i] = i + 1 < length ? i + 1 : -1;
    previousOf[i] = i - 1;
    const rank = i + 1 < length ? joinedRank(table, bytes, i, i + 2) : NONE;
    rankAt[i] = rank;
    if (rank !== NONE) size = heapPush(size, rank * POSITION + i);
  }
  let parts = length;
  while (size > 0) {
    const key = heap[0] as number;
    size = heapPop(size);
    const start = key % POSITION;
    const rank = (key - start) / POSITION;
    // Stale: its join's rank has changed since, or the part was joined into the one before it (NONE).
    if (rankAt[start] !== rank) continue;
    // Join the part at `start` with the one after it; `end` is where the joined part ends.
    const right = nextOf[start] as number;
    const after = nextOf[right] as number;
    nextOf[start] = after;
    rankAt[right] = NONE;
    if (after >= 0) previousOf[after] = start;
    parts -= 1;
    const end = after >= 0 ? after : length;
    const afterEnd = after >= 0 && (nextOf[after] as number) >= 0 ? (nextOf[after] as number) : length;
    const joined = after >= 0 ? joinedRank(table, bytes, start, afterEnd) : NONE;
    rankAt[start] = joined;
    if (joined !== NONE) size = heapPush(size, joined * POSITION + start);
    const before = previousOf[start] as number;
    if (before >= 0) {
      const rankBefore = joinedRank(table, bytes, before, end);
      rankAt[before] = rankBefore;
      if (rankBefore !== NONE) size = heapPush(size, rankBefore * POSITION + before);
    }
  }
  return parts;
}
