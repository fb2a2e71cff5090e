import type { DatasetMessage } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { type DuplicateChecker, inlineChecker, threadChecker, type Verdict } from './dedupe-thread.js';

const conv = (q: string, a: string): DatasetMessage[] => [
  { role: 'user', content: q },
  { role: 'assistant', content: a },
];

const words = [
  'heat',
  'flows',
  'from',
  'a',
  'hotter',
  'body',
  'to',
  'colder',
  'one',
  'until',
  'both',
  'match',
];

/** 700 conversations: distinct ones, exact repeats (case and punctuation apart) and near repeats, spread over batches. */
function conversations(): DatasetMessage[][] {
  const out: DatasetMessage[][] = [];
  for (let i = 0; i < 700; i += 1) {
    const answer = Array.from(
      { length: 40 },
      (_, j) => words[(i * 7 + j * ((i % 5) + 1)) % words.length],
    ).join(' ');
    if (i % 9 === 4) out.push(conv(`Question ${i - 1}?`, `${out[i - 1]?.[1]?.content.toUpperCase()}!`));
    else if (i % 11 === 6) out.push(conv(`Question ${i - 2}?`, `${out[i - 2]?.[1]?.content} indeed`));
    else out.push(conv(`Question ${i}?`, `${answer} number ${i}`));
  }
  return out;
}

/** Adds the conversations and takes the verdicts at uneven points (mid-batch, after several batches). */
async function verdictsOf(checker: DuplicateChecker, list: DatasetMessage[][]): Promise<Verdict[]> {
  const out: Verdict[] = [];
  try {
    for (const [i, messages] of list.entries()) {
      checker.add(messages);
      if (i === 100 || i === 620) out.push(...(await checker.take()));
    }
    out.push(...(await checker.take()));
    out.push(...(await checker.take()));
  } finally {
    await checker.close();
  }
  return out;
}

describe('threadChecker', () => {
  it('gives the verdicts of the checker on the calling thread, in order, across batches', async () => {
    const list = conversations();
    const inline = await verdictsOf(inlineChecker(), list);
    expect(inline).toHaveLength(list.length);
    expect(inline.filter((v) => v === 'exact').length).toBeGreaterThan(50);
    expect(inline.filter((v) => v === 'near').length).toBeGreaterThan(20);
    expect(await verdictsOf(threadChecker(), list)).toEqual(inline);
  });

  it('fails clearly when its thread dies, and closes', async () => {
    const checker = threadChecker({}, new URL('data:text/javascript,process.exit(3)'));
    checker.add(conv('q', 'a'));
    await expect(checker.take()).rejects.toMatchObject({
      code: 'PUBLISH_DEDUPE_THREAD',
      message: expect.stringContaining('exited with code 3'),
    });
    await checker.close();
    await checker.close();
  });

  it('has nothing to give before anything is added', async () => {
    const checker = threadChecker();
    expect(await checker.take()).toEqual([]);
    await checker.close();
  });
});
