import type { DatasetMessage } from '@kalvimate/core';

const SEGMENT_BITS = 8;
const SEGMENTS = 1 << SEGMENT_BITS;
const OCCUPIED = 0x2000;
const MAX_LOAD = 0.8;

/** One segment of a CompactKeySet: the low 32 bits and the 13 high bits left (plus a flag) of each key. */
interface Segment {
  low: Uint32Array;
  high: Uint16Array;
  count: number;
}

/**
 * A set of non-zero integers below 2^53 in flat typed arrays, 6 bytes a slot: the top 8 of the 53
 * bits pick one of 256 segments, and a slot keeps the other 45 (a Uint32 and a Uint16). Each
 * segment is an open-addressing table that grows by a quarter on its own past 80% load, so the
 * whole set stays near 8–9 bytes a key and a growth step never copies more than one small segment.
 */
export class CompactKeySet {
  private readonly segments: Segment[] = [];
  private count = 0;

  constructor(initialCapacity = 1024) {
    const slots = Math.max(8, Math.ceil(initialCapacity / SEGMENTS / MAX_LOAD));
    for (let i = 0; i < SEGMENTS; i += 1) {
      // Sizes differ a little from segment to segment, so the segments do not all grow at once.
      const size = slots + (i & 7);
      this.segments.push({ low: new Uint32Array(size), high: new Uint16Array(size), count: 0 });
    }
  }

  get size(): number {
    return this.count;
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: number): boolean {
    const high21 = Math.floor(key / 0x100000000);
    const low = key >>> 0;
    const segment = this.segments[high21 >>> 13] as Segment;
    const high = (high21 & 0x1fff) | OCCUPIED;
    if (segment.count + 1 > segment.low.length * MAX_LOAD) grow(segment);
    const slot = find(segment, low, high);
    if (slot < 0) return false;
    segment.low[slot] = low;
    segment.high[slot] = high;
    segment.count += 1;
    this.count += 1;
    return true;
  }

  has(key: number): boolean {
    const high21 = Math.floor(key / 0x100000000);
    const segment = this.segments[high21 >>> 13] as Segment;
    return find(segment, key >>> 0, (high21 & 0x1fff) | OCCUPIED) < 0;
  }
}

/** The free slot for the key, or -1 when it is present. */
function find(segment: Segment, low: number, high: number): number {
  const { low: lows, high: highs } = segment;
  const size = lows.length;
  let slot = Math.floor(((Math.imul(low ^ (high << 19), 0x9e3779b1) >>> 0) * size) / 0x100000000);
  for (;;) {
    const h = highs[slot];
    if (h === 0) return slot;
    if (h === high && lows[slot] === low) return -1;
    slot += 1;
    if (slot === size) slot = 0;
  }
}

function grow(segment: Segment): void {
  const { low: oldLow, high: oldHigh } = segment;
  const size = Math.ceil(oldLow.length * 1.25) + 1;
  segment.low = new Uint32Array(size);
  segment.high = new Uint16Array(size);
  for (let i = 0; i < oldLow.length; i += 1) {
    const high = oldHigh[i] as number;
    if (high === 0) continue;
    const low = oldLow[i] as number;
    const slot = find(segment, low, high);
    segment.low[slot] = low;
    segment.high[slot] = high;
  }
}

/** 32-bit FNV-1a of a string's UTF-16 units. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * `key53(fnv1a(text, 0x9747b28c), fnv1a(text))` of a text given in pieces, in one pass and without
 * joining them into one string.
 */
class ExactKey {
  private high = 0x9747b28c;
  private low = 0x811c9dc5;

  feed(text: string): void {
    let { high, low } = this;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      high = Math.imul(high ^ c, 0x01000193);
      low = Math.imul(low ^ c, 0x01000193);
    }
    this.high = high;
    this.low = low;
  }

  value(): number {
    return key53(this.high >>> 0, this.low >>> 0);
  }
}

/**
 * The exact key of a conversation: the key of its messages as `role:word word…` lines (system message
 * left out). `words` gets the words of the conversation for the shingles, each message's behind
 * a marker of its role.
 */
export function conversationKey(messages: readonly DatasetMessage[], words: string[] = []): number {
  const key = new ExactKey();
  let first = true;
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (!first) key.feed('\n');
    first = false;
    key.feed(message.role);
    key.feed(':');
    const w = normalizedWords(message.content);
    words.push(message.role === 'user' ? '\u0001' : '\u0002');
    for (let i = 0; i < w.length; i += 1) {
      if (i > 0) key.feed(' ');
      const word = w[i] as string;
      key.feed(word);
      words.push(word);
    }
  }
  return key.value();
}

