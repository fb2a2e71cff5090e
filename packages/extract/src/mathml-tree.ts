/** One MathML element: its local name (namespace prefix dropped), attributes, and children or text. */
export interface MathNode {
  name: string;
  attrs: Record<string, string>;
  children: MathNode[];
  /** The decoded text of a token element (`mi`, `mn`, `mo`, `mtext`, `ms`, `annotation`), else ''. */
  text: string;
}

/** Elements whose text is kept (text elsewhere is the source's indentation). */
export const TOKEN_ELEMENTS: ReadonlySet<string> = new Set(['mi', 'mn', 'mo', 'mtext', 'ms', 'annotation']);
// Only these elements' attributes are read by the renderers; skipping the rest (class, columnalign on
// every cell) keeps parsing fast on books with megabytes of MathML.
export const ELEMENTS_WITH_ATTRIBUTES: ReadonlySet<string> = new Set([
  'mi',
  'mn',
  'mo',
  'mfenced',
  'mspace',
  'mtable',
  'mfrac',
  'menclose',
  'annotation',
  'mglyph',
]);
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  minus: '\u2212',
  times: '\u00d7',
  le: '\u2264',
  ge: '\u2265',
  ne: '\u2260',
  InvisibleTimes: '\u2062',
  ApplyFunction: '\u2061',
  it: '\u2062',
  af: '\u2061',
};
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g;
// Characters that only mark structure for a reader (function application, invisible times, separators).
const INVISIBLE = /[\u2061-\u2064\u200b]/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#x')) return safeCodePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10), whole);
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function safeCodePoint(code: number, whole: string): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

// The inside of a tag: end-tag slash, name, the rest (attributes and a self-closing slash). Processing
// instructions and doctypes (`<?…`, `<!…`) do not match.
const TAG = /^(\/?)\s*([A-Za-z_][\w.:-]*)([\s\S]*)$/;

/** The lower-case local name of a qualified name (`m:MI` → `mi`). */
export function localName(qualified: string): string {
  const colon = qualified.lastIndexOf(':');
  return (colon === -1 ? qualified : qualified.slice(colon + 1)).toLowerCase();
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (source.trim() === '') return attrs;
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1];
    if (name !== undefined) attrs[localName(name)] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return attrs;
}

/** Index of the `>` that ends the tag opened at `lt`, skipping quoted attribute values; -1 if none. */
function tagEnd(source: string, lt: number): number {
  const gt = source.indexOf('>', lt);
  if (gt === -1) return -1;
  const inner = source.slice(lt, gt);
  if (!inner.includes('"') && !inner.includes("'")) return gt;
  let quote = '';
  for (let i = lt + 1; i < source.length; i++) {
    const ch = source[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i;
  }
  return -1;
}

/**
 * Parses a MathML fragment into a tree rooted at its `<math>` element (or a synthetic `math` around
 * whatever was given); undefined when it holds no element. Lenient by design: an unclosed element is
 * closed by its parent's end tag, a stray end tag is ignored, prefixes (`m:mi`) are dropped. Only the
 * attributes the renderers read are kept.
 */
export function parseMathml(source: string): MathNode | undefined {
  const root: MathNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: MathNode[] = [root];
  let top = root;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    // Text only counts inside token elements; elsewhere it is the source's indentation.
    if (textEnd > i && TOKEN_ELEMENTS.has(top.name)) top.text += decodeEntities(source.slice(i, textEnd));
    if (lt === -1) break;
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      i = end === -1 ? source.length : end + 3;
      continue;
    }
    if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (TOKEN_ELEMENTS.has(top.name)) top.text += source.slice(lt + 9, end === -1 ? source.length : end);
      i = end === -1 ? source.length : end + 3;
      continue;
    }
    const gt = tagEnd(source, lt);
    if (gt === -1) break;
    i = gt + 1;
    const tag = TAG.exec(source.slice(lt + 1, gt));
    const name = tag?.[2];
    if (tag === null || name === undefined) continue;
    const local = localName(name);
    if (tag[1] === '/') {
      const open = stack.findLastIndex((node) => node.name === local);
      if (open > 0) {
        stack.length = open;
        top = stack[open - 1] ?? root;
      }
      continue;
    }
    const attrSource = tag[3] ?? '';
    const node: MathNode = {
      name: local,
      attrs: ELEMENTS_WITH_ATTRIBUTES.has(local) ? parseAttributes(attrSource) : {},
      children: [],
      text: '',
    };
    top.children.push(node);
    if (!attrSource.endsWith('/')) {
      stack.push(node);
      top = node;
    }
  }
  const first = root.children[0];
  if (first === undefined) return undefined;
  const math =
    root.children.length === 1 && first.name === 'math'
      ? first
      : { name: 'math', attrs: {}, children: root.children, text: '' };
  return normalizeMathTree(math);
}

