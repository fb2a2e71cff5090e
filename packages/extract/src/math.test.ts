import { describe, expect, it } from 'vitest';
import { latexIssues } from './latex-check.js';
import { mathmlToLatex } from './math.js';

const M = (body: string) => `<math xmlns="http://www.w3.org/1998/Math/MathML">${body}</math>`;
const latex = (body: string, fallback = '') => mathmlToLatex(M(body), fallback);

describe('mathmlToLatex: numbers', () => {
  it('keeps a number set digit by digit whole', () => {
    expect(latex('<mn>1</mn><mn>0</mn><mn>0</mn>')).toBe('100');
    expect(latex('<msub><mi>A</mi><mrow><mn>1</mn><mn>2</mn></mrow></msub>')).toBe('A_{12}');
  });

  it('joins a decimal point set as an operator between digits', () => {
    expect(latex('<mn>1</mn><mo>.</mo><mn>2</mn><mn>8</mn><mn>7</mn>')).toBe('1.287');
  });

  it('moves leading digits into a raised number: 10^{-18}, not 1 0^{-18}', () => {
    expect(latex('<mn>1</mn><msup><mn>0</mn><mrow><mo>−</mo><mn>18</mn></mrow></msup>')).toBe('10^{-18}');
  });

  it('never joins the base and the script of a script element', () => {
    expect(latex('<msup><mn>2</mn><mn>3</mn></msup>')).toBe('2^{3}');
    expect(latex('<mfrac><mn>1</mn><mn>2</mn></mfrac>')).toBe('\\frac{1}{2}');
  });
});

describe('mathmlToLatex: fences', () => {
  it('writes angle brackets as \\langle … \\rangle, whichever code point the book used', () => {
    for (const [open, close] of [
      ['&#x2329;', '&#x232a;'],
      ['&#x27e8;', '&#x27e9;'],
      ['&#x3008;', '&#x3009;'],
    ]) {
      expect(
        latex(
          `<mfenced open="${open}" close="${close}" separators=""><mi>u</mi><mo>,</mo><mi>v</mi></mfenced>`,
        ),
      ).toBe('\\left\\langle u, v \\right\\rangle');
    }
  });

  it('writes a missing fence as \\left. or \\right. and braces escaped', () => {
    expect(latex('<mfenced open="{" close=""><mi>x</mi></mfenced>')).toBe('\\left\\{ x \\right.');
    expect(latex('<mfenced open="&#x2016;" close="&#x2016;"><mi>v</mi></mfenced>')).toBe(
      '\\left\\| v \\right\\|',
    );
  });

  it('writes an empty mfenced as its plain bracket, not an empty \\left…\\right group', () => {
    expect(
      latex('<mfenced open="(" close=""/><mi>x</mi><mfenced open=")" close=""><mrow></mrow></mfenced>'),
    ).toBe('(x)');
  });

  it('separates the children of mfenced with its separators (a comma by default)', () => {
    expect(latex('<mfenced><mi>a</mi><mi>b</mi></mfenced>')).toBe('\\left(a, b \\right)');
  });

  it('keeps a fence character with no LaTeX delimiter inside a \\left. … \\right. pair', () => {
    const out = latex('<mfenced open="♦" close=")"><mi>x</mi></mfenced>');
    expect(latexIssues(out).invalidLeftRight).toBe(false);
    expect(out).toContain('♦');
  });

  it('writes a matrix in brackets as bmatrix, and one with column lines as an array', () => {
    const rows =
      '<mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr>';
    expect(latex(`<mfenced open="[" close="]"><mrow><mtable>${rows}</mtable></mrow></mfenced>`)).toBe(
      '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}',
    );
    expect(latex(`<mfenced open="[" close="]"><mtable columnlines="solid">${rows}</mtable></mfenced>`)).toBe(
      '\\left[\\begin{array}{c|c} 1 & 2 \\\\ 3 & 4 \\end{array} \\right]',
    );
  });
});

describe('mathmlToLatex: symbols', () => {
  it('maps Unicode operators, relations and letters to LaTeX commands', () => {
    expect(latex('<mi>x</mi><mo>≤</mo><mi>y</mi><mo>≠</mo><mi>λ</mi><mo>∈</mo><mi>ℂ</mi>')).toBe(
      'x \\leq y \\neq \\lambda \\in \\mathbb{C}',
    );
    expect(latex('<mi>a</mi><mo>−</mo><mi>b</mi><mo>∗</mo><mi>ℓ</mi>')).toBe('a - b \\ast \\ell');
    expect(latex('<msup><mi>A</mi><mo>′</mo></msup>')).toBe('A^{\\prime}');
  });

  it('keeps a command apart from a letter that follows it in one token', () => {
    expect(latex('<mi>αx</mi>')).toBe('\\alpha x');
  });

  it('sets operator names upright: det, dim', () => {
    expect(latex('<mo>det</mo><mfenced><mi>A</mi></mfenced>')).toBe('\\det \\left(A \\right)');
    expect(latex('<mi>rank</mi>')).toBe('\\mathrm{rank}');
  });

  it('writes a number set as text as a number', () => {
    expect(latex('<mtable><mtr><mtd><mtext>1</mtext></mtd><mtd><mn>0</mn></mtd></mtr></mtable>')).toBe(
      '\\begin{matrix} 1 & 0 \\end{matrix}',
    );
  });

  it('escapes the characters LaTeX reserves', () => {
    expect(latex('<mi>#</mi><mo>%</mo><mo>{</mo><mi>x</mi><mo>}</mo>')).toBe('\\# \\% \\{ x \\}');
    expect(latex('<mtext>50% of {x}</mtext>')).toBe('\\text{50\\% of \\{x\\}}');
  });

  it('follows mathvariant for script and double-struck letters', () => {
    expect(latex('<mi mathvariant="bold-script">ℛ</mi>')).toBe('\\mathcal{R}');
    expect(latex('<mi mathvariant="double-struck">R</mi>')).toBe('\\mathbb{R}');
  });
});

