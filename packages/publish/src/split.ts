import { sha256Bytes } from '@kalvimate/core';

export type SplitName = 'train' | 'test';

/**
 * The split of every row of one topic: `test` for about `testFraction` of the topics, chosen by a
 * hash of the seed and the topic, so the choice is the same on every run and needs no memory
 * (rows can stream straight into their split's files).
 * @example splitForTopic('book|3 Heat|3.1 Temperature', 0.1, 'kalvimate') // 'train'
 */
export function splitForTopic(topicKey: string, testFraction: number, seed: string): SplitName {
  if (testFraction <= 0) return 'train';
  if (testFraction >= 1) return 'test';
  const digest = sha256Bytes(`${seed}\u0000${topicKey}`);
  const unit = digest.readUInt32BE(0) / 0x100000000;
  return unit < testFraction ? 'test' : 'train';
}

/**
 * The key that keeps all rows of one topic together: its chapter and topic as the request names them
 * (`3 Heat`, `3.1 Temperature`). The book's title is left out, so that correcting a title never moves a topic
 * from train to test.
 */
export function topicKeyOf(row: { chapter: string; topic: string }): string {
  return `${row.chapter}\u0000${row.topic}`;
}
