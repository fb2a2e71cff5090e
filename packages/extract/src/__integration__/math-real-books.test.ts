// Reads ../shared/fixtures/real-books/linear-algebra.epub (Beezer, 10,281 MathML formulas): every formula,
// taken from its document the way extract's DOM walk reads it, must give LaTeX with no defect the math
// benchmark counts, and a non-empty text rendering.
import { readFileSync } from 'node:fs';
import { sharedFixture } from '@kalvimate/testkit/fixtures';
import * as cheerio from 'cheerio';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { latexIssues } from '../latex-check.js';
import { mathmlToLatex } from '../math.js';
import { mathmlToText } from '../math-text.js';

const book = sharedFixture('real-books', 'linear-algebra.epub');

function mathElements(file: string): { mathml: string; text: string }[] {
  const entries = unzipSync(new Uint8Array(readFileSync(file)), {
    filter: (entry) => /\.xhtml$/i.test(entry.name),
  });
  const out: { mathml: string; text: string }[] = [];
  for (const [name, data] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    if (name.includes('META-INF')) continue;
    const $ = cheerio.load(new TextDecoder().decode(data), {
      xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true },
    });
    $('math').each((_, el) => {
      out.push({ mathml: $.xml(el), text: $(el).text() });
    });
  }
  return out;
}

describe.skipIf(!book)('the MathML of linear-algebra.epub', () => {
  it('converts every formula to LaTeX with balanced braces, valid fences, whole numbers and commands', () => {
    const formulas = mathElements(book ?? '');
    expect(formulas.length).toBe(10_281);
    const defects: string[] = [];
    for (const { mathml, text } of formulas) {
      const latex = mathmlToLatex(mathml, text);
      const issues = latexIssues(latex);
      if (
        latex === '' ||
        issues.unbalancedBraces ||
        issues.invalidLeftRight ||
        issues.splitNumbers ||
        issues.unmappedSymbols.length > 0
      ) {
        defects.push(latex);
      }
      if (mathmlToText(mathml) === '') defects.push(`no text for ${mathml.slice(0, 80)}`);
    }
    expect(defects.slice(0, 5)).toEqual([]);
  });
});
