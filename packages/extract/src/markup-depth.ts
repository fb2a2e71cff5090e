import { UserInputError } from '@kalvimate/core';
import { isAsciiDigit, isAsciiLetter } from './ascii.js';

/** Elements without content, and elements whose end tag HTML lets a writer leave out: never counted as nesting. */
const UNCOUNTED_NAMES = [
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
];

/** Names of at most this many letters have a number (`letterKey`); the uncounted names all do. */
const MAX_KEYED_LETTERS = 10;

/**
 * A number for the lower-cased letters `text[start..end)`, each letter a base-27 digit (exact below 2^53 for
 * up to 10 letters), or -1 when the range holds anything else or is longer: a tag name is looked up without
 * making a string of it.
 */
function letterKey(text: string, start: number, end: number): number {
  if (end - start > MAX_KEYED_LETTERS) return -1;
  let key = 0;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (!isAsciiLetter(code)) return -1;
    key = key * 27 + ((code | 0x20) - 0x60);
  }
  return key;
}

const UNCOUNTED = new Set(UNCOUNTED_NAMES.map((name) => letterKey(name, 0, name.length)));

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
    // The local name (after any prefix), as a number: no string per tag.
    let localStart = i;
    while (localStart > nameStart && html.charCodeAt(localStart - 1) !== 0x3a) localStart -= 1;
    at = html.indexOf('<', end + 1);
    if (selfClosing || UNCOUNTED.has(letterKey(html, localStart, i))) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > limit) throw tooDeep(limit);
  }
}
