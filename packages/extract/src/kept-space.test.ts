import { describe, expect, it } from 'vitest';
import { classRules } from './css-classes.js';
import { documentItems } from './dom-items.js';
import {
  documentKeptSpaceClasses,
  hasKeptSpace,
  indentsKept,
  keepsSpace,
  keptSpaceClassesOf,
  keptSpaceText,
  plainSpaces,
} from './kept-space.js';
import { boldClassesOf } from './styled-headings.js';

describe('keptSpaceClassesOf', () => {
  it('finds the one-class rules that keep white space, on an element or not, inside @media too', () => {
    const css = [
      '/* .commented { white-space: pre } */',
      '.calibre2 {\n  white-space: pre-wrap;\n}',
      '@media screen { pre.screen, .verse { color: red; white-space:break-spaces } }',
      '.toc .entry { white-space: pre }',
      '.normal { white-space: normal } .lines { white-space: pre-line } .nowrap { white-space: nowrap }',
      'div.x, span.y { font-weight: bold }',
    ].join('\n');
    expect([...keptSpaceClassesOf(css)].sort()).toEqual(['calibre2', 'pre.screen', 'verse']);
    // The style sheet's rules read once give the same classes.
    expect(keptSpaceClassesOf(classRules(css))).toEqual(keptSpaceClassesOf(css));
    expect(boldClassesOf(classRules(css))).toEqual(new Set(['x', 'y']));
    expect(keptSpaceClassesOf('not css { white-space')).toEqual(new Set());
  });

  it("adds a document's own <style> to the book's classes, and gives the book's back without one", () => {
    const book = new Set(['calibre2']);
    const html = '<html><head><style>.c5 { white-space: pre }</style></head><body/></html>';
    expect([...documentKeptSpaceClasses(html, book)].sort()).toEqual(['c5', 'calibre2']);
    expect(documentKeptSpaceClasses('<p>x</p>', book)).toBe(book);
  });
});

describe('keepsSpace', () => {
  it('reads the style attribute, the classes, and a class that keeps space on one element only', () => {
    const classes = new Set(['calibre2', 'pre.screen']);
    expect(keepsSpace('span', undefined, 'color: red; white-space: pre-wrap', undefined)).toBe(true);
    expect(keepsSpace('span', undefined, 'white-space: pre-line', classes)).toBe(false);
    expect(keepsSpace('span', 'text_1 calibre2', undefined, classes)).toBe(true);
    expect(keepsSpace('pre', 'screen', undefined, classes)).toBe(true);
    expect(keepsSpace('p', 'screen', undefined, classes)).toBe(false);
    expect(keepsSpace('span', 'text_1', undefined, new Set())).toBe(false);
  });
});

describe('kept white space', () => {
  it('stands apart from the white space HTML collapses until a paragraph is read', () => {
    const kept = keptSpaceText('  a\tb\r\nc', '|');
    expect(kept).not.toMatch(/[ \t]/);
    expect(hasKeptSpace(kept)).toBe(true);
    expect(plainSpaces(kept)).toBe('  a\tb|c');
    expect(hasKeptSpace('a b')).toBe(false);
    expect(indentsKept(`x\n${keptSpaceText('  ', '|')}y`)).toBe(true);
    expect(indentsKept(`${keptSpaceText('  ', '|')}x\ny`)).toBe(false);
  });

  it('makes a paragraph of lines indented by kept spaces preformatted, and leaves prose prose', () => {
    const kept = new Set(['ws']);
    const blocks = (body: string) =>
      documentItems(`<html><body>${body}</body></html>`, { keptSpaceClasses: kept }).flatMap((i) =>
        i.kind === 'block' ? [[i.block.type, i.block.text]] : [],
      );
    expect(
      blocks(
        '<p>if x:<br/>\n  <span class="ws">    </span>y()<br/><span style="white-space:pre">  </span>z()</p>' +
          '<div>bare text<br/><span class="ws">  </span>indented</div>' +
          '<p>one<span class="ws">   </span>two<br/>three</p><p><span class="ws">   </span></p>' +
          '<ul><li>item<br/><span class="ws">  </span>next</li></ul><p class="ws">a\n  b</p>' +
          '<p>def f():<br/><span class="ws">  </span>a = 1<br/><br/><span class="ws">  </span>return a<br/></p>',
      ),
    ).toEqual([
      ['preformatted', 'if x:\n    y()\n  z()'],
      ['preformatted', 'bare text\n  indented'],
      ['paragraph', 'one two\nthree'],
      ['list', '- item\n  next'],
      ['preformatted', 'a\n  b'],
      ['preformatted', 'def f():\n  a = 1\n\n  return a'],
    ]);
  });
});
