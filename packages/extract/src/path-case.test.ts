import { describe, expect, it } from 'vitest';
import { caseMatcher, fileNameMatcher } from './path-case.js';

describe('caseMatcher', () => {
  it('finds the one name that spells a path in another letter case, and nothing else', () => {
    const sameFile = caseMatcher(['OPS/chapter_1.xhtml', 'OPS/Notes.xhtml', 'OPS/notes.xhtml', 'OPS/a.css']);
    expect(sameFile('OPS/Chapter_1.XHTML')).toBe('OPS/chapter_1.xhtml');
    // A name there as written needs no match; two alike but for case, or none, give no guess.
    expect(sameFile('OPS/chapter_1.xhtml')).toBeUndefined();
    expect(sameFile('OPS/NOTES.xhtml')).toBeUndefined();
    expect(sameFile('OPS/b.css')).toBeUndefined();
  });
});

describe('fileNameMatcher', () => {
  it('finds the one name of a file name in another folder, and nothing else', () => {
    const sameName = fileNameMatcher([
      'guide/intro.xhtml',
      'guide/setup.xhtml',
      'a/notes.xhtml',
      'b/notes.xhtml',
    ]);
    expect(sameName('intro.xhtml')).toBe('guide/intro.xhtml');
    expect(sameName('text/Setup.XHTML')).toBe('guide/setup.xhtml');
    // A name there as written needs no match; two of that file name, or none, give no guess.
    expect(sameName('guide/intro.xhtml')).toBeUndefined();
    expect(sameName('notes.xhtml')).toBeUndefined();
    expect(sameName('gone.xhtml')).toBeUndefined();
  });
});
