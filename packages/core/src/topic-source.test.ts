import { describe, expect, it } from 'vitest';
import { topicSourceOf } from './topic-source.js';

describe('topicSourceOf', () => {
  it('takes the last user message as the topic and the other messages as the instruction', () => {
    const body = {
      messages: [
        { role: 'system', content: 'Write a quiz.' },
        { role: 'user', content: '  Force is a push or a pull.\n' },
      ],
    };
    expect(topicSourceOf(body)).toEqual({ text: 'Force is a push or a pull.', instruction: 'Write a quiz.' });
  });

  it('cuts a single user message at its TOPIC CONTENT heading, as the seed’s prompts wrote it', () => {
    const body = {
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'Make 5 MCQs.\n### TOPIC CONTENT ###\nHeat flows.' }],
        },
      ],
    };
    expect(topicSourceOf(body)).toEqual({ text: 'Heat flows.', instruction: 'Make 5 MCQs.' });
  });

  it('finds no topic in a body without a user message', () => {
    expect(topicSourceOf({ messages: [{ role: 'system', content: 'x' }] })).toBeUndefined();
    expect(topicSourceOf({ input: 'embed me' })).toBeUndefined();
  });
});
