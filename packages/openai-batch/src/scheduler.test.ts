import { describe, expect, it } from 'vitest';
import { pickStartable, queueBudget } from './scheduler.js';

describe('pickStartable', () => {
  const work = (tokens: number[]) => tokens.map((t, i) => ({ key: `p${i}`, tokens: t }));

  it('starts as many parts as fit in the token budget, in order', () => {
    expect(pickStartable(work([40, 40, 40]), 0, 100)).toEqual(['p0', 'p1']);
  });

  it('counts the tokens already in flight', () => {
    expect(pickStartable(work([40, 40]), 70, 100)).toEqual([]);
    expect(pickStartable(work([40, 20]), 70, 100)).toEqual(['p1']);
  });

  it('lets a part larger than the whole budget run alone rather than never', () => {
    expect(pickStartable(work([500, 10]), 0, 100)).toEqual(['p0']);
    expect(pickStartable(work([500]), 1, 100)).toEqual([]);
  });

  it('starts everything when the budget is large', () => {
    expect(pickStartable(work([1, 2, 3, 4, 5, 6, 7, 8]), 0, 1_000_000)).toHaveLength(8);
  });
});

describe('queueBudget', () => {
  it("takes the model table's batch queue limit, unless overridden", () => {
    expect(queueBudget('gpt-4o-mini')).toBe(2_000_000);
    expect(queueBudget('gpt-4o-mini-2024-07-18')).toBe(2_000_000);
    expect(queueBudget('gpt-4o-mini', { queueTokens: 5 })).toBe(5);
    expect(queueBudget('gpt-4o', { models: { 'gpt-4o': { batchQueueTokens: 7 } } })).toBe(7);
  });
});
