import { describe, expect, it } from 'vitest';
import { buildBookContext } from '../book-context.js';
import { mendOcrSplits } from './mend-ocr-splits.js';
import { clean, editsOf } from './test-helpers.js';

const book = buildBookContext([
  'Gravity pulls. The acceleration due to gravity is 9.8 m s⁻². G ravity acts on all bodies.',
  'A and B are points. Vitamin A and B.',
  'New Delhi, New Delhi and New Delhi. Newdelhi Newdelhi.',
  'Overloading and overloading. Over loading happens.',
]);

describe('mend-ocr-splits', () => {
  it('joins "G ravity" when "gravity" occurs elsewhere and "ravity" does not', () => {
    expect(clean(mendOcrSplits, 'G ravity acts on all bodies.', book)).toBe('Gravity acts on all bodies.');
    expect(clean(mendOcrSplits, 'Over loading happens.', book)).toBe('Overloading happens.');
    expect(editsOf(mendOcrSplits, 'the G ravity', book)).toMatchObject([
      { before: 'G ravity', after: 'Gravity' },
    ]);
  });

  it('keeps "A and B"', () => {
    expect(clean(mendOcrSplits, 'A and B are points.', book)).toBe('A and B are points.');
  });

  it('does not join a name the book writes apart more often than joined', () => {
    expect(clean(mendOcrSplits, 'New delhi', book)).toBe('New delhi');
  });

  it('keeps "web site" unless the book writes "website" more often', () => {
    const same = buildBookContext(['Visit the web site. Our website.']);
    expect(clean(mendOcrSplits, 'Visit the web site.', same)).toBe('Visit the web site.');
    const apart = buildBookContext(['The web site. A web site. The Web site. Our website and a website.']);
    expect(clean(mendOcrSplits, 'Visit the Web site.', apart)).toBe('Visit the Web site.');
    const joined = buildBookContext([
      'Our website. The website. A website. The Web site for more information.',
    ]);
    expect(clean(mendOcrSplits, 'the Web site for more information', joined)).toBe(
      'the Website for more information',
    );
  });

  it('changes nothing without a book dictionary', () => {
    expect(clean(mendOcrSplits, 'G ravity')).toBe('G ravity');
  });

  it('never joins inside a web address', () => {
    const text = 'https://example.org/G ravity';
    expect(clean(mendOcrSplits, text, book)).toBe(text);
  });
});
