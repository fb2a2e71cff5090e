import type { DatasetMessage } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { runChecks } from './index.js';
import type { JudgedConversation } from './types.js';

const TOPIC =
  'The acceleration due to gravity on the surface of the Earth is 9.8 m/s². The first nuclear reactor was built in 1942 at Chicago.';

function conversation(turns: string[], extra: Partial<JudgedConversation> = {}): JudgedConversation {
  const messages: DatasetMessage[] = turns.map((content, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content,
  }));
  return {
    messages,
    template: 'smart_assistant',
    shape: 'dialogues',
    source: { text: TOPIC, instruction: 'Write dialogues.' },
    language: 'en',
    ...extra,
  };
}

const codes = (c: JudgedConversation) => runChecks(c).map((f) => f.code);

describe('numbers against the topic text', () => {
  it('flags a value the topic states differently as number-changed', () => {
    expect(
      codes(
        conversation([
          'How fast do things fall?',
          'The acceleration due to gravity on the Earth is 7.3 m/s².',
        ]),
      ),
    ).toEqual(['number-changed']);
  });
  it('keeps a value the topic states, and one the student said before', () => {
    expect(
      codes(conversation(['Is it 5 m/s²?', 'No, not 5 m/s²: the acceleration due to gravity is 9.8 m/s².'])),
    ).toEqual([]);
  });
  it("judges each conversation against its own topic's text, one topic after another", () => {
    const turns = ['How fast do things fall?', 'Near the Earth they speed up by 9.8 m/s² every second.'];
    const other = { text: 'Sound travels at 343 m/s in air.', instruction: 'Write dialogues.' };
    expect(codes(conversation(turns))).toEqual([]);
    expect(codes(conversation(turns, { source: other }))).toEqual(['number-unsupported']);
    expect(codes(conversation(turns))).toEqual([]);
  });
  it('marks an invented example as number-unsupported, not as a changed fact', () => {
    expect(
      codes(
        conversation(['Example?', 'For example, if a car covers 120 km in 2 hours, its speed is 60 km/h.']),
      ),
    ).toEqual(['number-unsupported']);
  });
});

describe('language, meta talk and degenerate text', () => {
  it('flags a tutor turn in Tamil script in an English book', () => {
    expect(
      codes(
        conversation(['What is force?', 'விசை என்பது ஒரு பொருளின் மீது செயல்படும் தள்ளுதல் அல்லது இழுத்தல் ஆகும்.']),
      ),
    ).toEqual(['language-mismatch']);
  });
  it('flags French but not terse English', () => {
    expect(
      codes(
        conversation([
          'Force?',
          'La force est une poussée ou une traction qui agit sur un objet et change son mouvement.',
        ]),
      ),
    ).toEqual(['language-mismatch']);
    expect(
      codes(conversation(['Force?', 'Correct! Dendrites carry impulses towards cell bodies, axons away.'])),
    ).toEqual([]);
  });
  it('flags talk about being an AI or about the provided passage', () => {
    expect(codes(conversation(['Hi', 'As an AI language model, I can explain inertia.']))).toEqual([
      'meta-talk',
    ]);
    expect(codes(conversation(['Hi', 'Based on the passage provided, inertia resists change.']))).toEqual([
      'meta-talk',
    ]);
    expect(
      codes(conversation(['Hi', 'Resistance is constant for a given material at one temperature.'])),
    ).toEqual([]);
  });
  it('flags a sentence said three times, a runaway turn and a one-word turn', () => {
    const loop = 'Inertia is the tendency of a body to resist change. '.repeat(3);
    expect(codes(conversation(['Why?', loop]))).toEqual(['repetition']);
    expect(codes(conversation(['Why?', `Because ${'it moves on and on and then '.repeat(200)}`]))).toContain(
      'runaway-length',
    );
    expect(codes(conversation(['Why?', 'Yes.']))).toEqual(['empty-turn', 'dialogue-unanswered']);
  });
});

describe('quiz sessions', () => {
  const quiz = (feedback: string, answer = 'B) Rest') =>
    conversation(
      [
        'Quiz me on motion',
        'What is the natural state of bodies according to Aristotle? A) Motion B) Rest C) Inertia D) Force',
        answer,
        feedback,
      ],
      {
        template: 'MCQ_based',
        shape: 'session',
        source: {
          text: TOPIC,
          instruction: 'Ask exactly 1 multiple-choice questions with four options (A, B, C, D).',
        },
      },
    );
  it('flags feedback that scolds the answer it then names correct', () => {
    expect(codes(quiz('Good try! However, the correct answer is B) Rest.'))).toEqual([
      'feedback-contradicts-key',
    ]);
  });
  it('flags feedback that praises a wrong answer while naming another option', () => {
    expect(codes(quiz('Correct! The correct answer is B) Rest.', 'C'))).toEqual(['feedback-contradicts-key']);
  });
  it('keeps consistent feedback', () => {
    expect(codes(quiz('That is right! Aristotle said rest is natural.'))).toEqual([]);
    expect(codes(quiz('Nice try! The correct answer is B) Rest.', 'I think the answer is Motion'))).toEqual(
      [],
    );
  });
  it('flags a question with the wrong number of options or questions', () => {
    const three = quiz('Right, well done!');
    const messages = three.messages.map((m, i) =>
      i === 1 ? { ...m, content: 'Which? A) Motion B) Rest C) Inertia' } : m,
    );
    expect(codes({ ...three, messages })).toEqual(['quiz-structure']);
    const two = {
      ...three,
      source: { text: TOPIC, instruction: 'Ask exactly 2 multiple-choice questions.' },
    };
    expect(runChecks(two)[0]?.detail).toBe('1 questions, asked for 2');
  });
});
