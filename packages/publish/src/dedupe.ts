import type { DatasetMessage } from '@kalvimate/core';

/**
 * A set of non-zero integers below 2^53 in one Float64Array (open addressing): 16 bytes per key at
 * most, so the state of a million rows stays a few dozen megabytes.
 */
export class CompactKeySet {
  private table: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let size = 16;
    while (size < initialCapacity * 2) size *= 2;
    this.table = new Float64Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: number): boolean {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    return this.insert(this.table, key);
  }

  has(key: number): boolean {
    const mask = this.table.length - 1;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot === 0) return false;
      if (slot === key) return true;
    }
  }

  private insert(table: Float64Array, key: number): boolean {
    const mask = table.length - 1;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const slot = table[i];
      if (slot === key) return false;
      if (slot === 0) {
        table[i] = key;
        if (table === this.table) this.count += 1;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    const next = new Float64Array(old.length * 2);
    for (const key of old) if (key !== 0) this.insert(next, key);
    this.table = next;
  }
}

function slotOf(key: number, mask: number): number {
  return (Math.imul((key % 0x7fffffff) | 0, 0x9e3779b1) ^ Math.floor(key / 0x100000000)) & mask;
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

/** Joins two 32-bit hashes into one non-zero integer key below 2^53. */
function key53(high: number, low: number): number {
  return (high & 0x1fffff) * 0x100000000 + (low >>> 0) || 1;
}

/** Lower-case words without punctuation: two texts that differ only in case, spacing or punctuation are equal. */
export function normalizedWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
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
  private readonly exact = new CompactKeySet();
  private readonly bandKeys = new CompactKeySet();
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
    const parts: string[] = [];
    for (const message of messages) {
      if (message.role === 'system') continue;
      const w = normalizedWords(message.content);
      parts.push(`${message.role}:${w.join(' ')}`);
      words.push(message.role === 'user' ? '\u0001' : '\u0002', ...w);
    }
    const whole = parts.join('\n');
    const exactKey = key53(fnv1a(whole, 0x9747b28c), fnv1a(whole));
    if (this.exact.has(exactKey)) return 'exact';

    const bandKeys = this.bandKeysOf(words);
    const near = bandKeys.some((k) => this.bandKeys.has(k));
    this.exact.add(exactKey);
    if (!near) for (const k of bandKeys) this.bandKeys.add(k);
    return near ? 'near' : undefined;
  }

  private bandKeysOf(words: readonly string[]): number[] {
    const n = this.bands * this.rows;
    const signature = new Int32Array(n).fill(0x7fffffff);
    const size = Math.min(this.shingleWords, Math.max(1, words.length));
    for (let i = 0; i + size <= words.length; i += 1) {
      let shingle = 0x811c9dc5;
      for (let j = i; j < i + size; j += 1)
        shingle = fnv1a(words[j] ?? '', Math.imul(shingle, 0x01000193) ^ 0x20);
      for (let k = 0; k < n; k += 1) {
        const h = (Math.imul(shingle, this.seedsA[k] ?? 1) + (this.seedsB[k] ?? 0)) & 0x7fffffff;
        if (h < (signature[k] ?? 0)) signature[k] = h;
      }
    }
    const keys: number[] = [];
    for (let b = 0; b < this.bands; b += 1) {
      let high = 0x811c9dc5 ^ b;
      let low = 0x01000193 + b;
      for (let r = 0; r < this.rows; r += 1) {
        const v = signature[b * this.rows + r] ?? 0;
        high = Math.imul(high ^ v, 0x01000193);
        low = Math.imul(low ^ (v >>> 7), 0x5bd1e995) ^ (low >>> 13);
      }
      keys.push(key53(high ^ b, low));
    }
    return keys;
  }
}
