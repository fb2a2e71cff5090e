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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

/**
 * The normalised words of one conversation as UTF-16 codes in one flat buffer, reused from row to
 * row: word `i` is `codes[startOf(i) … ends[i])`. Shingles are hashed from typed arrays, not from
 * thousands of small strings.
 */
export class WordBuffer {
  codes = new Uint16Array(1 << 14);
  ends = new Int32Array(1 << 11);
  /** Codes in use. */
  length = 0;
  /** Words in use. */
  count = 0;

  clear(): void {
    this.length = 0;
    this.count = 0;
  }

  startOf(word: number): number {
    return word === 0 ? 0 : (this.ends[word - 1] as number);
  }

  /** The words as strings, from word `from` on (the hashing reads the codes). */
  words(from = 0): string[] {
    const out: string[] = [];
    for (let i = from; i < this.count; i += 1) {
      let word = '';
      // In slices: a very long word would pass the number of arguments a call may take.
      for (let p = this.startOf(i); p < (this.ends[i] as number); p += 8192) {
        word += String.fromCharCode(...this.codes.subarray(p, Math.min(p + 8192, this.ends[i] as number)));
      }
      out.push(word);
    }
    return out;
  }

  /** Appends one word as it is. */
  pushWord(word: string): void {
    this.room(word.length);
    for (let i = 0; i < word.length; i += 1) this.codes[this.length + i] = word.charCodeAt(i);
    this.length += word.length;
    this.endWord();
  }

  /** Appends the words `normalizedWords` finds in `text`. */
  pushText(text: string): void {
    const length = this.length;
    const count = this.count;
    if (this.scan(text)) return;
    // A character whose case, compatibility form or class needs Unicode's rules: the whole text goes
    // the long way, as a character can change with its neighbours (a final sigma, a combining mark).
    this.length = length;
    this.count = count;
    for (const word of normalizedWords(text)) this.pushWord(word);
  }

  /**
   * Finds the words of a text of ASCII and inert characters (see `isInert`) itself: lower-casing and
   * NFKC only fold A–Z to a–z there, its letters and digits are a–z and 0–9, and every inert
   * character ends a word. Returns false, part-way, at any other character.
   */
  private scan(text: string): boolean {
    this.room(text.length);
    const codes = this.codes;
    let at = this.length;
    let inWord = false;
    for (let i = 0; i < text.length; i += 1) {
      let c = text.charCodeAt(i);
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        codes[at] = c;
        at += 1;
        inWord = true;
        continue;
      }
      if (c >= 0x80 && !isInert(c)) return false;
      if (inWord) {
        this.length = at;
        this.endWord();
        inWord = false;
      }
    }
    this.length = at;
    if (inWord) this.endWord();
    return true;
  }

  private endWord(): void {
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count] = this.length;
    this.count += 1;
  }

  private room(n: number): void {
    if (this.length + n <= this.codes.length) return;
    const codes = new Uint16Array(Math.max(this.codes.length * 2, this.length + n));
    codes.set(this.codes.subarray(0, this.length));
    this.codes = codes;
  }
}

/**
 * `key53(fnv1a(text, 0x9747b28c), fnv1a(text))` of a text given in pieces, in one pass and without
 * joining them into one string (FNV-1a over UTF-16 units, from two offsets).
 */
class ExactKey {
  private high = 0x9747b28c;
  private low = FNV_OFFSET;

  feedCode(c: number): void {
    this.high = Math.imul(this.high ^ c, FNV_PRIME);
    this.low = Math.imul(this.low ^ c, FNV_PRIME);
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i += 1) this.feedCode(text.charCodeAt(i));
  }

  /** Feeds the words of `buffer` from word `from` on, a space between each two. */
  feedWords(buffer: WordBuffer, from: number): void {
    const { codes, ends, count } = buffer;
    let { high, low } = this;
    let p = buffer.startOf(from);
    for (let w = from; w < count; w += 1) {
      if (w > from) {
        high = Math.imul(high ^ SPACE, FNV_PRIME);
        low = Math.imul(low ^ SPACE, FNV_PRIME);
      }
      const end = ends[w] as number;
      for (; p < end; p += 1) {
        const c = codes[p] as number;
        high = Math.imul(high ^ c, FNV_PRIME);
        low = Math.imul(low ^ c, FNV_PRIME);
      }
    }
    this.high = high;
    this.low = low;
  }

  value(): number {
    return key53(this.high >>> 0, this.low >>> 0);
  }
}

const USER_MARK = '\u0001';
const ASSISTANT_MARK = '\u0002';

