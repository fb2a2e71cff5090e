import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('gives the same text whatever the order of the keys, at every depth', () => {
    const a = { model: 'm', publish: { upload: false, repoId: 'me/x' }, list: [{ b: 1, a: 2 }] };
    const b = { list: [{ a: 2, b: 1 }], publish: { repoId: 'me/x', upload: false }, model: 'm' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('keeps the order of arrays and leaves undefined members out', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson(null)).toBe('null');
  });
});
