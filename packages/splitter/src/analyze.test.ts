import { ChatRequestBodySchema, countChatTokens } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { analyzeLine, countMessagesTokens } from './analyze.js';
import { createAnalyzer } from './analyzer-pool.js';

const longSystem = `You are a patient tutor. ${'Explain each step, then ask one question. '.repeat(20)}`;
const line = (body: unknown, id = 'r1') =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body });

describe('countMessagesTokens', () => {
  const messageSets = [
    [{ role: 'user', content: 'Hello' }],
    [
      { role: 'system', content: longSystem },
      { role: 'user', content: 'Heat is energy in transit. வெப்பம் ஆற்றல்.' },
    ],
    [{ role: 'user', content: longSystem, name: 'student_1' }],
    [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'part one ' },
          { type: 'text', text: 'part two' },
        ],
      },
    ],
    [{ role: 'assistant', content: null }],
    [{ role: 'user', content: '' }],
  ];

  it('equals countChatTokens, also when long contents come again from the cache', () => {
    for (let round = 0; round < 3; round += 1) {
      for (const messages of messageSets) {
        expect(countMessagesTokens(messages, 'o200k_base')).toBe(
          countChatTokens(messages as Parameters<typeof countChatTokens>[0], 'o200k_base'),
        );
        expect(countMessagesTokens(messages, 'cl100k_base')).toBe(
          countChatTokens(messages as Parameters<typeof countChatTokens>[0], 'cl100k_base'),
        );
      }
    }
  });

  it('does not mix up two long contents of the same length', () => {
    const a = `${'word '.repeat(100)}alpha`;
    const b = `${'word '.repeat(100)}omega`;
    for (let i = 0; i < 3; i += 1) {
      for (const content of [a, b]) {
        expect(countMessagesTokens([{ role: 'system', content }], 'o200k_base')).toBe(
          countChatTokens([{ role: 'system', content }]),
        );
      }
    }
  });
});

describe('analyzeLine', () => {
  it('gives the same reason as the schema for every body the quick check refuses', () => {
    const bodies = [
      { model: '', messages: [{ role: 'user', content: 'x' }] },
      { model: 'gpt-4o-mini', messages: [] },
      { model: 'gpt-4o-mini', messages: [{ role: '', content: 'x' }] },
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 5 }] },
      { model: 'gpt-4o-mini', messages: [{ role: 'user' }] },
      { model: 'gpt-4o-mini', messages: ['hello'] },
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x', name: 7 }] },
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 0 },
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 1.5 },
      { messages: [{ role: 'user', content: 'x' }] },
    ];
    for (const body of bodies) {
      const parsed = ChatRequestBodySchema.safeParse(body);
      expect(parsed.success).toBe(false);
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      expect(analyzeLine(line(body), 'o200k_base', false)).toEqual({
        ok: false,
        reason: `body.${issue?.path.join('.')}: ${issue?.message}`,
      });
    }
  });

  it('accepts extra keys the schema passes through and counts max_completion_tokens when asked', () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi', extra: true }],
      max_completion_tokens: 50,
      temperature: 0.2,
    };
    const tokens = countChatTokens([{ role: 'user', content: 'Hi' }]);
    expect(analyzeLine(line(body), 'o200k_base', false)).toEqual({
      ok: true,
      customId: 'r1',
      url: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      tokens,
    });
    expect(analyzeLine(line(body), 'o200k_base', true)).toMatchObject({ tokens: tokens + 50 });
  });
});

describe('createAnalyzer', () => {
  it('gives the same results from bytes on a worker thread as from text on this thread', async () => {
    const lines = [
      line({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: longSystem }] }, 'a'),
      line({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'வெப்பம் 😀' }] }, 'b'),
      '{"broken',
      '',
    ];
    const local = createAnalyzer(0, 'o200k_base', false);
    const worker = createAnalyzer(1, 'o200k_base', false);
    try {
      const expected = await local.analyze(lines);
      expect(expected[1]).toMatchObject({ ok: true, customId: 'b' });
      expect(await worker.analyze(lines.map((l) => Buffer.from(l)))).toEqual(expected);
      expect(await worker.analyze(lines)).toEqual(expected);
    } finally {
      await Promise.all([local.close(), worker.close()]);
    }
  });
});

describe('defaultWorkerCount', () => {
  it('counts on the main thread on up to two cores, else on the spare cores, at most 2', async () => {
    const { defaultWorkerCount } = await import('./analyzer-pool.js');
    expect([1, 2, 3, 4, 16].map((cores) => defaultWorkerCount(cores))).toEqual([0, 0, 2, 2, 2]);
  });
});
