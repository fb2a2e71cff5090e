import { type MathNode, parseMathml } from './mathml-tree.js';
import { mapAll, UNICODE_SUBSCRIPT, UNICODE_SUPERSCRIPT } from './script-marks.js';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  ...UNICODE_SUPERSCRIPT,
  a: 'ᵃ',
  b: 'ᵇ',
  c: 'ᶜ',
  d: 'ᵈ',
  e: 'ᵉ',
  f: 'ᶠ',
  g: 'ᵍ',
  h: 'ʰ',
  j: 'ʲ',
  k: 'ᵏ',
  l: 'ˡ',
  m: 'ᵐ',
  o: 'ᵒ',
  p: 'ᵖ',
  r: 'ʳ',
  s: 'ˢ',
  t: 'ᵗ',
  u: 'ᵘ',
  v: 'ᵛ',
  w: 'ʷ',
  x: 'ˣ',
  y: 'ʸ',
  z: 'ᶻ',
  T: 'ᵀ',
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  ...UNICODE_SUBSCRIPT,
  i: 'ᵢ',
  j: 'ⱼ',
  r: 'ᵣ',
  u: 'ᵤ',
  v: 'ᵥ',
};
// Marks that follow their base as they are (A′, A*, A†) rather than as a raised script.
const TRAILING_MARKS = /^[′″‴*∗†‡'°]+$/u;
// Operators set apart by spaces: relations, arrows and the binary operators.
const SPACED_OPERATORS = new Set([...'=+−-×÷±∓≤≥<>≠≈≡≅∼≃∝∈∉∋⊂⊃⊆⊇⊊⊋⊈⊄→←↔⇒⇐⇔↦⟶⟹⟺∘⊕⊗⊠∪∩∧∨∖·⋅|:', ':=']);
const OPENING = new Set([...'([{⟨〈〈⌊⌈']);
const OVER_MARKS: Readonly<Record<string, string>> = {
  '¯': '\u0305',
  '‾': '\u0305',
  '^': '\u0302',
  ˆ: '\u0302',
  '\u0302': '\u0302',
  '~': '\u0303',
  '˜': '\u0303',
  '\u0303': '\u0303',
  '→': '\u20d7',
  '˙': '\u0307',
  '¨': '\u0308',
};
const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;

/** Groups what is not a single symbol or number: `(n − 1)`. */
function group(text: string): string {
  if ([...text].length === 1 || /^√?[\p{L}\p{N}′.]+$/u.test(text) || /^[([{⟨|‖].*[)\]}⟩|‖]$/u.test(text))
    return text;
  return `(${text})`;
}

/** A script with no Unicode form: one symbol or a number as it is, anything longer in parentheses. */
function scriptGroup(text: string): string {
  return [...text].length === 1 || /^[0-9]+$/.test(text) ? text : `(${text})`;
}

function script(base: string, sub: string, sup: string): string {
  let out = base;
  if (sub !== '') out += mapAll(sub.replace(/ /g, ''), SUBSCRIPT) ?? `_${scriptGroup(sub)}`;
  if (sup !== '') {
    if (TRAILING_MARKS.test(sup)) out += sup.replace(/∗/g, '*');
    else out += mapAll(sup.replace(/ /g, ''), SUPERSCRIPT) ?? `^${scriptGroup(sup)}`;
  }
  return out;
}

/** Joins the items of a row with spaces around relations and binary operators, none elsewhere. */
function row(nodes: readonly MathNode[]): string {
  let out = '';
  let previous: MathNode | undefined;
  for (const node of nodes) {
    const text = toText(node);
    if (text === '') continue;
    const spaced = node.name === 'mo' && SPACED_OPERATORS.has(text);
    const unary =
      spaced &&
      (text === '−' || text === '-' || text === '+') &&
      (out === '' ||
        /[\s([{⟨,]$/u.test(out) ||
        (previous?.name === 'mo' && SPACED_OPERATORS.has(previous.text)));
    if (spaced && !unary) out = `${out.trimEnd()} ${text} `;
    else if (node.name === 'mo' && (text === ',' || text === ';')) out = `${out.trimEnd()}${text} `;
    else if (node.name === 'mtext' || (previous?.name === 'mo' && /^[A-Za-z]{2,}$/.test(previous.text))) {
      // Words and operator names (det, dim) keep a space from what follows.
      out = out === '' || out.endsWith(' ') || OPENING.has(text[0] ?? '') ? out + text : `${out} ${text}`;
    } else if (node.name === 'mfrac' || previous?.name === 'mfrac') {
      // A fraction written a/b is set apart from what it multiplies: 1/√δ Ax, not 1/√δAx.
      out = out === '' || out.endsWith(' ') ? out + text : `${out} ${text}`;
    } else out += text;
    if (node.name === 'mtext') out += ' ';
    previous = node;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function fenced(node: MathNode): string {
  const open = (node.attrs.open ?? '(').trim();
  const close = (node.attrs.close ?? ')').trim();
  const separators = [...(node.attrs.separators ?? ',').replace(SPACES, '')];
  if (separators.length === 0) return `${open}${row(node.children)}${close}`;
  const parts = node.children.map((child, index) => {
    const text = toText(child);
    const separator = separators[Math.min(index, separators.length - 1)];
    return index < node.children.length - 1 && separator !== undefined ? `${text}${separator} ` : text;
  });
  return `${open}${parts.join('').trim()}${close}`;
}

function table(node: MathNode, inline: boolean): string {
  const rows: string[] = [];
  for (const tr of node.children) {
    const cells = tr.children.map((cell) => (cell.name === 'mtd' ? row(cell.children) : toText(cell)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) rows.push(cells.join(' ').trim());
  }
  return rows.join(inline ? '; ' : '\n');
}

function loneTable(children: readonly MathNode[]): MathNode | undefined {
  const only = children.length === 1 ? children[0] : undefined;
  if (only?.name === 'mtable') return only;
  if (only?.name === 'mrow') return loneTable(only.children);
  return undefined;
}

function underOver(node: MathNode): string {
  const [baseNode, first, second] = node.children;
  if (baseNode === undefined) return '';
  const base = toText(baseNode);
  const under = node.name === 'mover' || first === undefined ? '' : toText(first);
  const overNode = node.name === 'mover' ? first : node.name === 'munderover' ? second : undefined;
  const over = overNode === undefined ? '' : toText(overNode);
  const mark = OVER_MARKS[over];
  if (mark !== undefined && under === '') {
    // A combining mark on a single letter (x̄); a longer base keeps the mark after it.
    return [...base].length === 1 ? base + mark : `${group(base)}${over}`;
  }
  return script(base, under, over);
}

function toText(node: MathNode): string {
  const [a, b, c] = node.children;
  switch (node.name) {
    case 'mi':
    case 'mn':
    case 'mo':
      return node.text.replace(SPACES, ' ').replace(/∕/g, '/').trim();
    case 'mtext':
    case 'ms':
      return node.text.replace(SPACES, ' ').trim();
    case 'mspace':
      return ' ';
    case 'mfrac': {
      const num = a === undefined ? '' : toText(a);
      const den = b === undefined ? '' : toText(b);
      return `${group(num)}/${group(den)}`;
    }
    case 'msqrt':
      return `√${group(row(node.children))}`;
    case 'mroot': {
      const index = b === undefined ? '' : toText(b);
      const radicand = a === undefined ? '' : group(toText(a));
      return index === '3' ? `∛${radicand}` : index === '4' ? `∜${radicand}` : `root(${index}, ${radicand})`;
    }
    case 'msub':
      return script(a === undefined ? '' : toText(a), b === undefined ? '' : toText(b), '');
    case 'msup':
      return script(a === undefined ? '' : toText(a), '', b === undefined ? '' : toText(b));
    case 'msubsup':
      return script(
        a === undefined ? '' : toText(a),
        b === undefined ? '' : toText(b),
        c === undefined ? '' : toText(c),
      );
    case 'munder':
    case 'mover':
    case 'munderover':
      return underOver(node);
    case 'mfenced': {
      const matrix = loneTable(node.children);
      return matrix === undefined
        ? fenced(node)
        : `${(node.attrs.open ?? '(').trim()}${table(matrix, true)}${(node.attrs.close ?? ')').trim()}`;
    }
    case 'mtable':
      return table(node, true);
    case 'semantics':
      return a === undefined ? '' : toText(a);
    case 'maction':
      return a === undefined ? '' : toText(a);
    case 'mphantom':
    case 'annotation':
    case 'annotation-xml':
    case 'none':
    case 'mprescripts':
      return '';
    case 'mglyph':
      return node.attrs.alt ?? '';
    default:
      return row(node.children);
  }
}

/**
 * A readable plain-text rendering of a MathML formula, for a block's `text`: `x² + 1 = 0`, fractions as
 * `a/b`, Unicode super- and subscripts when every character has one (`x^(n−1)` otherwise), matrices as
 * `[1 2; 3 4]`, the lines of an aligned display on lines of their own.
 *
 * @example mathmlToText('<math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn></math>') // 'x² + 1'
 */
export function mathmlToText(mathml: string): string {
  return mathTreeToText(parseMathml(mathml));
}

/** `mathmlToText` of a formula already parsed (`parseMathml`, `mathTreeOfElement`). The tree is not changed. */
export function mathTreeToText(tree: MathNode | undefined): string {
  if (tree === undefined) return '';
  // A display of aligned lines (a table that is the whole formula) keeps one line per row.
  const lines = loneTable(tree.children);
  return (lines === undefined ? toText(tree) : table(lines, false))
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .normalize('NFC');
}
