import { describe, expect, it } from 'vitest';
import { countChatTokens, countTextTokens } from './tokens.js';

describe('countTextTokens', () => {
  it('counts o200k_base tokens as tiktoken does', () => {
    expect(countTextTokens('hello world')).toBe(2);
    expect(countTextTokens('')).toBe(0);
  });

  it('counts Tamil with the real tokenizer, not a character heuristic', () => {
    const tamil = 'அலகு ஒன்று இயக்க விதிகள்';
    const tokens = countTextTokens(tamil);
    expect(tokens).toBeGreaterThan(0);
    expect(tokens).not.toBe(Math.ceil(tamil.length / 4));
  });

  it('treats special-token strings in user text as plain text', () => {
    expect(countTextTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('differs between encodings', () => {
    const text = 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல்';
    expect(countTextTokens(text, 'cl100k_base')).not.toBe(countTextTokens(text, 'o200k_base'));
  });
});

describe('countChatTokens', () => {
  it('adds 3 per message, the role, and 3 for the reply', () => {
    const messages = [
      { role: 'system', content: 'You are a tutor.' },
      { role: 'user', content: 'What is inertia?' },
    ];
    const expected =
      3 +
      (3 + countTextTokens('system') + countTextTokens('You are a tutor.')) +
      (3 + countTextTokens('user') + countTextTokens('What is inertia?'));
    expect(countChatTokens(messages)).toBe(expected);
  });

  it('counts a name field and text parts of array content', () => {
    const withName = countChatTokens([{ role: 'user', content: 'hi', name: 'ravi' }]);
    const without = countChatTokens([{ role: 'user', content: 'hi' }]);
    expect(withName - without).toBe(1 + countTextTokens('ravi'));
    expect(countChatTokens([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }])).toBe(without);
  });
});
