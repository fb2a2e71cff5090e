import { describe, expect, it } from 'vitest';
import { countChatTokens, countTextTokens, countTextTokensPieceWise, MAX_PIECE_LENGTH } from './tokens.js';

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

  it('gives a long text the same count when it comes again, per encoding and per text', () => {
    // Over the length from which texts are looked up before they are counted; two texts of one length.
    const topic = (end: string) => `${'Heat flows from a hot body to a cold one. '.repeat(12)}வெப்பம் ${end}`;
    const texts = [topic('alpha'), topic('omega'), `${topic('alpha')} `];
    for (let round = 0; round < 3; round += 1) {
      for (const text of texts) {
        for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
          // A fresh copy each time: equal texts, not the same string, are found again.
          const copy = JSON.parse(JSON.stringify(text)) as string;
          expect(countTextTokens(copy, encoding)).toBe(countTextTokensPieceWise(text, encoding));
        }
      }
    }
    expect(countTextTokens(texts[0] as string)).not.toBe(countTextTokens(`${texts[0]} omega omega`));
  });
});

describe('countTextTokens on over-long words', () => {
  // Byte-pair merging a piece whole is quadratic: this word took 27 s when it was merged whole, and
  // takes milliseconds in chunks; the timeout only stops a quadratic count from passing slowly.
  it('counts a 200,000-character word in chunks, exactly where the chunks split on token boundaries', {
    timeout: 10_000,
  }, () => {
    expect(countTextTokens('a'.repeat(200_000))).toBe(25_000); // tiktoken: 25,000 ("aaaaaaaa" is one token)
  });

  it('stays within 0.5% of the whole-word count for a long random word', () => {
    let word = '';
    let seed = 7;
    for (let i = 0; i < 4 * MAX_PIECE_LENGTH; i += 1) {
      seed = (seed * 48271) % 2147483647;
      word += String.fromCharCode(97 + (seed % 26));
    }
    const whole = countTextTokensPieceWise(word, 'o200k_base', Number.POSITIVE_INFINITY);
    expect(Math.abs(countTextTokens(word) - whole) / whole).toBeLessThan(0.005);
  });

  it('counts piece by piece exactly as the whole text when no piece is over the bound', () => {
    const text = `Newton's laws — ${'x'.repeat(200)} விசை https://example.org/a/b?c=1\n\n\t  42,000.5 <|endoftext|>`;
    expect(countTextTokensPieceWise(text)).toBe(countTextTokensPieceWise(text, 'o200k_base', Infinity));
    expect(countTextTokensPieceWise(text, 'cl100k_base')).toBe(countTextTokens(text, 'cl100k_base'));
  });

  it('never cuts a surrogate pair when it chunks a piece', () => {
    const pair = countTextTokens('😀😀');
    expect(countTextTokensPieceWise('😀'.repeat(10), 'o200k_base', 3)).toBe(5 * pair);
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
