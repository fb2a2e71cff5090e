import { describe, expect, it } from 'vitest';
import { chosenOption, feedbackVerdict, keyLetter, optionsOf } from './quiz-parse.js';

const letters = (text: string) => optionsOf(text).map((o) => `${o.letter}:${o.text}`);

describe('optionsOf', () => {
  it('reads options on one line or on their own lines', () => {
    expect(letters('Which? A) Motion, B) Rest, C) Inertia, D) Force.')).toEqual([
      'A:Motion',
      'B:Rest',
      'C:Inertia',
      'D:Force',
    ]);
    expect(letters('Which?\nA) 25%\nB) 47%\nC) 75%\nD) 90%')).toEqual(['A:25%', 'B:47%', 'C:75%', 'D:90%']);
  });
  it('does not take initials or "(a)" inside an option for a marker', () => {
    expect(
      letters(
        'Who? A) Dr. M. S. Swaminathan B) Dr. C. Subramaniam C) Dr. A. P. J. Abdul Kalam D) Dr. Manmohan Singh',
      ),
    ).toEqual([
      'A:Dr. M. S. Swaminathan',
      'B:Dr. C. Subramaniam',
      'C:Dr. A. P. J. Abdul Kalam',
      'D:Dr. Manmohan Singh',
    ]);
    expect(letters('Which? A) Enzyme B) Live organism C) Both (a) and (b) D) None')).toHaveLength(4);
  });
});

describe('reading an answer and its feedback', () => {
  const options = optionsOf('Which? A) Motion B) Rest C) Inertia D) Force');
  it('takes a letter, a marked letter or the text of one option', () => {
    expect(chosenOption('C', options)).toBe('C');
    expect(chosenOption('I think it is B) Rest.', options)).toBe('B');
    expect(chosenOption('I think the answer is Inertia', options)).toBe('C');
    expect(chosenOption('A force acts on it', options)).toBe('D');
    expect(chosenOption('No idea', options)).toBeUndefined();
  });
  it('tells right from wrong and finds the key', () => {
    expect(feedbackVerdict('Great job! That is correct.')).toBe('right');
    expect(feedbackVerdict('Great guess! The correct answer is B) Rest.')).toBe('unknown');
    expect(feedbackVerdict('Good try! However, the correct answer is D.')).toBe('wrong');
    expect(keyLetter('Nice try! The correct answer is actually C) Inertia.')).toBe('C');
  });
});