/**
 * The exact key of a conversation: the key of its messages as `role:word word…` lines (system message
 * left out). `words` gets the words of the conversation for the shingles, each message's behind
 * a marker of its role.
 */
export function conversationKey(messages: readonly DatasetMessage[], words = new WordBuffer()): number {
  const key = new ExactKey();
  let first = true;
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (!first) key.feedCode(0x0a);
    first = false;
    key.feed(message.role);
    key.feedCode(0x3a);
    words.pushWord(message.role === 'user' ? USER_MARK : ASSISTANT_MARK);
    const from = words.count;
    words.pushText(message.content);
    key.feedWords(words, from);
  }
  return key.value();
}

/** Joins two 32-bit hashes into one non-zero integer key below 2^53. */
function key53(high: number, low: number): number {
  return (high & 0x1fffff) * 0x100000000 + (low >>> 0) || 1;
}

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** What `isInert` found for each UTF-16 unit: 0 not looked at yet, 1 inert, 2 not. */
const INERT = new Uint8Array(0x10000);

/**
 * Whether a UTF-16 unit (0x80 and up) is punctuation or a symbol that lower-casing and NFKC leave as it
 * is, alone and beside ASCII: typographic quotes and dashes, ×, °, arrows. Letters, marks, numbers and
 * surrogates are not.
 */
function isInert(c: number): boolean {
  let known = INERT[c] as number;
  if (known === 0) {
    const char = String.fromCharCode(c);
    const inert =
      (c < 0xd800 || c > 0xdfff) &&
      !WORD_CHAR.test(char) &&
      char.toLowerCase() === char &&
      char.normalize('NFKC') === char;
    known = inert ? 1 : 2;
    INERT[c] = known;
  }
  return known === 1;
}

/** Lower-case words without punctuation: two texts that differ only in case, spacing or punctuation are equal. */
export function normalizedWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(WORD_RUN) ?? [];
}

/**
 * The hash of the shingle of words `from` to `to` (exclusive), the first starting at code `start`: FNV-1a
 * over their codes, each word behind one step that multiplies by the prime and mixes in a space.
 */
function shingleHash(codes: Uint16Array, ends: Int32Array, start: number, from: number, to: number): number {
  let shingle = FNV_OFFSET;
  let p = start;
  for (let j = from; j < to; j += 1) {
    shingle = Math.imul(shingle, FNV_PRIME) ^ SPACE;
    const end = ends[j] as number;
    for (; p < end; p += 1) shingle = Math.imul(shingle ^ (codes[p] as number), FNV_PRIME);
  }
  return shingle;
}

/**
 * `shingleHash` of every run of five words (the default shingle), all in one pass over the codes: five
 * hashes are under way at once, the one in slot `s % 5` being shingle `s`, started at word `s` and written
 * out after word `s + 4`. Each code is read once for five shingles, and the five multiplications are
 * independent, where one shingle at a time waits on each multiplication in turn and reads every code five
 * times. The hashes are the same. Needs at least five words.
 */
export function fiveWordShingles(codes: Uint16Array, ends: Int32Array, count: number, out: Int32Array): void {
  let h0 = FNV_OFFSET;
  let h1 = FNV_OFFSET;
  let h2 = FNV_OFFSET;
  let h3 = FNV_OFFSET;
  let h4 = FNV_OFFSET;
  let p = 0;
  for (let j = 0; j < count; j += 1) {
    // Word j starts shingle j in its slot (a slot's last shingle was written out after word j - 1).
    const slot = j % 5;
    if (slot === 0) h0 = FNV_OFFSET;
    else if (slot === 1) h1 = FNV_OFFSET;
    else if (slot === 2) h2 = FNV_OFFSET;
    else if (slot === 3) h3 = FNV_OFFSET;
    else h4 = FNV_OFFSET;
    h0 = Math.imul(h0, FNV_PRIME) ^ SPACE;
    h1 = Math.imul(h1, FNV_PRIME) ^ SPACE;
    h2 = Math.imul(h2, FNV_PRIME) ^ SPACE;
    h3 = Math.imul(h3, FNV_PRIME) ^ SPACE;
    h4 = Math.imul(h4, FNV_PRIME) ^ SPACE;
    const end = ends[j] as number;
    for (; p < end; p += 1) {
      const c = codes[p] as number;
      h0 = Math.imul(h0 ^ c, FNV_PRIME);
      h1 = Math.imul(h1 ^ c, FNV_PRIME);
      h2 = Math.imul(h2 ^ c, FNV_PRIME);
      h3 = Math.imul(h3 ^ c, FNV_PRIME);
      h4 = Math.imul(h4 ^ c, FNV_PRIME);
    }
    if (j < 4) continue;
    // Shingle j - 4 (its slot is the one word j + 1 starts again) is complete.
    const done = (j + 1) % 5;
    out[j - 4] = done === 0 ? h0 : done === 1 ? h1 : done === 2 ? h2 : done === 3 ? h3 : h4;
  }
}

