import { describe, expect, it } from 'vitest';
import { spaceBeforePunctuation, spaceBeforePunctuationFrench } from './space-before-punctuation.js';
import { clean } from './test-helpers.js';

describe('space-before-punctuation', () => {
  it('removes the space before , ; : ! ? .', () => {
    expect(clean(spaceBeforePunctuation, 'that is , when a = g . Example : uranium ; radium ? yes !')).toBe(
      'that is, when a = g. Example: uranium; radium? yes!',
    );
  });

  it('keeps ratios, hydrate dots and marks glued to the next word', () => {
    const text = 'a ratio of 3 : 1, Al2O3 . 2H2O, a value .5 and 6.5.1 .Agriculture';
    expect(clean(spaceBeforePunctuation, text)).toBe(text);
  });

  it('never inserts a space in decimals, topic numbers or URLs', () => {
    const text = '9.8 and 3.1.2 and https://example.org/a,b';
    expect(clean(spaceBeforePunctuation, text)).toBe(text);
  });

  it('keeps the spacing of punctuation inside Arabic text', () => {
    const text = 'الخلايا الجذعيّة ! وهي ، قدرتها ؟ نعم .';
    expect(clean(spaceBeforePunctuation, text)).toBe(text);
    expect(clean(spaceBeforePunctuation, 'the term (மின்னோட்டம்) . Next')).toBe('the term (மின்னோட்டம்). Next');
  });

  it('keeps a spaced ellipsis as the author set it, in prose and in a sequence', () => {
    for (const text of [
      'I sat down and wept . . .',
      'the terms 1, 2, 3, . . . of the sequence',
      'wait . . . then go',
    ])
      expect(clean(spaceBeforePunctuation, text)).toBe(text);
    expect(clean(spaceBeforePunctuation, 'wept . . . and stopped .')).toBe('wept . . . and stopped.');
  });

  it('keeps the space French sets before ; : ! ? in a book in French, and removes it before , and .', () => {
    expect(clean(spaceBeforePunctuationFrench, 'Quoi ? Voilà : la force ; le travail ! Fin , point .')).toBe(
      'Quoi ? Voilà : la force ; le travail ! Fin, point.',
    );
  });

  it('keeps table cell separators', () => {
    expect(clean(spaceBeforePunctuation, 'a | , | b')).toBe('a | , | b');
  });
});
