import * as cheerio from 'cheerio/slim';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { documentItems } from './dom-items.js';
import { mathTreeOfElement } from './mathml-dom.js';
import { parseMathml } from './mathml-tree.js';

/** The first math element of a document parsed as documentItems parses it, and its XML. */
function firstMath(html: string): { el: Element; xml: string } {
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true } });
  const el = $('math, m\\:math')[0] as Element | undefined;
  if (el === undefined) throw new Error('no math element');
  return { el, xml: $.xml(el) };
}

describe('mathTreeOfElement', () => {
  it.each([
    [
      'entities in text and attributes',
      '<math><mi>&alpha;</mi><mo>&lt;</mo><mo stretchy="false" lspace="&amp;">&minus;</mo><mn>2</mn></math>',
    ],
    [
      'prefixed and upper-case names',
      '<m:math><m:MI>x</m:MI><m:mfenced open="〈" close="〉"><m:mn>1</m:mn></m:mfenced></m:math>',
    ],
    [
      'comments, indentation and empty elements',
      '<math>\n  <!-- n --><mrow><mi>a</mi><mspace width="1em"/><none/></mrow>\n</math>',
    ],
    ['text beside a child of a token element', '<math><mi>a<b>x</b>c</mi><mtext> two  words </mtext></math>'],
    [
      'digits split over elements',
      '<math><mn>1</mn><mn>0</mn><mo>.</mo><mn>5</mn><msup><mn>0</mn><mn>2</mn></msup></math>',
    ],
    [
      'nested table cells',
      '<math><mtable><mtr><mtd><mi>a</mi><mtd><mi>b</mi></mtd></mtd></mtr></mtable></math>',
    ],
    [
      'an unknown entity and a literal ampersand',
      '<math><mi>&amp;foo;</mi><mi>&foo;</mi><mo>&#x1D44E;</mo></math>',
    ],
    [
      'attributes of elements whose attributes are not read',
      '<math class="x" display="block"><mrow id="r" data-1="2"><mi mathvariant="bold">v</mi></mrow></math>',
    ],
  ])('gives the tree parseMathml reads from the XML: %s', (_, html) => {
    const { el, xml } = firstMath(`<p>${html}</p>`);
    const tree = mathTreeOfElement(el);
    expect(tree).toBeDefined();
    expect(tree).toEqual(parseMathml(xml));
  });

  it('wraps an element that is not <math>, as parseMathml does', () => {
    const $ = cheerio.load('<p><mrow><mi>x</mi></mrow></p>', {
      xml: { xmlMode: false, lowerCaseTags: true },
    });
    const el = $('mrow')[0] as Element;
    expect(mathTreeOfElement(el)).toEqual(parseMathml($.xml(el)));
    expect(mathTreeOfElement(el)?.name).toBe('math');
  });

  it('leaves to the markup path what only the markup decides: odd names, processing instructions', () => {
    expect(mathTreeOfElement(firstMath('<math><mi$x>y</mi$x></math>').el)).toBeUndefined();
    expect(mathTreeOfElement(firstMath('<math><mi a"b="1">y</mi></math>').el)).toBeUndefined();
    expect(mathTreeOfElement(firstMath('<math><mi>y<?pi z?></mi></math>').el)).toBeUndefined();
  });

  it('gives documentItems the same blocks when the markup path reads the formula', () => {
    // The processing instruction sends this formula down the markup path; the rest is the fast path.
    const fast = documentItems('<p><math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn></math></p>');
    const slow = documentItems(
      '<p><math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn><?pi?></math></p>',
    );
    expect(slow).toEqual(fast);
    expect(fast).toEqual([{ kind: 'block', block: { type: 'math', text: 'x² + 1', latex: 'x^{2} + 1' } }]);
  });
});
