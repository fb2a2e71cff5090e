import { describe, expect, it } from 'vitest';
import { type MathNode, parseMathml } from './mathml-tree.js';

/** The tree as `name(children)` / `name:text`, to compare shapes briefly. */
function shape(node: MathNode | undefined): string {
  if (node === undefined) return '';
  if (node.children.length === 0) return node.text === '' ? node.name : `${node.name}:${node.text}`;
  return `${node.name}(${node.children.map(shape).join(' ')})`;
}

describe('parseMathml', () => {
  it('reads elements, decoded entities and CDATA, and skips comments and indentation', () => {
    const tree = parseMathml(
      '<math>\n  <!-- note --><mi>&#x3b1;</mi> <mo>&lt;</mo><mn><![CDATA[2]]></mn><mo>&nbsp;&amp;</mo></math>',
    );
    expect(shape(tree)).toBe('math(mi:α mo:< mn:2 mo:&)');
  });

  it('drops namespace prefixes and keeps attributes the renderers read, even with > in a value', () => {
    const tree = parseMathml(
      '<m:math><m:mfenced open="〈" close=\'a>b\'><m:mi>x</m:mi></m:mfenced></m:math>',
    );
    expect(tree?.children[0]?.attrs).toEqual({ open: '〈', close: 'a>b' });
  });

  it('closes unclosed elements at their parent end tag and ignores stray end tags', () => {
    expect(shape(parseMathml('<math><mrow><mi>x</mi></mfrac><mi>y</math>'))).toBe('math(mrow(mi:x mi:y))');
  });

  it('wraps a fragment that is not one <math> element, and gives undefined for no element', () => {
    expect(shape(parseMathml('<mi>x</mi><mi>y</mi>'))).toBe('math(mi:x mi:y)');
    expect(parseMathml('just text')).toBeUndefined();
  });

  it('merges adjacent digit mn elements in a row, and digits before a raised number into its base', () => {
    expect(
      shape(parseMathml('<math><mn>1</mn><mn>0</mn><mi>x</mi><msub><mn>2</mn><mn>3</mn></msub></math>')),
    ).toBe('math(mn:10 mi:x msub(mn:2 mn:3))');
    expect(shape(parseMathml('<math><mn>1</mn><msup><mn>0</mn><mn>6</mn></msup></math>'))).toBe(
      'math(msup(mn:10 mn:6))',
    );
  });

  it('moves what a nested cell or an open mspace swallowed back beside it', () => {
    expect(
      shape(
        parseMathml('<math><mtable><mtr><mtd><mi>a</mi><mtd><mi>b</mi></mtd></mtd></mtr></mtable></math>'),
      ),
    ).toBe('math(mtable(mtr(mtd(mi:a) mtd(mi:b))))');
    expect(shape(parseMathml('<math><mspace width="1em"><mi>v</mi></mspace></math>'))).toBe(
      'math(mspace mi:v)',
    );
  });
});
