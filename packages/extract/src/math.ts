import { hasLatexDefects, VALID_DELIMITERS } from './latex-check.js';
import {
  charsToLatex,
  joinPieces,
  SPACES,
  spaceToLatex,
  textToLatex,
  textToMathLatex,
  tidy,
  tokenToLatex,
} from './math-latex-tokens.js';
import { LATEX_FOR_CHAR, LIMIT_OPERATORS, OVER_ACCENT, UNDER_ACCENT } from './math-symbols.js';
import { type MathNode, parseMathml } from './mathml-tree.js';

function rowToLatex(nodes: readonly MathNode[]): string {
  return joinPieces(
    nodes.map((node) => toLatex(node)),
    ' ',
  );
}

/** Wraps a script's base in braces unless it is one symbol or one `\left…\right` group. */
function scriptBase(latex: string): string {
  if (latex === '') return '{}';
  if ([...latex].length === 1 || /^\\[A-Za-z]+$/.test(latex) || /^\\math[a-z]+\{[^{}]*\}$/.test(latex))
    return latex;
  if (latex.startsWith('\\left') && isOneFence(latex)) return latex;
  if (/^\([^()]*\)$/.test(latex) || /^[0-9]+(?:\.[0-9]+)?$/.test(latex)) return latex;
  return `{${latex}}`;
}

/** True when `\left` at the start is closed by the `\right` at the very end. */
function isOneFence(latex: string): boolean {
  let depth = 0;
  for (const match of latex.matchAll(/\\(left|right)\b/g)) {
    depth += match[1] === 'left' ? 1 : -1;
    if (depth === 0) {
      const rest = latex.slice((match.index ?? 0) + match[0].length);
      return /^(?:\\[A-Za-z]+|\\\||\\[{}]|[^\\\s])$/.test(rest);
    }
  }
  return false;
}

function scripts(base: string, sub: string, sup: string): string {
  return `${scriptBase(base)}${sub === '' ? '' : `_{${sub}}`}${sup === '' ? '' : `^{${sup}}`}`;
}

const DELIMITER: Readonly<Record<string, string>> = {
  '': '.',
  '(': '(',
  ')': ')',
  '[': '[',
  ']': ']',
  '{': '\\{',
  '}': '\\}',
  '|': '|',
  '∣': '|',
  '/': '/',
  '<': '\\langle',
  '>': '\\rangle',
  '‖': '\\|',
  '∥': '\\|',
};

/** A `\left`/`\right` delimiter for a fence character; `.` (none) plus the character itself otherwise. */
function delimiter(fence: string): { delim: string; extra: string } {
  const trimmed = fence.trim();
  const direct = DELIMITER[trimmed];
  if (direct !== undefined) return { delim: direct, extra: '' };
  const mapped = LATEX_FOR_CHAR[trimmed];
  if (mapped !== undefined && VALID_DELIMITERS.has(mapped)) return { delim: mapped, extra: '' };
  return { delim: '.', extra: charsToLatex(trimmed) };
}

const MATRIX_ENV: Readonly<Record<string, string>> = {
  '( )': 'pmatrix',
  '[ ]': 'bmatrix',
  '\\{ \\}': 'Bmatrix',
  '| |': 'vmatrix',
  '\\| \\|': 'Vmatrix',
};

/** A fence character outside `\left`/`\right`: `(`, `\{`, `\langle`. */
function plainFence(fence: string): string {
  const trimmed = fence.trim();
  if (trimmed === '') return '';
  return DELIMITER[trimmed] ?? charsToLatex(trimmed);
}

/** An element with nothing to show: `<mrow/>`, `<mrow><mrow></mrow></mrow>`, an empty token. */
function isEmptyNode(node: MathNode): boolean {
  if (node.name === 'mrow') return node.children.every(isEmptyNode);
  return ['mi', 'mn', 'mo'].includes(node.name) && node.text === '';
}

function fencedToLatex(node: MathNode): string {
  // An empty mfenced is a lone bracket that opens or closes a group set elsewhere (tex4ht splits
  // a parenthesis over a line this way); `\left(\right.` would draw it as an empty group.
  if (node.children.every(isEmptyNode)) {
    return joinPieces([plainFence(node.attrs.open ?? '('), plainFence(node.attrs.close ?? ')')], ' ');
  }
  const open = delimiter(node.attrs.open ?? '(');
  const close = delimiter(node.attrs.close ?? ')');
  const table = loneTable(node.children);
  if (table !== undefined && open.extra === '' && close.extra === '') {
    const env = MATRIX_ENV[`${open.delim} ${close.delim}`];
    if (env !== undefined && !hasColumnLines(table)) return tableToLatex(table, env);
    return `\\left${open.delim} ${tableToLatex(table, 'matrix')} \\right${close.delim}`;
  }
  const separators = (node.attrs.separators ?? ',').replace(SPACES, '');
  const parts: string[] = [];
  node.children.forEach((child, index) => {
    if (index > 0 && separators !== '') {
      parts.push(charsToLatex([...separators][Math.min(index - 1, [...separators].length - 1)] ?? ''));
    }
    parts.push(toLatex(child));
  });
  const inner = joinPieces([open.extra, joinPieces(parts, ' '), close.extra], ' ');
  return `\\left${open.delim} ${inner} \\right${close.delim}`;
}

