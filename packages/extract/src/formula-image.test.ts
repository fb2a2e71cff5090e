import { describe, expect, it } from 'vitest';
import { formulaOfImage } from './formula-image.js';

describe('formulaOfImage', () => {
  it('takes LaTeX alt text for the formula, without its delimiters', () => {
    expect(formulaOfImage(undefined, '\\frac{v - u}{t}')).toBe('\\frac{v - u}{t}');
    expect(formulaOfImage('ql-img-inline-formula quicklatex-auto-format', '\\[ F = m a \\]')).toBe('F = m a');
    expect(formulaOfImage(undefined, '$$E = mc^{2}$$')).toBe('E = mc^{2}');
    expect(formulaOfImage(undefined, '$x^2$')).toBe('x^2');
    expect(formulaOfImage(undefined, '\\(a_{n}\\)')).toBe('a_{n}');
    expect(formulaOfImage('mwe-math-fallback-image-inline', '{\\displaystyle \\sqrt {2}}')).toBe(
      '\\sqrt {2}',
    );
  });

  it('takes a plain alt text for a formula only where a class marks one and it writes like one', () => {
    expect(formulaOfImage('frac', 'v−u t')).toBe('v−u t');
    expect(formulaOfImage('math-display', 'v = s/t')).toBe('v = s/t');
    expect(formulaOfImage('math', 'A diagram of a cell')).toBeUndefined();
    expect(formulaOfImage('mathematics-figure', 'v = s/t')).toBeUndefined();
    expect(formulaOfImage(undefined, 'v = s/t')).toBeUndefined();
  });

  it('leaves every other picture a figure', () => {
    for (const alt of [
      'Warning',
      'Figure 1.2 A pulley',
      'fig_1.png',
      'Price: $5 and $10',
      '',
      '$$',
      // A converter's file path for alt text, as the textbook fixture has them.
      'C:\\Users\\ADMIN\\Pictures\\Screenshots\\Screenshot (281).png',
      '\\\\server\\share\\x^2.gif',
    ])
      expect(formulaOfImage('figure', alt), alt).toBeUndefined();
  });
});
