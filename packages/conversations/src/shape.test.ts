import type { RequestsManifest } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import {
  matchShapeRule,
  mergeSameRole,
  originOf,
  parseShapeRule,
  provenanceFromCustomId,
  splitByShape,
} from './shape.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });

describe('parseShapeRule', () => {
  it('reads session and dialogues:K', () => {
    expect(parseShapeRule('MCQ_based=session')).toEqual({ name: 'MCQ_based', shape: { shape: 'session' } });
    expect(parseShapeRule('smart_assistant=dialogues:2')).toEqual({
      name: 'smart_assistant',
      shape: { shape: 'dialogues', turns: 2 },
    });
  });

  it('counts K in turns (messages): a four-message dialogue is dialogues:4', () => {
    expect(parseShapeRule('lesson_openers=dialogues:4').shape).toEqual({ shape: 'dialogues', turns: 4 });
  });

  it.each(['MCQ_based', '=session', 'x=dialogues', 'x=dialogues:0', 'x=chat', 'a b=session'])(
    'refuses %s with a usage hint',
    (text) => {
      expect(() => parseShapeRule(text)).toThrow(expect.objectContaining({ code: 'PUBLISH_BAD_SHAPE' }));
    },
  );

  it.each(['smart_assistant=dialogues:1', 'x=dialogues:3', 'x=dialogues:11'])(
    'refuses the odd K of %s, explaining that K counts messages',
    (text) => {
      expect(() => parseShapeRule(text)).toThrow(
        expect.objectContaining({
          code: 'PUBLISH_BAD_SHAPE',
          exitCode: 2,
          message: expect.stringContaining('K must be an even number of turns'),
          hint: 'K counts messages: a question and its answer are 2 turns, e.g. --shape smart_assistant=dialogues:2',
        }),
      );
    },
  );
});

describe('matchShapeRule', () => {
  const rules = [parseShapeRule('MCQ_based=session'), parseShapeRule('based=dialogues:2')];

  it('matches the end of the custom_id after _ or -, the longest name winning', () => {
    expect(matchShapeRule('req_0_chap1_topic1_1_MCQ_based', rules)?.name).toBe('MCQ_based');
    expect(matchShapeRule('abc-c3-t012-based', rules)?.name).toBe('based');
  });

  it("matches KalviMate's own custom_ids, which end in the part (-p1)", () => {
    const own = [parseShapeRule('mcq_quiz=session'), parseShapeRule('quiz=dialogues:2')];
    expect(matchShapeRule('b1a2b3c-c3-t012-mcq_quiz-p1', own)?.name).toBe('mcq_quiz');
    expect(matchShapeRule('b1a2b3c-c3-t012-mcq_quiz-p12', own)?.name).toBe('mcq_quiz');
    expect(matchShapeRule('b1a2b3c-c3-t012-mcq_quiz-px', own)).toBeUndefined();
  });

  it('does not match inside a word', () => {
    expect(matchShapeRule('req_0_chap1_topic1_1_XMCQ_basedX', rules)).toBeUndefined();
  });
});

describe('provenanceFromCustomId', () => {
  it('reads the seed’s chapter and topic numbers', () => {
    expect(provenanceFromCustomId('req_0_chap1_topic1_1_MCQ_based', 'MCQ_based')).toEqual({
      chapter: '1',
      topic: '1.1',
    });
    expect(
      provenanceFromCustomId('req_2202_chap3_topic2_rapid_intuition_based_qna', 'rapid_intuition_based_qna'),
    ).toEqual({
      chapter: '3',
      topic: '2',
    });
  });

  it('leaves both empty for other ids', () => {
    expect(provenanceFromCustomId('b1a2-c3-t012-mcq_quiz-p1', 'mcq_quiz')).toEqual({
      chapter: '',
      topic: '',
    });
  });
});

