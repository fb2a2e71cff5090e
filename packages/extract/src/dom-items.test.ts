import { describe, expect, it } from 'vitest';
import { documentItems } from './dom-items.js';

const blocks = (body: string) =>
  documentItems(`<html><body>${body}</body></html>`).flatMap((i) => (i.kind === 'block' ? [i.block] : []));
const texts = (body: string) => blocks(body).map((b) => b.text);

describe('inline text', () => {
  it('keeps the space inside inline markup instead of gluing words', () => {
    expect(texts('<p>absolute<span>  scale</span> temperature</p>')).toEqual(['absolute scale temperature']);
  });

  it('does not emit the text of nested elements twice', () => {
    expect(texts('<div><div><p>Force <b>is a <i>push</i></b> or pull.</p></div></div>')).toEqual([
      'Force is a push or pull.',
    ]);
  });

  it('separates block elements and keeps non-breaking spaces for preprocess', () => {
    expect(texts('<div>one<p>two</p>three</div><p>a\u00a0b</p>')).toEqual([
      'one',
      'two',
      'three',
      'a\u00a0b',
    ]);
  });

  it('turns sup and sub into Unicode when every character maps, ^{} and _{} otherwise', () => {
    expect(texts('<p>m s<sup>-2</sup>, H<sub>2</sub>O, x<sup>ab</sup>, C<sub>xyz</sub></p>')).toEqual([
      'm s⁻², H₂O, x^{ab}, C_{xyz}',
    ]);
  });

  it('turns MathML into LaTeX, inline and as a math block', () => {
    const out = blocks(
      '<p>so <math><msup><mi>x</mi><mn>2</mn></msup></math> grows</p><math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac></math>',
    );
    expect(out[0]?.text).toBe('so x^{2} grows');
    expect(out[1]).toEqual({ type: 'math', text: '\\frac{a}{b}', latex: '\\frac{a}{b}' });
  });

  it('writes text in NFC: decomposed Tamil vowel signs and entities come out composed', () => {
    const decomposed = '\u0b95\u0bc6\u0bbe\u0bb3\u0bcd'; // கொள், with ொ written as ெ + ா
    expect(decomposed.normalize('NFC')).not.toBe(decomposed);
    expect(texts(`<p>${decomposed} &#x0B95;&#x0BC6;&#x0BBE;</p>`)).toEqual([
      `${decomposed.normalize('NFC')} \u0b95\u0bc6\u0bbe`.normalize('NFC'),
    ]);
  });

  it('passes Tamil through byte for byte', () => {
    const tamil = 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல் ஆகும்';
    expect(texts(`<p>${tamil}</p>`)).toEqual([tamil]);
  });
});

describe('structured blocks', () => {
  it('keeps table cells as rows with the caption', () => {
    const [table] = blocks(
      '<table><caption>Units</caption><tr><th>Quantity</th><th>Unit</th></tr><tr><td>Mass</td><td>kg</td></tr></table>',
    );
    expect(table).toEqual({
      type: 'table',
      caption: 'Units',
      rows: [
        ['Quantity', 'Unit'],
        ['Mass', 'kg'],
      ],
      text: 'Units\nQuantity | Unit\nMass | kg',
    });
  });

  it('keeps list items', () => {
    const [list] = blocks('<ol><li>Heat</li><li>Light <b>energy</b></li></ol>');
    expect(list).toMatchObject({ type: 'list', items: ['Heat', 'Light energy'], ordered: true });
  });

  it('keeps figure alt text and caption, and alt text of images inside paragraphs', () => {
    const out = blocks(
      '<figure><img alt="A lens"/><figcaption>Fig 2.1 Lens</figcaption></figure><p>See <img alt="an arrow"/> here</p>',
    );
    expect(out[0]).toEqual({
      type: 'figure',
      alt: 'A lens',
      caption: 'Fig 2.1 Lens',
      text: 'A lens — Fig 2.1 Lens',
    });
    expect(out.slice(1)).toEqual([
      { type: 'paragraph', text: 'See here' },
      { type: 'figure', alt: 'an arrow', text: 'an arrow' },
    ]);
  });

  it('keeps footnotes as notes', () => {
    expect(blocks('<aside epub:type="footnote"><p>Measured at sea level.</p></aside>')).toEqual([
      { type: 'note', text: 'Measured at sea level.' },
    ]);
  });

  it('reports headings with their level and keeps images inside headings as figures', () => {
    const items = documentItems('<body><h2><img alt="QR code for the unit"/></h2><h3>2.1 Lenses</h3></body>');
    expect(items).toEqual([
      { kind: 'heading', level: 2, text: '' },
      { kind: 'block', block: { type: 'figure', alt: 'QR code for the unit', text: 'QR code for the unit' } },
      { kind: 'heading', level: 3, text: '2.1 Lenses' },
    ]);
  });
});
