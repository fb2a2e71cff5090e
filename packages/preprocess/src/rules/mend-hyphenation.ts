import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { touchesVerbatim } from './verbatim.js';

// "trans- port": a word, a hyphen and one space (the match), then a lower-case continuation (looked
// at, not consumed, so that it can itself end in a break: "trans- port- able").
const BROKEN = /(?<![\p{L}\p{N}\u2070-\u209f-])([A-Za-z]+)- (?=([a-z]+)(?![\p{L}\p{N}\u2070-\u209f]))/gu;

/**
 * Rejoins words hyphenated at a line break: "trans- port" → "transport" when "transport" is a
 * word of this book (and not rarer there than "trans-port" or "trans port"); → "trans-port" when
 * the hyphenated form is the book's usual one; otherwise (or inside a web address) left as it is.
 */
export const mendHyphenation: Rule = {
  name: 'mend-hyphenation',
  summary: 'rejoin line-break hyphenation ("trans- port" → "transport") when the book knows the word',
  usesBookContext: true,
  apply(text, context, onEdit) {
    if (!text.includes('- ')) return text;
    return replaceMatches(
      text,
      BROKEN,
      (m) => {
        const first = m[1] ?? '';
        const second = m[2] ?? '';
        if (touchesVerbatim(m.input, m.index, m.index + m[0].length + second.length)) return m[0];
        const joined = context.words(`${first}${second}`.toLowerCase());
        const hyphenated = context.hyphenated(first.toLowerCase(), second);
        const spaced = context.pairs(first.toLowerCase(), second);
        if (joined >= 1 && joined >= hyphenated && joined >= spaced) return first;
        if (hyphenated >= 1 && hyphenated >= spaced) return `${first}-`;
        return m[0];
      },
      onEdit,
    );
  },
};