describe('originOf', () => {
  const manifest = {
    schemaVersion: 1,
    model: 'gpt-4o-mini',
    book: { title: 'Science IX', identifier: 'x', language: 'en' },
    requestsFile: 'requests.jsonl',
    requestsSha256: '0',
    templates: {
      mcq_quiz: { shape: 'session', count: 1, turns: 22, maxOutputTokens: 2200, file: 'mcq_quiz.md' },
    },
    requests: {
      'b1-c3-t012-mcq_quiz-p1': {
        book: 'Science IX',
        chapter: 3,
        chapterTitle: 'Heat',
        topicId: 'c3-t012',
        topicNumber: '3.1',
        topicTitle: 'Temperature',
        template: 'mcq_quiz',
        part: 1,
        parts: 1,
        inputTokens: 100,
      },
    },
  } satisfies RequestsManifest;

  it('prefers the request manifest', () => {
    expect(originOf('b1-c3-t012-mcq_quiz-p1', manifest, [], '')).toEqual({
      template: 'mcq_quiz',
      shape: { shape: 'session' },
      book: 'Science IX',
      chapter: '3 Heat',
      topic: '3.1 Temperature',
    });
  });

  it('falls back to --shape rules', () => {
    const origin = originOf(
      'req_1_chap2_topic5_smart',
      manifest,
      [parseShapeRule('smart=dialogues:2')],
      'Book',
    );
    expect(origin).toEqual({
      template: 'smart',
      shape: { shape: 'dialogues', turns: 2 },
      book: 'Book',
      chapter: '2',
      topic: '5',
    });
  });

  it('is undefined when nothing matches', () => {
    expect(originOf('mystery', undefined, [], '')).toBeUndefined();
  });
});

describe('splitByShape', () => {
  it('keeps a session whole', () => {
    const { conversations } = splitByShape([[u('1'), a('1'), u('2'), a('2')]], { shape: 'session' });
    expect(conversations).toEqual([[u('1'), a('1'), u('2'), a('2')]]);
  });

  it('cuts a flat list of dialogues after every K/2 assistant replies (K turns = K messages)', () => {
    const flat = [u('1'), a('1'), u('2'), a('2'), u('3'), a('3')];
    expect(splitByShape([flat], { shape: 'dialogues', turns: 2 }).conversations).toEqual([
      [u('1'), a('1')],
      [u('2'), a('2')],
      [u('3'), a('3')],
    ]);
    expect(splitByShape([flat], { shape: 'dialogues', turns: 4 }).conversations).toEqual([
      [u('1'), a('1'), u('2'), a('2')],
      [u('3'), a('3')],
    ]);
  });

  it('rounds an odd K from an old request manifest up to whole question–answer pairs', () => {
    const flat = [u('1'), a('1'), u('2'), a('2'), u('3'), a('3')];
    expect(splitByShape([flat], { shape: 'dialogues', turns: 3 }).conversations).toEqual([
      [u('1'), a('1'), u('2'), a('2')],
      [u('3'), a('3')],
    ]);
  });

  it('merges same-role neighbours before cutting, and counts them', () => {
    const { conversations, merged } = splitByShape([[u('1'), a('1a'), a('1b'), u('2'), a('2')]], {
      shape: 'dialogues',
      turns: 2,
    });
    expect(conversations).toEqual([
      [u('1'), a('1a\n\n1b')],
      [u('2'), a('2')],
    ]);
    expect(merged).toBe(1);
  });

  it('treats each nested group on its own', () => {
    const { conversations } = splitByShape(
      [
        [u('1'), a('1')],
        [u('2'), a('2')],
      ],
      { shape: 'dialogues', turns: 6 },
    );
    expect(conversations).toHaveLength(2);
  });
});

describe('mergeSameRole', () => {
  it('does not change its input', () => {
    const input = [u('a'), u('b')];
    mergeSameRole(input);
    expect(input).toEqual([u('a'), u('b')]);
  });
});
