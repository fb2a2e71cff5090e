import { describe, expect, it } from 'vitest';
import { buildBookContext } from './book-context.js';

describe('buildBookContext', () => {
  const context = buildBookContext([
    'Gravity pulls; gravity  acts.',
    'Non-metals and the non-metal, Gravity pulls',
  ]);

  it('counts words case-insensitively', () => {
    expect(context.words('gravity')).toBe(3);
    expect(context.words('ravity')).toBe(0);
  });

  it('counts adjacent pairs separated by exactly one space', () => {
    expect(context.pairs('gravity', 'pulls')).toBe(2);
    expect(context.pairs('gravity', 'acts')).toBe(0);
    expect(context.pairs('pulls', 'gravity')).toBe(0);
  });

  it('counts hyphenated pairs', () => {
    expect(context.hyphenated('non', 'metals')).toBe(1);
    expect(context.hyphenated('non', 'metal')).toBe(1);
  });

  it('computes a derived value once', () => {
    const key = Symbol('test');
    let calls = 0;
    const compute = () => {
      calls += 1;
      return calls;
    };
    expect(context.derived(key, compute)).toBe(1);
    expect(context.derived(key, compute)).toBe(1);
  });
});
