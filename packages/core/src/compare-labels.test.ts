import { describe, expect, it } from 'vitest';
import { compareLabels } from './compare-labels.js';

describe('compareLabels', () => {
  it('orders whole numbers by value, alone and inside labels', () => {
    expect(['10', '2', '1', '100', '0', '9'].sort(compareLabels)).toEqual(['0', '1', '2', '9', '10', '100']);
    expect(['ch10', 'ch9', 'ch1.10', 'ch1.9'].sort(compareLabels)).toEqual([
      'ch1.9',
      'ch1.10',
      'ch9',
      'ch10',
    ]);
    expect(['b', '(unknown)', '3', 'A'].sort(compareLabels)).toEqual(['(unknown)', '3', 'A', 'b']);
  });

  it('ignores the case of A–Z but for ties, and leading zeros but for ties', () => {
    expect(['smart', 'MCQ_based', 'detailed', 'Rapid'].sort(compareLabels)).toEqual([
      'detailed',
      'MCQ_based',
      'Rapid',
      'smart',
    ]);
    expect(['a', 'A'].sort(compareLabels)).toEqual(['A', 'a']);
    expect(['7', '007', '07'].sort(compareLabels)).toEqual(['007', '07', '7']);
  });

  it('is a total order: 0 only for equal labels, antisymmetric and transitive on random labels', () => {
    // A fixed linear congruential sequence: core's tests cannot import testkit, which depends on core.
    let state = 16;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const alphabet = ['0', '1', '9', '0', 'a', 'A', 'z', '_', '-', ' ', '(', 'é', 'த', '2'];
    const labels = Array.from({ length: 300 }, () =>
      Array.from(
        { length: Math.floor(random() * 6) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(''),
    );
    for (const a of labels)
      for (const b of labels) {
        expect(Math.sign(compareLabels(a, b)) + Math.sign(compareLabels(b, a)), `${a} vs ${b}`).toBe(0);
        if (compareLabels(a, b) === 0) expect(a).toBe(b);
      }
    const sorted = [...labels].sort(compareLabels);
    for (let k = 1; k < sorted.length; k += 1)
      expect(compareLabels(sorted[k - 1] as string, sorted[k] as string)).toBeLessThanOrEqual(0);
    // The same list in another order sorts the same.
    expect([...labels].reverse().sort(compareLabels)).toEqual(sorted);
  });
});
