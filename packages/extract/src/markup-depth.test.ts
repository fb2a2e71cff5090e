import { describe, expect, it } from 'vitest';
import { checkNesting } from './markup-depth.js';

/** The regular expression checkNesting's scan stands for, as it was: the reference. */
function referenceDepths(html: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const name = (m[2] ?? '').toLowerCase().replace(/^.*:/, '');
    if (m[3] === '/' || ['p', 'br', 'li', 'td', 'img'].includes(name)) continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else depth += 1;
    depths.push(depth);
  }
  return depths;
}

/** The deepest nesting checkNesting lets through: the largest limit it refuses, plus one. */
function deepest(html: string): number {
  let limit = 0;
  for (;;) {
    try {
      checkNesting(html, limit);
      return limit;
    } catch {
      limit += 1;
    }
  }
}

describe('checkNesting', () => {
  it('refuses markup deeper than the limit and lets the rest through', () => {
    const deep = `${'<div>'.repeat(50)}text${'</div>'.repeat(50)}`;
    expect(() => checkNesting(deep, 49)).toThrow('nested more than 49 elements deep');
    expect(() => checkNesting(deep, 50)).not.toThrow();
  });

  it('counts the tags the regular expression found, on odd and broken markup', () => {
    const pieces = [
      '<div>',
      '</div>',
      '<p>',
      '<br/>',
      '<img src="a>b"/>',
      '<svg:g>',
      '</SVG:G>',
      '<a <b>',
      '< div>',
      '</ div>',
      '<1a>',
      '<x.y-z_1 class="c">',
      '<span/>',
      '<section',
      'text > more',
      '<!-- c -->',
      '<![CDATA[x]]>',
      '<Li>',
      '<td>',
      '</',
      '<',
    ];
    let seed = 7;
    for (let round = 0; round < 400; round += 1) {
      let html = '';
      const n = 1 + (round % 23);
      for (let k = 0; k < n; k += 1) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        html += pieces[seed % pieces.length];
      }
      expect(deepest(html), html).toBe(Math.max(0, ...referenceDepths(html)));
    }
  });
});
