import { describe, expect, it } from 'vitest';
import { TokenCountCache } from './token-count-cache.js';

describe('TokenCountCache', () => {
  it('keeps a text only the second time it is offered', () => {
    const cache = new TokenCountCache();
    cache.set('system prompt', 5);
    expect(cache.get('system prompt')).toBeUndefined();
    cache.set('system prompt', 5);
    expect(cache.get('system prompt')).toBe(5);
    expect(cache.size).toBe(1);
  });

  it('evicts the least recently used text beyond the entry bound', () => {
    const cache = new TokenCountCache({ maxEntries: 2 });
    for (const text of ['a', 'b', 'a', 'b']) cache.set(text, text.length);
    expect(cache.get('a')).toBe(1); // now b is the oldest
    cache.set('c', 1);
    cache.set('c', 1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('evicts beyond the character bound and ignores a text longer than it', () => {
    const cache = new TokenCountCache({ maxChars: 10 });
    for (const text of ['12345', '12345', 'abcdef', 'abcdef']) cache.set(text, 1);
    expect(cache.get('12345')).toBeUndefined();
    expect(cache.get('abcdef')).toBe(1);
    const long = 'x'.repeat(11);
    cache.set(long, 1);
    cache.set(long, 1);
    expect(cache.get(long)).toBeUndefined();
  });

  it('never returns a count for a different text of the same shape', () => {
    const cache = new TokenCountCache();
    const a = `${'x'.repeat(500)}a`;
    const b = `${'x'.repeat(500)}b`;
    cache.set(a, 1);
    cache.set(a, 1);
    expect(cache.get(b)).toBeUndefined();
  });
});
