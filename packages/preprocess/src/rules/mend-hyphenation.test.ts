import { describe, expect, it } from 'vitest';
import { buildBookContext } from '../book-context.js';
import { mendHyphenation } from './mend-hyphenation.js';
import { clean } from './test-helpers.js';

const book = buildBookContext([
  'Transport of water. Active transport needs energy.',
  'Non-metals and non-metals again. Self-pollination.',
  'Carbon dioxide and carbon dioxide; once carbondioxide.',
]);

describe('mend-hyphenation', () => {
  it('rejoins a line-break hyphen when the joined word is a book word', () => {
    expect(clean(mendHyphenation, 'the trans- port of ions', book)).toBe('the transport of ions');
    expect(clean(mendHyphenation, 'Trans- port', book)).toBe('Transport');
  });

  it('keeps the hyphen when the book writes the word hyphenated', () => {
    expect(clean(mendHyphenation, 'chlorine and other non- metals', book)).toBe(
      'chlorine and other non-metals',
    );
  });

  it('leaves words the book does not know, or writes apart more often', () => {
    expect(clean(mendHyphenation, 'wrinkled- green seeds', book)).toBe('wrinkled- green seeds');
    expect(clean(mendHyphenation, 'carbon- dioxide', book)).toBe('carbon- dioxide');
  });

  it('never touches web addresses, numbers or real hyphens', () => {
    const text = 'https://example.org/research/trans- port 2-Methylpropane 10- 20';
    expect(clean(mendHyphenation, text, book)).toBe(text);
  });
});
