import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

const CARRIAGE_RETURN = /\r\n?/g;
// 1: spaces or line breaks at the very start or end, 2: a run of spaces and line breaks holding at
// least one line break, 3: two or more spaces. The replacement is chosen by the group that matched.
const MESSY = /(^[ \n]+|[ \n]+$)|( *\n[ \n]*)|( {2,})/g;

/**
 * Collapses runs of spaces to one, trims spaces around line breaks and at both ends, turns CRLF
 * into LF and keeps at most one blank line. Never adds a space; line breaks (list items, table
 * rows) stay.
 */
export const collapseWhitespace: Rule = {
  name: 'collapse-whitespace',
  summary: 'collapse runs of spaces, trim line ends and both ends, CRLF → LF (line breaks kept)',
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