function loneTable(children: readonly MathNode[]): MathNode | undefined {
  if (children.length !== 1) return undefined;
  const only = children[0];
  if (only === undefined) return undefined;
  if (only.name === 'mtable') return only;
  if (only.name === 'mrow') return loneTable(only.children);
  return undefined;
}

function hasColumnLines(table: MathNode): boolean {
  return /solid|dashed/.test(table.attrs.columnlines ?? '');
}

const EDGE_SPACING = /^(?:\s|\\[,;:!]|\\quad|\\qquad)+|(?:\s|\\[,;:!]|\\quad|\\qquad)+$/g;

function tableToLatex(table: MathNode, env?: string): string {
  const rows: string[][] = [];
  for (const row of table.children) {
    if (row.name !== 'mtr' && row.name !== 'mlabeledtr') continue;
    const cells = row.children
      .filter((cell, index) => !(row.name === 'mlabeledtr' && index === 0) || cell.name !== 'mtd')
      .map((cell) => {
        // Spacing at the edges of a cell only pads the column (tag labels, the book's 2em gaps).
        return (cell.name === 'mtd' ? rowToLatex(cell.children) : toLatex(cell)).replace(EDGE_SPACING, '');
      });
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) rows.push(cells);
  }
  const columns = Math.max(1, ...rows.map((cells) => cells.length));
  const body = rows.map((cells) => cells.join(' & ')).join(' \\\\ ');
  if (hasColumnLines(table)) {
    const lines = (table.attrs.columnlines ?? '').trim().split(/\s+/);
    let spec = '';
    for (let column = 0; column < columns; column++) {
      spec += 'c';
      const line = lines[Math.min(column, lines.length - 1)];
      if (column < columns - 1 && (line === 'solid' || line === 'dashed')) spec += '|';
    }
    return `\\begin{array}{${spec}} ${body} \\end{array}`;
  }
  const name = env ?? (/\balign|eqnarray/.test(table.attrs.class ?? '') ? 'aligned' : 'matrix');
  return `\\begin{${name}} ${body} \\end{${name}}`;
}

function underOverToLatex(node: MathNode): string {
  const [baseNode, first, second] = node.children;
  if (baseNode === undefined) return '';
  const under = node.name === 'mover' ? undefined : first;
  const over = node.name === 'mover' ? first : node.name === 'munderover' ? second : undefined;
  const base = toLatex(baseNode);
  if (node.name !== 'munderover') {
    const mark = (over ?? under)?.text.trim() ?? '';
    const accent = over !== undefined ? OVER_ACCENT[mark] : UNDER_ACCENT[mark];
    const isMarkOnly = (over ?? under)?.children.length === 0;
    if (accent !== undefined && isMarkOnly) {
      const wide = [...base].length > 1 && !/^\\[A-Za-z]+$/.test(base);
      const command =
        wide && accent === '\\hat' ? '\\widehat' : wide && accent === '\\tilde' ? '\\widetilde' : accent;
      return `${command}{${base}}`;
    }
  }
  const overLatex = over === undefined ? '' : toLatex(over);
  const underLatex = under === undefined ? '' : toLatex(under);
  if (LIMIT_OPERATORS.has(base) || base.startsWith('\\operatorname')) {
    return `${base}${underLatex === '' ? '' : `_{${underLatex}}`}${overLatex === '' ? '' : `^{${overLatex}}`}`;
  }
  let out = base === '' ? '{}' : base;
  if (underLatex !== '') out = `\\underset{${underLatex}}{${out}}`;
  if (overLatex !== '') out = `\\overset{${overLatex}}{${out}}`;
  return out;
}

