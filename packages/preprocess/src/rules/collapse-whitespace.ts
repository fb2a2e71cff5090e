import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

const CARRIAGE_RETURN = /\r\n?/g;
// 1: spaces or line breaks at the very start or end, 2: spaces ending a line, its line break, the blank
// lines after it and a lone space opening the next line (an indent, two spaces or more, stays), 3: two or
// more spaces inside a line. The replacement is chosen by the group that matched.
const MESSY = /(^[ \n]+|[ \n]+$)|( *\n(?:[ \n]*\n)?(?: (?! ))?)|((?<![\n ]) {2,})/g;

/**
 * Collapses runs of spaces inside a line to one, trims line ends and both ends, turns CRLF into LF and
 * keeps at most one blank line. A line's indent stays: extract indents a nested list's items under the
 * item they belong to. Never adds a space; line breaks (list items, table rows) stay.
 */
export const collapseWhitespace: Rule = {
  name: 'collapse-whitespace',
  summary:
    'collapse runs of spaces, trim line ends and both ends, CRLF → LF (line breaks and the indents of nested list items kept)',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    const last = text.length - 1;
    const tidy =
      !text.includes('  ') &&
      !text.includes('\n') &&
      !text.includes('\r') &&
      text.charCodeAt(0) !== 32 &&
      text.charCodeAt(last) !== 32;
    if (tidy) return text;
    const unix = replaceMatches(text, CARRIAGE_RETURN, () => '\n', onEdit);
    return replaceMatches(
      unix,
      MESSY,
      (m) => {
        if (m[1] !== undefined) return '';
        if (m[2] !== undefined) return m[2].indexOf('\n') === m[2].lastIndexOf('\n') ? '\n' : '\n\n';
        return ' ';
      },
      onEdit,
    );
  },
};
