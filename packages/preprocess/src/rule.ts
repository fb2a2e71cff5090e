import type { BookContext } from './book-context.js';
import type { RuleName } from './options.js';

/** One edit a rule made: at `index` of `text`, `before` became `after`. */
export interface TextEdit {
  /** The text the edit was made in (the rule's input, or an intermediate step of it). */
  text: string;
  index: number;
  before: string;
  after: string;
}

/** Told about every edit a rule makes (for the change report); rules never depend on it. */
export type EditListener = (edit: TextEdit) => void;

/**
 * A cleaning rule: a pure function of one text (and, for the dictionary rules, of the book-wide
 * context). Applying it twice gives the same text as applying it once.
 */
export interface Rule {
  readonly name: RuleName;
  /** One line for the change report and the README. */
  readonly summary: string;
  /** True when the rule reads the book's own dictionary (built before the rule runs). */
  readonly usesBookContext: boolean;
  apply(text: string, context: BookContext, onEdit?: EditListener): string;
}

/**
 * Replaces every match of the global `pattern` in `text` by `replace(match)`, telling `onEdit`
 * about each match whose replacement differs. Returns `text` itself when nothing changed.
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string,
  onEdit?: EditListener,
): string {
  pattern.lastIndex = 0;
  let out = '';
  let last = 0;
  let changed = false;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    const after = replace(match);
    if (after === match[0]) continue;
    changed = true;
    out += text.slice(last, match.index) + after;
    last = match.index + match[0].length;
    onEdit?.({ text, index: match.index, before: match[0], after });
  }
  return changed ? out + text.slice(last) : text;
}
