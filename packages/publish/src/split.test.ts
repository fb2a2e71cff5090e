import { describe, expect, it } from 'vitest';
import { splitForTopic, topicKeyOf } from './split.js';

describe('splitForTopic', () => {
  const topics = Array.from({ length: 2000 }, (_, i) => `book\u00003\u0000topic ${i}`);

  it('is deterministic for a seed and differs between seeds', () => {
    const a = topics.map((t) => splitForTopic(t, 0.1, 'one'));
    expect(topics.map((t) => splitForTopic(t, 0.1, 'one'))).toEqual(a);
    expect(topics.map((t) => splitForTopic(t, 0.1, 'two'))).not.toEqual(a);
  });

  it('sends about the requested share of topics to test', () => {
    const test = topics.filter((t) => splitForTopic(t, 0.1, 'kalvimate') === 'test').length;
    expect(test).toBeGreaterThan(140);
    expect(test).toBeLessThan(260);
  });

  it('puts everything in train at 0', () => {
    expect(topics.every((t) => splitForTopic(t, 0, 'x') === 'train')).toBe(true);
  });

  it('keys rows by chapter and topic', () => {
    expect(topicKeyOf({ chapter: '1', topic: '1.1' })).not.toBe(topicKeyOf({ chapter: '1.1', topic: '' }));
  });

  it("keeps a topic's split when the book's title changes", () => {
    const before = { book: 'Science IX', chapter: '3', topic: '3.2' };
    const after = { ...before, book: 'Science, Class IX (revised)' };
    expect(topicKeyOf(after)).toBe(topicKeyOf(before));
  });
});
