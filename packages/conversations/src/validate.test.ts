import { describe, expect, it } from 'vitest';
import { validateConversation } from './validate.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const options = { systemMessage: 'Be kind.', contextWindow: 128_000, encoding: 'o200k_base' as const };

describe('validateConversation', () => {
  it('puts the system message first and trims text', () => {
    expect(validateConversation([u(' q '), a('r\n')], options)).toEqual({
      ok: true,
      merged: 0,
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'r' },
      ],
    });
  });

  it('merges consecutive same-role messages instead of dropping them', () => {
    const result = validateConversation([u('q1'), u('q2'), a('r')], options);
    expect(result).toMatchObject({ ok: true, merged: 1 });
    expect(result.ok && result.messages[1]?.content).toBe('q1\n\nq2');
  });

  it.each([
    ['unknown-role', [u('q'), { role: 'system', content: 'x' }, a('r')]],
    ['empty-message', [u('q'), a('  \n ')]],
    ['starts-with-assistant', [a('hello'), u('q'), a('r')]],
    ['ends-with-user', [u('q'), a('r'), u('and?')]],
    ['too-short', [u('q')]],
  ])('refuses %s', (problem, messages) => {
    expect(validateConversation(messages, options)).toMatchObject({ ok: false, problem });
  });

  it('refuses a conversation longer than the context window, counted in tokens', () => {
    const long = 'word '.repeat(400);
    const small = { ...options, contextWindow: 300 };
    expect(validateConversation([u(long), a('r')], small)).toMatchObject({ ok: false, problem: 'too-long' });
    // 2,000 bytes but only ~400 tokens: the byte bound alone must not refuse it.
    expect(validateConversation([u(long), a('r')], { ...options, contextWindow: 1000 })).toMatchObject({
      ok: true,
    });
  });
});
