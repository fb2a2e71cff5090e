import type { ResultLine } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { readResponse } from './response.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const line = (content: string | null, finish = 'stop', extra: Record<string, unknown> = {}): ResultLine => ({
  id: 'b1',
  custom_id: 'req_1_chap1_topic1_x',
  response: {
    status_code: 200,
    body: {
      model: 'gpt-4o-mini',
      choices: [{ message: { role: 'assistant', content, ...extra }, finish_reason: finish }],
    },
  },
  error: null,
});
const options = {
  shape: { shape: 'dialogues' as const, turns: 2 },
  systemMessage: 'sys',
  model: () => ({ contextWindow: 128_000, encoding: 'o200k_base' as const }),
};

describe('readResponse', () => {
  it('keeps the valid conversations and lists the invalid ones', () => {
    const outcome = readResponse(
      line(JSON.stringify({ dialogs: [u('q1'), a('r1'), a('stray'), u('q2')] })),
      options,
    );
    expect(outcome).toMatchObject({
      ok: true,
      mergedMessages: 1,
      conversations: [
        [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'q1' },
          { role: 'assistant', content: 'r1\n\nstray' },
        ],
      ],
      invalid: [{ index: 1, problem: 'too-short' }],
    });
  });

  it('gives each valid conversation its index in the response, counting the invalid ones', () => {
    const outcome = readResponse(
      line(JSON.stringify({ dialogs: [u('q0'), u('q1'), a('r1'), u('q2'), a('r2')] })),
      { ...options, shape: { shape: 'dialogues' as const, turns: 2 } },
    );
    expect(outcome.ok && outcome.indices).toEqual([0, 1]);
    const broken = readResponse(line(JSON.stringify({ dialogs: [a('lone'), u('q1'), a('r1')] })), options);
    expect(broken.ok && broken.indices).toEqual([1]);
  });

  it('sets aside an error line with the API’s message', () => {
    const error: ResultLine = {
      id: 'b',
      custom_id: 'x',
      response: null,
      error: { code: 'e', message: 'boom' },
    };
    expect(readResponse(error, options)).toEqual({
      ok: false,
      reason: 'error-line',
      detail: 'boom',
      raw: { code: 'e', message: 'boom' },
    });
  });

  it('sets aside a non-200 response', () => {
    const bad: ResultLine = {
      id: 'b',
      custom_id: 'x',
      response: { status_code: 429, body: { error: {} } },
      error: null,
    };
    expect(readResponse(bad, options)).toMatchObject({
      ok: false,
      reason: 'error-line',
      detail: 'the API answered status 429',
    });
  });

  it('sets aside a refusal', () => {
    expect(readResponse(line(null, 'stop', { refusal: 'I cannot' }), options)).toMatchObject({
      ok: false,
      reason: 'refusal',
      raw: 'I cannot',
    });
  });

  it('names a lone message by its cause: runaway, truncated, or invalid-shape', () => {
    const lone = JSON.stringify(u('hello'));
    expect(readResponse(line(`${lone}${' '.repeat(500)}`, 'length'), options)).toMatchObject({
      reason: 'runaway',
    });
    expect(readResponse(line(lone, 'length'), options)).toMatchObject({ reason: 'truncated' });
    expect(readResponse(line(lone), options)).toMatchObject({
      reason: 'invalid-shape',
      detail: 'a single message, not a conversation',
    });
  });

  it('sets aside a response with no valid conversation', () => {
    expect(readResponse(line(JSON.stringify([a('hi'), u('q')])), options)).toMatchObject({
      ok: false,
      reason: 'invalid-conversation',
    });
  });
});
