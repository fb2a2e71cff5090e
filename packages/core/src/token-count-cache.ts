/** Bounds of a `TokenCountCache`. */
export interface TokenCountCacheLimits {
  /** Most texts kept (default 4,096). */
  maxEntries?: number;
  /** Most characters kept over all texts (default 1 Mi: at most 2 MiB of strings). */
  maxChars?: number;
}

/**
 * A 32-bit fingerprint of a text from its length and up to 96 characters spread over it: equal texts
 * have equal fingerprints (unequal ones rarely do). A number, so it holds no reference to the text.
 */
function fingerprint(text: string): number {
  let hash = text.length | 0;
  const step = Math.max(1, Math.floor(text.length / 96));
  for (let i = 0; i < text.length; i += step) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * A bounded least-recently-used map from a text to its token count. Keys are the texts themselves,
 * so a hit is exact (no hash collisions); the entry and character bounds keep its memory constant.
 * A text is only kept the second time it is offered (its short signature is noted the first time),
 * so a stream of texts that never repeat does not churn the cache (nor the garbage collector).
 */
export class TokenCountCache {
  private readonly map = new Map<string, number>();
  private readonly seenOnce = new Set<number>();
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  constructor(limits: TokenCountCacheLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 4096;
    this.maxChars = limits.maxChars ?? 1024 * 1024;
  }

  get size(): number {
    return this.map.size;
  }

  /** The cached count of `text`, marking it recently used; undefined when absent. */
  get(text: string): number | undefined {
    const count = this.map.get(text);
    if (count !== undefined) {
      this.map.delete(text);
      this.map.set(text, count);
    }
    return count;
  }

  /**
   * Offers `count` for `text`: kept if the text was offered before (evicting the least recently used
   * texts beyond the bounds), else only noted.
   */
  set(text: string, count: number): void {
    if (text.length > this.maxChars) return;
    if (this.map.has(text)) this.map.delete(text);
    else {
      const key = fingerprint(text);
      if (!this.seenOnce.has(key)) {
        if (this.seenOnce.size >= this.maxEntries * 4) this.seenOnce.clear();
        this.seenOnce.add(key);
        return;
      }
      this.seenOnce.delete(key);
      this.chars += text.length;
    }
    this.map.set(text, count);
    while (this.map.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}