describe('mathmlToLatex: layout', () => {
  it('writes scripts, fractions and roots', () => {
    expect(latex('<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>')).toBe('x_{i}^{2}');
    expect(latex('<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>')).toBe('\\sqrt{x + 1}');
    expect(latex('<mroot><mi>x</mi><mn>3</mn></mroot>')).toBe('\\sqrt[3]{x}');
  });

  it('braces a compound base so scripts never double up', () => {
    expect(latex('<msub><msub><mi>x</mi><mn>1</mn></msub><mn>2</mn></msub>')).toBe('{x_{1}}_{2}');
    expect(latex('<msup><mrow><mo>(</mo><mo>−</mo><mn>1</mn><mo>)</mo></mrow><mi>n</mi></msup>')).toBe(
      '(-1)^{n}',
    );
  });

  it('puts limits on large operators and accents on their base', () => {
    expect(
      latex(
        '<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>x</mi>',
      ),
    ).toBe('\\sum_{i = 1}^{n} x');
    expect(latex('<mover accent="true"><mi>z</mi><mo>¯</mo></mover>')).toBe('\\overline{z}');
    expect(latex('<mover><mi>A</mi><mo>&#x302;</mo></mover>')).toBe('\\hat{A}');
    expect(latex('<mover><mo>→</mo><mtext>def</mtext></mover>')).toBe('\\overset{\\text{def}}{\\to}');
  });

  it('converts a munderover that lacks its third child instead of failing', () => {
    expect(latex('<munderover><mo>→</mo><mrow/></munderover><mi>A</mi>')).toBe('\\to A');
  });

  it('writes an aligned display as aligned, without its empty trailing cells and edge spacing', () => {
    expect(
      latex(
        '<mtable class="align-star"><mtr><mtd><mi>x</mi></mtd><mtd><mo>=</mo><mn>1</mn><mspace width="2em"/></mtd><mtd/><mtd><mspace width="2em"/></mtd></mtr></mtable>',
      ),
    ).toBe('\\begin{aligned} x & = 1 \\end{aligned}');
  });

  it('repairs cells an HTML parser nested (a self-closed <mtd/> read as an open tag)', () => {
    expect(latex('<mtable><mtr><mtd><mi>a</mi><mtd><mi>b</mi></mtd></mtd></mtr></mtable>')).toBe(
      '\\begin{matrix} a & b \\end{matrix}',
    );
    expect(latex('<mi>u</mi><mo>,</mo><mspace width="0.3em"><mi>v</mi></mspace>')).toBe('u, \\; v');
  });

  it('uses a TeX annotation when the MathML carries one', () => {
    expect(
      latex(
        '<semantics><mi>x</mi><annotation encoding="application/x-tex">\\frac{a}{b}</annotation></semantics>',
      ),
    ).toBe('\\frac{a}{b}');
  });

  it('reads prefixed MathML and entities', () => {
    expect(
      mathmlToLatex('<m:math xmlns:m="x"><m:mi>&#x3b1;</m:mi><m:mo>&lt;</m:mo><m:mn>2</m:mn></m:math>', ''),
    ).toBe('\\alpha < 2');
  });
});

describe('mathmlToLatex: fallback', () => {
  it('falls back to the text, symbols mapped, when the markup holds no element', () => {
    expect(mathmlToLatex('not math', ' x ≤  1 ')).toBe('x \\leq 1');
    expect(mathmlToLatex('', '')).toBe('');
  });
});

describe('mathmlToLatex: validity', () => {
  it('gives LaTeX with no defect the benchmark counts for a mixed formula', () => {
    const out = latex(
      '<mfenced open="&#x2329;" close="&#x232a;"><mi>A</mi><mi>x</mi></mfenced><mo>≥</mo><mn>1</mn><mn>0</mn><msub><mfenced open="[" close="]"><mi>A</mi></mfenced><mrow><mn>1</mn><mn>1</mn></mrow></msub>',
    );
    expect(latexIssues(out)).toEqual({
      unbalancedBraces: false,
      invalidLeftRight: false,
      splitNumbers: false,
      unmappedSymbols: [],
      otherNonAscii: [],
    });
  });
});