/** The MinHash of one seed pair over the shingles: the least `(shingle × a + b) mod 2^31`. */
function minHash(shingles: Int32Array, count: number, a: number, b: number): number {
  let min = 0x7fffffff;
  for (let i = 0; i < count; i += 1)
    min = Math.min((Math.imul(shingles[i] as number, a) + b) & 0x7fffffff, min);
  return min;
}

/**
 * `signature[k]` = the MinHash of seeds `a[k]`, `b[k]` over the first `count` shingles. Four hash functions go
 * over the shingles together: their seeds and minimums stay in registers, and each shingle is loaded once
 * for four. One function per pass (itself three times as fast as all functions per shingle) took 35–40 %
 * longer. The values are the same.
 */
export function minHashSignature(
  shingles: Int32Array,
  count: number,
  a: Int32Array,
  b: Int32Array,
  signature: Int32Array,
): void {
  const n = signature.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const a0 = a[k] as number;
    const b0 = b[k] as number;
    const a1 = a[k + 1] as number;
    const b1 = b[k + 1] as number;
    const a2 = a[k + 2] as number;
    const b2 = b[k + 2] as number;
    const a3 = a[k + 3] as number;
    const b3 = b[k + 3] as number;
    let m0 = 0x7fffffff;
    let m1 = 0x7fffffff;
    let m2 = 0x7fffffff;
    let m3 = 0x7fffffff;
    for (let i = 0; i < count; i += 1) {
      const shingle = shingles[i] as number;
      m0 = Math.min((Math.imul(shingle, a0) + b0) & 0x7fffffff, m0);
      m1 = Math.min((Math.imul(shingle, a1) + b1) & 0x7fffffff, m1);
      m2 = Math.min((Math.imul(shingle, a2) + b2) & 0x7fffffff, m2);
      m3 = Math.min((Math.imul(shingle, a3) + b3) & 0x7fffffff, m3);
    }
    signature[k] = m0;
    signature[k + 1] = m1;
    signature[k + 2] = m2;
    signature[k + 3] = m3;
  }
  for (; k < n; k += 1) signature[k] = minHash(shingles, count, a[k] as number, b[k] as number);
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
  private readonly words = new WordBuffer();
  /** The shingle hashes of the conversation being checked. */
  private shingles = new Int32Array(1 << 12);
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
    const words = this.words;
    words.clear();
    const exactKey = conversationKey(messages, words);
    if (this.exact.has(exactKey)) return 'exact';

    const bandKeys = this.bandKeysOf(words);
    const near = bandKeys.some((k) => this.bandKeys.has(k));
    this.exact.add(exactKey);
    if (!near) for (const k of bandKeys) this.bandKeys.add(k);
    return near ? 'near' : undefined;
  }

  /**
   * One key per LSH band of the MinHash signature of the words' shingles. A shingle's hash is FNV-1a
   * over its words' codes, each word behind one step that multiplies by the prime and mixes in a space.
   */
  bandKeysOf(words: WordBuffer): number[] {
    const { seedsA, seedsB, bands, rows } = this;
    const { codes, ends, count } = words;
    const size = Math.min(this.shingleWords, Math.max(1, count));
    const shingleCount = Math.max(0, count - size + 1);
    if (this.shingles.length < shingleCount) this.shingles = new Int32Array(shingleCount * 2);
    const shingles = this.shingles;
    if (size === 5) fiveWordShingles(codes, ends, count, shingles);
    else {
      for (let i = 0; i < shingleCount; i += 1)
        shingles[i] = shingleHash(codes, ends, words.startOf(i), i, i + size);
    }
    const n = bands * rows;
    const signature = new Int32Array(n);
    minHashSignature(shingles, shingleCount, seedsA, seedsB, signature);
    const keys: number[] = [];
    for (let b = 0; b < bands; b += 1) {
      let high = FNV_OFFSET ^ b;
      let low = FNV_PRIME + b;
      for (let r = 0; r < rows; r += 1) {
        const v = signature[b * rows + r] as number;
        high = Math.imul(high ^ v, FNV_PRIME);
        low = Math.imul(low ^ (v >>> 7), 0x5bd1e995) ^ (low >>> 13);
      }
      keys.push(key53(high ^ b, low));
    }
    return keys;
  }
}