function multiscriptsToLatex(node: MathNode): string {
  const [baseNode, ...rest] = node.children;
  if (baseNode === undefined) return '';
  const split = rest.findIndex((child) => child.name === 'mprescripts');
  const post = split === -1 ? rest : rest.slice(0, split);
  const pre = split === -1 ? [] : rest.slice(split + 1);
  const pairs = (nodes: MathNode[]) => {
    const subs: string[] = [];
    const sups: string[] = [];
    for (let i = 0; i < nodes.length; i += 2) {
      const sub = nodes[i];
      const sup = nodes[i + 1];
      if (sub !== undefined) subs.push(toLatex(sub));
      if (sup !== undefined) sups.push(toLatex(sup));
    }
    return { sub: joinPieces(subs, ' '), sup: joinPieces(sups, ' ') };
  };
  const before = pairs(pre);
  const after = pairs(post);
  const prefix = before.sub === '' && before.sup === '' ? '' : `${scripts('', before.sub, before.sup)} `;
  return prefix + scripts(toLatex(baseNode), after.sub, after.sup);
}

function semanticsToLatex(node: MathNode): string {
  const tex = node.children.find(
    (child) =>
      child.name === 'annotation' && /^(application\/x-tex|tex|latex)$/i.test(child.attrs.encoding ?? ''),
  );
  if (tex !== undefined && tex.text.trim() !== '' && !hasLatexDefects(tex.text)) return tex.text.trim();
  const first = node.children.find((child) => child.name !== 'annotation' && child.name !== 'annotation-xml');
  return first === undefined ? '' : toLatex(first);
}

function toLatex(node: MathNode): string {
  const [a, b, c] = node.children;
  switch (node.name) {
    case 'mi':
    case 'mn':
    case 'mo':
    case 'mtext':
    case 'ms':
      return tokenToLatex(node);
    case 'mspace':
      return spaceToLatex(node);
    case 'mfrac': {
      const num = a === undefined ? '' : toLatex(a);
      const den = b === undefined ? '' : toLatex(b);
      if (node.attrs.bevelled === 'true') return `{${num}}/{${den}}`;
      if (/^0(?:\D|$)/.test(node.attrs.linethickness ?? '')) return `\\genfrac{}{}{0pt}{}{${num}}{${den}}`;
      return `\\frac{${num}}{${den}}`;
    }
    case 'msqrt':
      return `\\sqrt{${rowToLatex(node.children)}}`;
    case 'mroot':
      return `\\sqrt[${b === undefined ? '' : toLatex(b)}]{${a === undefined ? '' : toLatex(a)}}`;
    case 'msub':
      return scripts(a === undefined ? '' : toLatex(a), b === undefined ? '' : toLatex(b), '');
    case 'msup':
      return scripts(a === undefined ? '' : toLatex(a), '', b === undefined ? '' : toLatex(b));
    case 'msubsup':
      return scripts(
        a === undefined ? '' : toLatex(a),
        b === undefined ? '' : toLatex(b),
        c === undefined ? '' : toLatex(c),
      );
    case 'munder':
    case 'mover':
    case 'munderover':
      return underOverToLatex(node);
    case 'mmultiscripts':
      return multiscriptsToLatex(node);
    case 'mfenced':
      return fencedToLatex(node);
    case 'mtable':
      return tableToLatex(node);
    case 'mphantom':
      return `\\phantom{${rowToLatex(node.children)}}`;
    case 'menclose':
      return /box|roundedbox/.test(node.attrs.notation ?? '')
        ? `\\boxed{${rowToLatex(node.children)}}`
        : rowToLatex(node.children);
    case 'semantics':
      return semanticsToLatex(node);
    case 'maction':
      return a === undefined ? '' : toLatex(a);
    case 'annotation':
    case 'annotation-xml':
    case 'none':
    case 'mprescripts':
      return '';
    case 'mglyph':
      return textToLatex(node.attrs.alt ?? '');
    default:
      return rowToLatex(node.children);
  }
}

/**
 * Converts a MathML fragment to LaTeX that compiles: numbers whole, fences as `\left\langle … \right\rangle`,
 * Unicode operators as commands (`≤` → `\leq`). Falls back to the math's plain text when the MathML
 * holds nothing to convert.
 *
 * @example mathmlToLatex('<math><msup><mi>x</mi><mn>2</mn></msup></math>', 'x2') // 'x^{2}'
 */
export function mathmlToLatex(mathml: string, fallbackText: string): string {
  return mathTreeToLatex(parseMathml(mathml), () => fallbackText);
}

/**
 * `mathmlToLatex` of a formula already parsed (`parseMathml`, `mathTreeOfElement`); the plain text is asked
 * for only when the fallback needs it. The tree is not changed.
 */
export function mathTreeToLatex(tree: MathNode | undefined, fallbackText: () => string): string {
  const latex = tree === undefined ? '' : tidy(toLatex(tree));
  if (latex === '' || hasLatexDefects(latex)) return textToMathLatex(fallbackText());
  return latex.normalize('NFC');
}
