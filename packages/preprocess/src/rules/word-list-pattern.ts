/** Escapes a literal for a RegExp. */
function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A global pattern that finds any of the lower-case `phrases`, written in lower case or with a
 * capital first letter, as whole words (not touching letters, digits, apostrophes or hyphens);
 * undefined when the list is empty. Longer phrases are tried first. (No `i` or `u` flag: this
 * pattern runs over every text of the book and those flags make it several times slower.)
 */
export function wordListPattern(phrases: Iterable<string>): RegExp | undefined {
  const list = [...phrases].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (list.length === 0) return undefined;
  const variants = list.map((p) => {
    const first = p.charAt(0);
    const rest = escapeLiteral(p.slice(1));
    return first.toUpperCase() === first
      ? `${escapeLiteral(first)}${rest}`
      : `[${first}${first.toUpperCase()}]${rest}`;
  });
  // Letters, digits (also superscript and subscript ones, which the powers rule creates), marks.
  const edge = "[A-Za-z0-9\\u00b2\\u00b3\\u00b9\\u00c0-\\u024f\\u0300-\\u036f\\u2070-\\u209f_'’-]";
  return new RegExp(`(?<!${edge})(?:${variants.join('|')})(?!${edge})`, 'g');
}
