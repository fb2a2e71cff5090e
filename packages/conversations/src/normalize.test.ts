import { describe, expect, it } from 'vitest';
import { canonicalRole, normalizeResponse } from './normalize.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });

describe('normalizeResponse', () => {
  it.each(['dialogues', 'conversation', 'session', 'quiz_session', 'roles', 'dialogs'])(
    'unwraps a list under the key %s',
    (key) => {
      const result = normalizeResponse({ [key]: [u('q'), a('r')] });
      expect(result).toMatchObject({ ok: true, groups: [[u('q'), a('r')]], singleMessage: false });
    },
  );

  it('reads a bare list', () => {
    expect(normalizeResponse([u('q'), a('r')])).toMatchObject({ ok: true, groups: [[u('q'), a('r')]] });
  });

  it('keeps nested lists as separate groups', () => {
    const result = normalizeResponse({
      dialogues: [
        [u('1'), a('1')],
        [u('2'), a('2')],
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      groups: [
        [u('1'), a('1')],
        [u('2'), a('2')],
      ],
    });
  });

  it('reads the generate stage’s own {dialogues: [{messages}]} format', () => {
    const result = normalizeResponse({
      dialogues: [{ messages: [u('1'), a('1')] }, { messages: [u('2'), a('2')] }],
    });
    expect(result).toMatchObject({
      ok: true,
      groups: [
        [u('1'), a('1')],
        [u('2'), a('2')],
      ],
    });
  });

  it('flags a single message object', () => {
    expect(normalizeResponse(u('only me'))).toMatchObject({
      ok: true,
      singleMessage: true,
      groups: [[u('only me')]],
    });
  });

  it('reads text under the role name, in key order', () => {
    const result = normalizeResponse({ conversation: [{ student: 'why?' }, { tutor: 'because' }] });
    expect(result).toMatchObject({ ok: true, groups: [[u('why?'), a('because')]] });
    expect(normalizeResponse([{ question: 'q', answer: 'r' }])).toMatchObject({ groups: [[u('q'), a('r')]] });
  });

  it('drops extra keys of a message and counts them', () => {
    const result = normalizeResponse({ dialogues: [{ ...u('q'), closed: true }, a('r')] });
    expect(result).toMatchObject({ ok: true, groups: [[u('q'), a('r')]], extraKeys: 1 });
  });

  it('ignores scalar keys beside the wrapper, even one named like a role', () => {
    const result = normalizeResponse({ model: 'gpt-4o', title: 'Heat', session: [u('q'), a('r')] });
    expect(result).toMatchObject({ ok: true, groups: [[u('q'), a('r')]] });
  });

  it('takes text under other content keys and content parts', () => {
    const result = normalizeResponse([
      { role: 'user', text: 'q' },
      { role: 'assistant', content: [{ type: 'text', text: 'r' }] },
    ]);
    expect(result).toMatchObject({ ok: true, groups: [[u('q'), a('r')]] });
  });

  it('keeps unknown role names for validation to refuse', () => {
    expect(normalizeResponse([{ role: 'narrator', content: 'x' }, a('r')])).toMatchObject({
      groups: [[{ role: 'narrator', content: 'x' }, a('r')]],
    });
  });

  it('fails on JSON without messages', () => {
    expect(normalizeResponse({ answer: 42, list: [1, 2] })).toMatchObject({ ok: false });
    expect(normalizeResponse('text')).toMatchObject({ ok: false });
    expect(normalizeResponse([])).toMatchObject({ ok: false });
  });
});

describe('canonicalRole', () => {
  it('maps common names', () => {
    expect(canonicalRole(' Student ')).toBe('user');
    expect(canonicalRole('KalviMate')).toBe('assistant');
    expect(canonicalRole('system')).toBe('system');
  });
});
