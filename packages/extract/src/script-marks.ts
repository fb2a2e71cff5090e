/** Characters with a Unicode superscript form (shared with the math text renderer). */
export const UNICODE_SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
};
/** Characters with a Unicode subscript form (shared with the math text renderer). */
export const UNICODE_SUBSCRIPT: Readonly<Record<string, string>> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '−': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  o: 'ₒ',
  x: 'ₓ',
  h: 'ₕ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
  p: 'ₚ',
  s: 'ₛ',
  t: 'ₜ',
};

/** Maps every character through `table`, or gives undefined when one has no entry. */
export function mapAll(text: string, table: Readonly<Record<string, string>>): string | undefined {
  let out = '';
  for (const ch of text) {
    const mapped = table[ch];
    if (mapped === undefined) return undefined;
    out += mapped;
  }
  return out;
}

/**
 * Renders `<sup>`/`<sub>` content: Unicode super/subscripts when every character has one
 * ("-2" → "⁻²", "2" → "₂"), otherwise `^{…}` / `_{…}` so nothing is lost.
 */
export function renderScript(text: string, kind: 'sup' | 'sub'): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const mapped = mapAll(trimmed, kind === 'sup' ? UNICODE_SUPERSCRIPT : UNICODE_SUBSCRIPT);
  if (mapped !== undefined) return mapped;
  return kind === 'sup' ? `^{${trimmed}}` : `_{${trimmed}}`;
}
