import { describe, expect, it } from 'vitest';
import { buildBookContext } from '../book-context.js';
import { mendLetterSpacing, readSpacedLetters } from './mend-letter-spacing.js';
import { clean, editsOf } from './test-helpers.js';

const book = buildBookContext([
  'This section is a draft. This Section is a Draft, subject to changes. Needs numbers, subject to changes.',
  'Chapter one. Chapter two. The CHAPTER ends. Water is wet; water boils. I think it is so, I said.',
  'The points A, B, C and D. The vectors x, y, z and w. A theorem, a theorem.',
  'Co and CO, so and SO, on and ON; Cu and Cu, Ca and Ca, Si and Si; COOH and COOH; CH3COONa, COONa.',
]);

describe('readSpacedLetters', () => {
  it('reads letters as the fewest words of the book, a capital after a small letter opening one', () => {
    expect(readSpacedLetters('ThisSectionisaDraft', book)).toEqual(['This', 'Section', 'is', 'a', 'Draft']);
    expect(readSpacedLetters('SubjecttoChanges', book)).toEqual(['Subject', 'to', 'Changes']);
    expect(readSpacedLetters('CHAPTER', book)).toEqual(['CHAPTER']);
  });

  it('reads nothing where a letter is left over or a word is not the book’s', () => {
    expect(readSpacedLetters('ABCD', book)).toBeUndefined();
    expect(readSpacedLetters('xyzw', book)).toBeUndefined();
    expect(readSpacedLetters('Thisq', book)).toBeUndefined();
  });
});

describe('mend-letter-spacing', () => {
  it('mends small capitals set a letter at a time, and a heading spaced out in capitals', () => {
    expect(
      clean(
        mendLetterSpacing,
        'T h i s S e c t i o n i s a D r a f t, S u b j e c t t o C h a n g e s',
        book,
      ),
    ).toBe('This Section is a Draft, Subject to Changes');
    expect(clean(mendLetterSpacing, 'C H A P T E R one', book)).toBe('CHAPTER one');
    expect(editsOf(mendLetterSpacing, 'See C H A P T E R two.', book)).toMatchObject([
      { before: 'C H A P T E R', after: 'CHAPTER' },
    ]);
  });

  it('keeps letters that are letters: points, variables, a word spelled out, too few of them', () => {
    for (const text of [
      'The points A B C D lie on a circle.',
      'Take x y z w in order.',
      'Spell it: w a t e r.',
      'The word c a t has three letters.',
      'Ends with a b c',
      // A formula an accessible edition spells out: symbols, not words, though "co" and "on" are words.
      'C H3 C O O N H4(aqueous) and C u S O 4 and C a S I O3',
      'C H3 C O O H',
      'CH3 C O O N a +H2O',
    ])
      expect(clean(mendLetterSpacing, text, book), text).toBe(text);
  });

  it('changes nothing without a book dictionary, or inside a web address', () => {
    expect(clean(mendLetterSpacing, 'C H A P T E R')).toBe('C H A P T E R');
    const url = 'https://example.org/C H A P T E R';
    expect(clean(mendLetterSpacing, url, book)).toBe(url);
  });
});
