import { describe, expect, it } from 'vitest';
import { svgItems } from './svg-items.js';

const p = (text: string) => ({ kind: 'block', block: { type: 'paragraph', text } });

describe('svgItems', () => {
  it('reads title, desc and text in document order, the root title as a heading', () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <title>The water cycle</title>
  <desc>A diagram of   evaporation and rain.</desc>
  <defs><style type="text/css"><![CDATA[ .t { font-size: 3px } ]]></style></defs>
  <script>var hidden = 1;</script>
  <metadata>Created with a tool</metadata>
  <g><title>Cloud</title><path d="M0 0"/></g>
  <text x="10" y="10" class="t">Evaporation <tspan font-weight="bold">rises</tspan></text>
  <text x="10" y="30"><tspan x="10" dy="0">Rain</tspan><tspan x="10" dy="5">falls</tspan></text>
</svg>`;
    expect(svgItems(svg)).toEqual([
      { kind: 'heading', level: 1, text: 'The water cycle' },
      p('A diagram of evaporation and rain.'),
      p('Cloud'),
      p('Evaporation rises'),
      p('Rain falls'),
    ]);
  });

  it('reads a document written with an svg: prefix', () => {
    const svg = `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:title>Map</svg:title><svg:text>North &amp; South</svg:text></svg:svg>`;
    expect(svgItems(svg)).toEqual([{ kind: 'heading', level: 1, text: 'Map' }, p('North & South')]);
  });

  it('reads the XHTML of a foreignObject as headings and paragraphs', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="100" height="100">
  <body xmlns="http://www.w3.org/1999/xhtml"><h2>Legend</h2><p>Blue is <em>water</em>.</p><ul><li>One</li><li>Two</li></ul></body>
</foreignObject></svg>`;
    expect(svgItems(svg)).toEqual([
      { kind: 'heading', level: 2, text: 'Legend' },
      p('Blue is water.'),
      p('One'),
      p('Two'),
    ]);
  });

  it('gives nothing for an SVG without text, or for what is not XML', () => {
    expect(svgItems('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>')).toEqual([]);
    expect(svgItems('')).toEqual([]);
  });
});
