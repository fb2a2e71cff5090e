import { UserInputError } from '@kalvimate/core';

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

/**
 * Refuses markup nested far deeper than any book before a parser sees it: the HTML parser's tree building
 * slows down with depth, so a million nested `<div>`s would take minutes. One linear pass over the tags;
 * generous (end tags HTML lets writers omit are not counted), the exact bound is checked on the tree.
 */
export function checkNesting(html: string, limit: number): void {
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const name = (m[2] ?? '').toLowerCase().replace(/^.*:/, '');
    if (m[3] === '/' || UNCOUNTED.has(name)) continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (++depth > limit) throw tooDeep(limit);
  }
}
