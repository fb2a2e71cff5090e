import { describe, expect, it } from 'vitest';
import { mathmlToText } from './math-text.js';

const text = (body: string) => mathmlToText(`<math>${body}</math>`);

describe('mathmlToText', () => {
  it('writes simple scripts as Unicode super- and subscripts, operators spaced', () => {
    expect(text('<msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn>')).toBe(
      'x² + 1 = 0',
    );
    expect(text('<msub><mi>a</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>')).toBe('aᵢⱼ');
    expect(text('<msup><mi>A</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup>')).toBe('A⁻¹');
  });

  it('falls back to ^(…) and _(…) when a script has no Unicode form', () => {
    expect(text('<msup><mi>e</mi><mrow><mi>A</mi><mi>B</mi></mrow></msup>')).toBe('e^(AB)');
    expect(text('<msub><mi>δ</mi><mrow><mi>p</mi><mo>,</mo><mi>q</mi></mrow></msub>')).toBe('δ_(p, q)');
  });

  it('writes fractions as a/b, grouping compound parts', () => {
    expect(text('<mfrac><mi>a</mi><mi>b</mi></mfrac>')).toBe('a/b');
    expect(text('<mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow><mn>2</mn></mfrac>')).toBe('(a + 1)/2');
  });

  it('keeps numbers whole and a unary minus on its number', () => {
    expect(text('<mo>−</mo><mn>1</mn><mn>0</mn><mo>+</mo><mn>2</mn>')).toBe('−10 + 2');
  });

  it('writes fences, primes and stars, roots and accents', () => {
    expect(
      text(
        '<mfenced open="&#x2329;" close="&#x232a;" separators=""><mi>u</mi><mo>,</mo><mi>v</mi></mfenced>',
      ),
    ).toBe('〈u, v〉');
    expect(text('<msup><mi>A</mi><mo>∗</mo></msup><msup><mi>B</mi><mo>′</mo></msup>')).toBe('A*B′');
    expect(text('<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>')).toBe('√(x + 1)');
    expect(text('<mover><mi>z</mi><mo>¯</mo></mover>')).toBe('z̅');
  });

  it('writes operator names and words apart from what follows', () => {
    expect(text('<mo>det</mo><mi>A</mi><mo>=</mo><mn>0</mn><mtext>if</mtext><mi>x</mi>')).toBe(
      'det A = 0 if x',
    );
  });

  it('writes a matrix as [rows; …] and an aligned display one line per row', () => {
    const rows =
      '<mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr>';
    expect(text(`<mi>A</mi><mo>=</mo><mfenced open="[" close="]"><mtable>${rows}</mtable></mfenced>`)).toBe(
      'A = [1 2; 3 4]',
    );
    expect(
      text(
        '<mtable><mtr><mtd><mi>x</mi></mtd><mtd><mo>=</mo><mn>1</mn></mtd></mtr><mtr><mtd/><mtd><mo>=</mo><mn>2</mn></mtd></mtr></mtable>',
      ),
    ).toBe('x = 1\n= 2');
  });

  it('writes limits of a sum as scripts', () => {
    expect(
      text(
        '<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><msub><mi>x</mi><mi>i</mi></msub>',
      ),
    ).toBe('∑ᵢ₌₁ⁿxᵢ');
  });

  it('gives an empty string for markup with no element', () => {
    expect(mathmlToText('')).toBe('');
  });
});
