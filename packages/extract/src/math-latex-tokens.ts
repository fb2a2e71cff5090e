/** LaTeX for the leaves of a MathML tree: token text, symbols, spacing; and the final tidy of spaces. */
import { LATEX_FOR_CHAR, OPERATOR_NAMES, PLAIN_LETTER } from './math-symbols.js';
import type { MathNode } from './mathml-tree.js';

const ASCII_SPECIAL: Readonly<Record<string, string>> = {
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\sim',
  '^': '\\hat{}',
  '\\': '\\backslash',
};
const TEXT_SPECIAL: Readonly<Record<string, string>> = {
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};
export const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;
const ENDS_IN_COMMAND = /\\[A-Za-z]+$/;
const STARTS_WITH_LETTER = /^[A-Za-z]/;

/** Joins LaTeX pieces, keeping a command apart from a letter that follows it (`\leq x`, not `\leqx`). */
export function joinPieces(pieces: readonly string[], separator: string): string {
  let out = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (out === '') out = piece;
    else if (separator === '' && ENDS_IN_COMMAND.test(out) && STARTS_WITH_LETTER.test(piece))
      out += ` ${piece}`;
    else out += separator + piece;
  }
  return out;
}

/** Writes the characters of a token (`mi`, `mn`, `mo`) as LaTeX: Unicode symbols as commands. */
export function charsToLatex(text: string): string {
  const pieces: string[] = [];
  for (const ch of text.replace(SPACES, ' ')) {
    if (ch === ' ') continue;
    pieces.push(LATEX_FOR_CHAR[ch] ?? ASCII_SPECIAL[ch] ?? ch);
  }
  return joinPieces(pieces, '');
}

/** Text (`mtext`) as `\\text{…}` with LaTeX's reserved characters escaped; white space alone is `\\;`. */
export function textToLatex(text: string): string {
  const plain = text.replace(SPACES, ' ');
  if (plain.trim() === '') return plain === '' ? '' : '\\;';
  let out = '';
  for (const ch of plain) out += TEXT_SPECIAL[ch] ?? ch;
  return `\\text{${out}}`;
}

const VARIANT_COMMAND: Readonly<Record<string, string>> = {
  bold: '\\mathbf',
  'double-struck': '\\mathbb',
  script: '\\mathcal',
  'bold-script': '\\mathcal',
  fraktur: '\\mathfrak',
  'bold-fraktur': '\\mathfrak',
  'sans-serif': '\\mathsf',
  'bold-sans-serif': '\\mathsf',
  monospace: '\\mathtt',
  normal: '\\mathrm',
};

/** A token element (`mi`, `mn`, `mo`, `mtext`, `ms`) as LaTeX: names upright, `mathvariant` followed. */
export function tokenToLatex(node: MathNode): string {
  const text = node.text;
  if (text === '') return '';
  // A number set as text (a pivot's 1 in a matrix) is still a number.
  if (node.name === 'mtext') return /^[0-9]+$/.test(text.trim()) ? text.trim() : textToLatex(text);
  if (node.name === 'ms') return textToLatex(`"${text}"`);
  if (/^[A-Za-z]{2,}$/.test(text)) {
    if (OPERATOR_NAMES.has(text)) return `\\${text}`;
    return node.name === 'mo' ? `\\operatorname{${text}}` : `\\mathrm{${text}}`;
  }
  const variant = node.attrs.mathvariant;
  const command = variant === undefined ? undefined : VARIANT_COMMAND[variant];
  if (command !== undefined && node.name === 'mi') {
    const plain = [...text].map((ch) => PLAIN_LETTER[ch] ?? ch).join('');
    if (/^[A-Za-z0-9]+$/.test(plain)) return `${command}{${plain}}`;
    if (variant?.startsWith('bold')) return `\\boldsymbol{${charsToLatex(text)}}`;
  }
  return charsToLatex(text);
}

/** An `mspace` as the nearest LaTeX space by its width in em (`\\,` `\\;` `\\quad` `\\qquad`). */
export function spaceToLatex(node: MathNode): string {
  const width = /^\s*(-?[\d.]+)\s*em\s*$/.exec(node.attrs.width ?? '');
  const em = width?.[1] === undefined ? 0.2 : Number(width[1]);
  if (em >= 1.5) return '\\qquad';
  if (em >= 0.8) return '\\quad';
  if (em >= 0.25) return '\\;';
  if (em > 0) return '\\,';
  return '';
}

/** Drops the spaces that only the joining of pieces put inside plain brackets and before commas. */
export function tidy(latex: string): string {
  return (
    latex
      .replace(/ {2,}/g, ' ')
      .replace(/(^|[^\\])([([]) /g, '$1$2')
      .replace(/ ([)\],])/g, (whole, mark: string, offset: number, all: string) =>
        all[offset - 1] === '\\' ? whole : mark,
      )
      // A unary minus sits on what it negates: (-1), ^{-18}, = -x.
      .replace(/(^|[{([]) ?- /g, '$1-')
      .replace(/(\\\\|[&=,]) - /g, '$1 -')
      .trim()
  );
}

/** Writes a plain-text rendering of a formula as LaTeX, for when there is no MathML to convert. */
export function textToMathLatex(text: string): string {
  return text
    .split(SPACES)
    .map((word) => charsToLatex(word))
    .filter((word) => word !== '')
    .join(' ')
    .normalize('NFC');
}