/** Joins two 32-bit hashes into one non-zero integer key below 2^53. */
function key53(high: number, low: number): number {
  return (high & 0x1fffff) * 0x100000000 + (low >>> 0) || 1;
}

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const NON_ASCII = /[\u0080-\uffff]/;
// In ASCII, letters, marks and digits are these; NFKC leaves ASCII as it is.
const ASCII_WORD_RUN = /[a-z0-9]+/g;

/** Lower-case words without punctuation: two texts that differ only in case, spacing or punctuation are equal. */
export function normalizedWords(text: string): string[] {
  const lower = text.toLowerCase();
  // Most model output is ASCII: its words are found without the Unicode tables (twice as fast).
  if (!NON_ASCII.test(lower)) return lower.match(ASCII_WORD_RUN) ?? [];
  return lower.normalize('NFKC').match(WORD_RUN) ?? [];
}

export interface DeduperOptions {
  /** Words per shingle for near-duplicate detection (default 5). */
  shingleWords?: number;
  /** LSH bands × rows per band = MinHash functions. Default 4 × 8: pairs above ~0.84 Jaccard similarity collide. */
  bands?: number;
  rowsPerBand?: number;
}

export type DuplicateKind = 'exact' | 'near';

/**
 * Finds exact and near duplicate conversations in one pass, keeping only hashes: one key per row
 * for exact matches (normalised text) and one per LSH band of a MinHash signature over word
 * shingles for near matches. The first conversation seen is kept; later ones are duplicates.
 * The system message is left out: it is the same in every row.
 */
export class Deduper {
  // Room for some 32,000 keys from the start (250 KB a set): a set grows one segment at a time, and
  // a small start made the seed's 6,500 conversations pay for thousands of small growth steps.
  private readonly exact = new CompactKeySet(1 << 15);
  private readonly bandKeys = new CompactKeySet(1 << 15);
  private readonly shingleWords: number;
  private readonly bands: number;
  private readonly rows: number;
  private readonly seedsA: Int32Array;
  private readonly seedsB: Int32Array;

  constructor(options: DeduperOptions = {}) {
    this.shingleWords = options.shingleWords ?? 5;
    this.bands = options.bands ?? 4;
    this.rows = options.rowsPerBand ?? 8;
    const n = this.bands * this.rows;
    this.seedsA = new Int32Array(n);
    this.seedsB = new Int32Array(n);
    // Fixed seeds: the same input always gives the same decisions.
    let state = 0x2545f491;
    for (let i = 0; i < n; i += 1) {
      state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x632be5ab;
      this.seedsA[i] = state | 1;
      state = Math.imul(state ^ (state >>> 13), 0x297a2d39) + 0x1b873593;
      this.seedsB[i] = state;
    }
  }

  /** Rows remembered so far. */
  get size(): number {
    return this.exact.size;
  }

  /** Returns 'exact' or 'near' when the conversation repeats one seen before, else remembers it. */
  check(messages: readonly DatasetMessage[]): DuplicateKind | undefined {
    const words: string[] = [];
    const exactKey = conversationKey(messages, words);
    if (this.exact.has(exactKey)) return 'exact';

    const bandKeys = this.bandKeysOf(words);
    const near = bandKeys.some((k) => this.bandKeys.has(k));
    this.exact.add(exactKey);
    if (!near) for (const k of bandKeys) this.bandKeys.add(k);
    return near ? 'near' : undefined;
  }

  private bandKeysOf(words: readonly string[]): number[] {
    const { seedsA, seedsB, bands, rows } = this;
    const n = bands * rows;
    const signature = new Int32Array(n).fill(0x7fffffff);
    const size = Math.min(this.shingleWords, Math.max(1, words.length));
    for (let i = 0; i + size <= words.length; i += 1) {
      let shingle = 0x811c9dc5;
      for (let j = i; j < i + size; j += 1)
        shingle = fnv1a(words[j] ?? '', Math.imul(shingle, 0x01000193) ^ 0x20);
      for (let k = 0; k < n; k += 1) {
        const h = (Math.imul(shingle, seedsA[k] as number) + (seedsB[k] as number)) & 0x7fffffff;
        if (h < (signature[k] as number)) signature[k] = h;
      }
    }
    const keys: number[] = [];
    for (let b = 0; b < bands; b += 1) {
      let high = 0x811c9dc5 ^ b;
      let low = 0x01000193 + b;
      for (let r = 0; r < rows; r += 1) {
        const v = signature[b * rows + r] as number;
        high = Math.imul(high ^ v, 0x01000193);
        low = Math.imul(low ^ (v >>> 7), 0x5bd1e995) ^ (low >>> 13);
      }
      keys.push(key53(high ^ b, low));
    }
    return keys;
  }
}
