/** Escapes a literal for a RegExp. */
function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A global, case-insensitive pattern that finds any of `phrases` as whole words (not touching
 * letters, digits, marks, apostrophes or hyphens); undefined when the list is empty. Longer
 * phrases are tried first.
 */
export function wordListPattern(phrases: Iterable<string>): RegExp | undefined {
  const list = [...phrases].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (list.length === 0) return undefined;
  const edge = "[\\p{L}\\p{N}\\p{M}_'’-]";
  return new RegExp(`(?<!${edge})(?:${list.map(escapeLiteral).join('|')})(?!${edge})`, 'giu');
}