/**
 * Repairs, in place, what authoring tools and HTML parsers do to MathML before it is rendered: a number
 * set digit by digit is one number (`<mn>1</mn><mn>0</mn><mn>0</mn>` is 100, `<mn>1</mn><mo>.</mo><mn>5</mn>`
 * is 1.5, `<mn>1</mn><msup><mn>0</mn>…` is 10 raised), a table cell nested in a cell (an HTML parser's
 * reading of a self-closed `<mtext/>`) is its sibling, so is what an element that is always empty
 * (`<mspace/>`) holds, and token text is trimmed of white space and
 * invisible operators.
 */
export function normalizeMathTree(node: MathNode): MathNode {
  if (TOKEN_ELEMENTS.has(node.name)) {
    const text = node.text.replace(INVISIBLE, '');
    node.text = node.name === 'mtext' ? text : text.trim();
    return node;
  }
  const children: MathNode[] = [];
  const isRow = !POSITIONAL.has(node.name);
  for (const child of node.children) {
    normalizeMathTree(child);
    // What an empty element "holds" followed it in the source (`<mspace width="1em"/>` read as an open tag).
    // No array per child for the common case: a book of 10,000 formulas has some 300,000 children.
    const lifted =
      EMPTY_ELEMENTS.has(child.name) && child.children.length > 0 ? child.children.splice(0) : undefined;
    if (!(isRow && mergeDigits(children, child))) children.push(child);
    if (lifted !== undefined) {
      for (const item of lifted) if (!(isRow && mergeDigits(children, item))) children.push(item);
    }
  }
  node.children = flattenNestedCells(node.name, children);
  return node;
}

/** Joins `child` into the number that ends `row` when it continues it; true when it did. */
function mergeDigits(row: MathNode[], child: MathNode): boolean {
  const previous = row[row.length - 1];
  if (previous === undefined) return false;
  if (child.name === 'mn' && isDigits(child.text)) {
    if (previous.name === 'mn' && isNumber(previous.text)) {
      previous.text += child.text;
      return true;
    }
    const beforePoint = row[row.length - 2];
    if (
      previous.name === 'mo' &&
      previous.text === '.' &&
      beforePoint?.name === 'mn' &&
      isDigits(beforePoint.text)
    ) {
      beforePoint.text += `.${child.text}`;
      row.pop();
      return true;
    }
    return false;
  }
  // 10⁻¹⁸ written as <mn>1</mn><msup><mn>0</mn><mrow>…</mrow></msup>: the digits belong to the base.
  if (
    (child.name === 'msup' || child.name === 'msub' || child.name === 'msubsup') &&
    previous.name === 'mn'
  ) {
    const base = numberBase(child.children[0]);
    if (
      base !== undefined &&
      isNumber(previous.text) &&
      !previous.text.includes('.') &&
      isDigits(base.text)
    ) {
      base.text = previous.text + base.text;
      row[row.length - 1] = child;
      return true;
    }
  }
  return false;
}

/** The `mn` a script's base is, directly or as the only child of an `mrow`. */
function numberBase(base: MathNode | undefined): MathNode | undefined {
  if (base === undefined) return undefined;
  if (base.name === 'mn') return base;
  if (base.name === 'mrow' && base.children.length === 1) return numberBase(base.children[0]);
  return undefined;
}

const EMPTY_ELEMENTS = new Set(['mspace', 'none', 'mprescripts', 'malignmark', 'maligngroup', 'mglyph']);

// Scripts (`msub`, `msup`…) and fractions count their children by position: two `mn`s there are the
// base and the script, never one number.
const POSITIONAL = new Set([
  'msub',
  'msup',
  'msubsup',
  'mfrac',
  'mroot',
  'munder',
  'mover',
  'munderover',
  'mmultiscripts',
]);

function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

function isNumber(text: string): boolean {
  return /^[0-9]+(?:\.[0-9]+)?$/.test(text);
}

/** `<mtd>a<mtd>b</mtd></mtd>` → `<mtd>a</mtd><mtd>b</mtd>` (and the same for rows inside a row). */
function flattenNestedCells(parentName: string, children: MathNode[]): MathNode[] {
  if (parentName !== 'mtr' && parentName !== 'mtable') return children;
  const cellName = parentName === 'mtr' ? 'mtd' : 'mtr';
  const out: MathNode[] = [];
  const lift = (cell: MathNode) => {
    // Most cells hold no cell: kept as they are, without two filtered copies and a copy of the cell.
    if (!cell.children.some((child) => child.name === cellName)) {
      out.push(cell);
      return;
    }
    const own = cell.children.filter((child) => child.name !== cellName);
    const nested = cell.children.filter((child) => child.name === cellName);
    out.push({ ...cell, children: own });
    for (const inner of nested) lift(inner);
  };
  for (const child of children) {
    if (child.name === cellName) lift(child);
    else out.push(child);
  }
  return out;
}
