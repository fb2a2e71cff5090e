import { UserInputError } from '@kalvimate/core';
import { isAsciiDigit, isAsciiLetter } from './ascii.js';

/** Elements without content, and elements whose end tag HTML lets a writer leave out: never counted as nesting. */
const UNCOUNTED = new Set([
  ...[
    'area',
    'base',
    'br',
    'col',
    'embed',
    'hr',
    'img',
    'input',
    'link',
    'meta',
    'param',
    'source',
    'track',
    'wbr',
  ],
  ...[
    'p',
    'li',
    'dt',
    'dd',
    'tr',
    'td',
    'th',
    'thead',
    'tbody',
    'tfoot',
    'option',
    'optgroup',
    'rb',
    'rt',
    'rp',
  ],
  ...['colgroup', 'caption'],
]);

export function tooDeep(limit: number): UserInputError {
  return new UserInputError('EPUB_TOO_DEEP', `markup is nested more than ${limit} elements deep`, {
    hint: 'No real book nests this deep; the document is malformed or hostile.',
  });
}

/** What may follow the first letter of a tag name: letters, digits, `_`, `:`, `.` and `-`. */
function isNameCharacter(code: number): boolean {
  return (
    isAsciiLetter(code) ||
    isAsciiDigit(code) ||
    code === 0x5f ||
    code === 0x3a ||
    code === 0x2e ||
    code === 0x2d
  );
}

/**
 * Refuses markup nested far deeper than any book before a parser sees it: the HTML parser's tree building
 * slows down with depth, so a million nested `<div>`s would take minutes. One linear pass over the tags;
 * generous (end tags HTML lets writers omit are not counted), the exact bound is checked on the tree.
 *
 * The tags are those `/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g` finds, found by scanning the characters:
 * a match object per tag was a tenth of what extract allocated.
 */
export function checkNesting(html: string, limit: number): void {
  let depth = 0;
  let at = html.indexOf('<');
  while (at >= 0) {
    let i = at + 1;
    const closing = html.charCodeAt(i) === 0x2f;
    if (closing) i += 1;
    if (!isAsciiLetter(html.charCodeAt(i))) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    const nameStart = i;
    i += 1;
    while (i < html.length && isNameCharacter(html.charCodeAt(i))) i += 1;
    const end = html.indexOf('>', i);
    // No `>` after this tag's name: none after any later one either.
    if (end < 0) return;
    const selfClosing = html.charCodeAt(end - 1) === 0x2f;
    const qualified = html.slice(nameStart, i).toLowerCase();
    const name = qualified.slice(qualified.lastIndexOf(':') + 1);
    at = html.indexOf('<', end + 1);
    if (selfClosing || UNCOUNTED.has(name)) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > limit) throw tooDeep(limit);
  }
}
