/** What an ordered list says of its numbering: its element's attributes, and each item's `value`. */
export interface ListNumbering {
  /** `start` (the first item's number). */
  start?: string;
  /** `type`: 1, a, A, i or I. */
  type?: string;
  /** True for `reversed` (counting down). */
  reversed?: boolean;
  /** Its `style` attribute, for a `list-style-type`. */
  style?: string;
  /** Each item's `value` attribute (undefined where it has none). */
  values: ReadonlyArray<string | undefined>;
}

type Style = 'decimal' | 'lower-alpha' | 'upper-alpha' | 'lower-roman' | 'upper-roman';

const TYPE_STYLES: Readonly<Record<string, Style>> = {
  '1': 'decimal',
  a: 'lower-alpha',
  A: 'upper-alpha',
  i: 'lower-roman',
  I: 'upper-roman',
};
const CSS_STYLES: Readonly<Record<string, Style>> = {
  decimal: 'decimal',
  'lower-alpha': 'lower-alpha',
  'lower-latin': 'lower-alpha',
  'upper-alpha': 'upper-alpha',
  'upper-latin': 'upper-alpha',
  'lower-roman': 'lower-roman',
  'upper-roman': 'upper-roman',
};
const LIST_STYLE = /(?:^|;)\s*list-style(?:-type)?\s*:\s*([\w-]+)/i;

/**
 * The markers of an ordered list's items as a reading system numbers them: from `start` (or the item
 * count, `reversed`), an item's `value` resetting the count, in the style of `type` or of the style
 * attribute's `list-style-type` ("5.", "b.", "iv."). Exercises split by a figure go on with
 * `<ol start="5">`; options are lettered with `type="a"`.
 */
export function itemMarkers(list: ListNumbering): string[] {
  const count = list.values.length;
  const cssType = LIST_STYLE.exec(list.style ?? '')?.[1]?.toLowerCase();
  const style: Style =
    (cssType !== undefined ? CSS_STYLES[cssType] : undefined) ??
    TYPE_STYLES[list.type?.trim() ?? ''] ??
    'decimal';
  const step = list.reversed ? -1 : 1;
  const start = integer(list.start) ?? (list.reversed ? count : 1);
  let n = start - step;
  return list.values.map((value) => {
    n = integer(value) ?? n + step;
    return `${format(n, style)}.`;
  });
}

function integer(text: string | undefined): number | undefined {
  const n = Number.parseInt(text?.trim() ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

function format(n: number, style: Style): string {
  if (style === 'decimal' || n < 1) return String(n);
  if (style === 'lower-alpha' || style === 'upper-alpha') {
    const text = alphabetic(n);
    return style === 'upper-alpha' ? text.toUpperCase() : text;
  }
  if (n >= 4000) return String(n);
  const text = roman(n);
  return style === 'upper-roman' ? text : text.toLowerCase();
}

/** 1 → a, 26 → z, 27 → aa, as CSS counts in letters. */
function alphabetic(n: number): string {
  let text = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26))
    text = String.fromCharCode(97 + ((rest - 1) % 26)) + text;
  return text;
}

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string {
  let text = '';
  let rest = n;
  for (const [value, letters] of ROMAN) for (; rest >= value; rest -= value) text += letters;
  return text;
}

/**
 * True when an item's text opens with a marker of its own ("(a) 5 N", "b) 10 N", "3. Why …", "(iv) …"),
 * as a book writes options in a list whose own markers it hides: a second marker before it is noise.
 */
export function hasOwnMarker(text: string): boolean {
  return OWN_MARKER.test(text);
}
const OWN_MARKER = /^(?:\(\s*(?:\d{1,3}|[a-z]|[ivxlc]{1,6})\s*\)|(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)])\s/i;
