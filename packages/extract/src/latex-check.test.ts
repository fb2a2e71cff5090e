import { seededRandom } from '@kalvimate/testkit/random';
import { describe, expect, it } from 'vitest';
import { hasLatexDefects, latexIssues, VALID_DELIMITERS } from './latex-check.js';

describe('latexIssues', () => {
  it('finds unbalanced braces, ignoring escaped ones', () => {
    expect(latexIssues('\\frac{a}{b').unbalancedBraces).toBe(true);
    expect(latexIssues('a}{b').unbalancedBraces).toBe(true);
    expect(latexIssues('\\left\\{ x \\right.').unbalancedBraces).toBe(false);
  });

  it('finds a \\left with a delimiter LaTeX refuses, or without its \\right', () => {
    expect(latexIssues('\\left〈A x\\right〉').invalidLeftRight).toBe(true);
    expect(latexIssues('\\left( x').invalidLeftRight).toBe(true);
    expect(latexIssues('{\\left( x} \\right)').invalidLeftRight).toBe(true);
    expect(latexIssues('\\left\\langle x \\middle| y \\right\\rangle').invalidLeftRight).toBe(false);
  });

  it('finds numbers split into digits, but not digits in text or in separate groups', () => {
    expect(latexIssues('1 0 0').splitNumbers).toBe(true);
    expect(latexIssues('[A]_{1 1}').splitNumbers).toBe(true);
    expect(latexIssues('x_{1} 2').splitNumbers).toBe(false);
    expect(latexIssues('\\text{Rank: 3 4}').splitNumbers).toBe(false);
  });

  it('lists non-ASCII symbols that have a command, outside \\text', () => {
    expect(latexIssues('x ≤ y \\text{≤} ♦').unmappedSymbols).toEqual(['≤']);
    expect(latexIssues('x ≤ y ♦').otherNonAscii).toEqual(['♦']);
  });

  it('calls LaTeX defective only for what would not compile', () => {
    expect(hasLatexDefects('\\left〈x\\right〉')).toBe(true);
    expect(hasLatexDefects('1 0 ≤')).toBe(false);
  });

  it('answers as latexIssues does (braces and \\left/\\right), for any mix of tokens', () => {
    const pieces = [
      '{',
      '}',
      '{',
      '}',
      '\\left',
      '\\right',
      '\\middle',
      '\\left',
      '\\right',
      // Every delimiter LaTeX takes after them, a few times over.
      ...VALID_DELIMITERS,
      ...[...VALID_DELIMITERS].slice(0, 8),
      '\\frac',
      '\\text',
      '\\',
      '\\ ',
      '\\\\',
      '\\😀',
      ' ',
      '  ',
      '\n',
      '\t',
      '\u00a0',
      '\u3000',
      '\ufeff',
      'x',
      '12',
      '〈',
      '😀',
      '\ud800',
      '\\\ud800',
      'é',
      '\\lefty',
      '\\right.',
    ];
    const next = seededRandom(11);
    const random = (n: number) => Math.floor(next() * n);
    let defective = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const latex = Array.from({ length: 1 + random(9) }, () => pieces[random(pieces.length)]).join('');
      const issues = latexIssues(latex);
      const expected = issues.unbalancedBraces || issues.invalidLeftRight;
      expect({ latex, defective: hasLatexDefects(latex) }).toEqual({ latex, defective: expected });
      if (expected) defective += 1;
    }
    expect(defective).toBeGreaterThan(2_000);
    expect(defective).toBeLessThan(18_000);
  });
});
