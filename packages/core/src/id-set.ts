import { sha256Bytes } from './hash.js';

/** A 128-bit key of an id (the first 16 bytes of its sha256). */
export type IdKey = readonly [number, number, number, number];

/**
 * A set of ids kept as 128-bit hashes in one flat table (open addressing), outside the garbage
 * collected heap: 16 bytes a slot, a few MB for a million ids, and no per-id objects for the
 * collector to trace. Two different ids share a key with odds of about n² / 2¹²⁹.
 */
export class IdSet {
  private table: Uint32Array;
  private count = 0;

  constructor(initialSlots = 1 << 12) {
    let slots = 16;
    while (slots < initialSlots) slots *= 2;
    this.table = new Uint32Array(slots * 4);
  }

  get size(): number {
    return this.count;
  }

  /** The key of `id`. */
  static key(id: string): IdKey {
    const digest = sha256Bytes(id);
    // The first word is never 0, so an all-zero slot always means empty.
    return [
      (digest.readUInt32LE(0) | 1) >>> 0,
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ];
  }

  has(key: IdKey): boolean {
    return this.find(this.table, key) < 0;
  }

  /** Adds `key`; false when it was already there. */
  add(key: IdKey): boolean {
    if ((this.count + 1) * 2 > this.table.length / 4) this.grow();
    const slot = this.find(this.table, key);
    if (slot < 0) return false;
    this.table.set(key, slot * 4);
    this.count += 1;
    return true;
  }

  /** The free slot for `key`, or -1 when `key` is present. */
  private find(table: Uint32Array, key: IdKey): number {
    const mask = table.length / 4 - 1;
    for (let slot = key[1] & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 4;
      if (table[at] === 0) return slot;
      if (
        table[at] === key[0] &&
        table[at + 1] === key[1] &&
        table[at + 2] === key[2] &&
        table[at + 3] === key[3]
      )
        return -1;
    }
  }

  private grow(): void {
    const old = this.table;
    const next = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      const key = [old[at], old[at + 1], old[at + 2], old[at + 3]] as unknown as IdKey;
      next.set(key, this.find(next, key) * 4);
    }
    this.table = next;
  }
}
