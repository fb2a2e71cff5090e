import { isAsciiLetter } from './ascii.js';
import { LATEX_FOR_CHAR } from './math-symbols.js';

/** What is wrong with a piece of LaTeX, as the math benchmark counts it. */
export interface LatexIssues {
  /** A `}` with no `{` before it, or a `{` never closed (escaped `\{`/`\}` do not count). */
  unbalancedBraces: boolean;
  /** A `\left` without its `\right` (or the reverse), across a brace, or with a delimiter LaTeX refuses. */
  invalidLeftRight: boolean;
  /** Digits that should be one number set apart (`1 0 0`, `_{1 1}`). */
  splitNumbers: boolean;
  /** Non-ASCII characters outside `\text{…}` that have a standard LaTeX command (`≤`, `〈`). */
  unmappedSymbols: string[];
  /** Other non-ASCII characters outside `\text{…}` (no standard command; not an error). */
  otherNonAscii: string[];
}

/** The delimiters LaTeX accepts after `\left` / `\right`. */
export const VALID_DELIMITERS: ReadonlySet<string> = new Set([
  '(',
  ')',
  '[',
  ']',
  '.',
  '|',
  '/',
  '<',
  '>',
  '\\{',
  '\\}',
  '\\|',
  '\\langle',
  '\\rangle',
  '\\lfloor',
  '\\rfloor',
  '\\lceil',
  '\\rceil',
  '\\vert',
  '\\Vert',
  '\\lvert',
  '\\rvert',
  '\\lVert',
  '\\rVert',
  '\\backslash',
  '\\uparrow',
  '\\downarrow',
  '\\updownarrow',
  '\\Uparrow',
  '\\Downarrow',
  '\\Updownarrow',
  '\\lbrace',
  '\\rbrace',
  '\\lbrack',
  '\\rbrack',
]);
// A command, an escaped character, a brace, or any other single character.
const LATEX_TOKEN = /\\[A-Za-z]+|\\[^A-Za-z]|[{}]|\s+|[^\\{}\s]/gsu;
const SPLIT_NUMBER = /(?:^|[^\\A-Za-z0-9.])[0-9]+ +[0-9]/;
const TEXT_COMMAND = /^\\(?:text|textrm|textit|textbf|mbox|mathrm|operatorname)$/;

/** Checks LaTeX for the defects the math benchmark counts; see {@link LatexIssues}. */
export function latexIssues(latex: string): LatexIssues {
  let depth = 0;
  let unbalancedBraces = false;
  let invalidLeftRight = false;
  // Brace depth at each open \left; a \right must close at the same depth.
  const fences: number[] = [];
  // Brace depth at which a \text{…} argument ends, or -1 outside text.
  let textUntil = -1;
  let pendingText = false;
  let pendingFence: 'left' | 'right' | 'middle' | undefined;
  const unmapped = new Set<string>();
  const other = new Set<string>();
  for (const match of latex.matchAll(LATEX_TOKEN)) {
    const token = match[0];
    if (pendingFence !== undefined && !/^\s+$/.test(token)) {
      if (!VALID_DELIMITERS.has(token)) invalidLeftRight = true;
      if (pendingFence === 'left') fences.push(depth);
      else if (pendingFence === 'right' && fences.pop() !== depth) invalidLeftRight = true;
      else if (pendingFence === 'middle' && fences[fences.length - 1] !== depth) invalidLeftRight = true;
      pendingFence = undefined;
      continue;
    }
    if (token === '\\left' || token === '\\right' || token === '\\middle') {
      pendingFence = token === '\\left' ? 'left' : token === '\\right' ? 'right' : 'middle';
      continue;
    }
    if (token === '{') {
      depth++;
      if (pendingText) {
        textUntil = depth;
        pendingText = false;
      }
      continue;
    }
    if (token === '}') {
      if (depth === textUntil) textUntil = -1;
      depth--;
      if (depth < 0) {
        unbalancedBraces = true;
        depth = 0;
      }
      continue;
    }
    pendingText = textUntil === -1 && TEXT_COMMAND.test(token);
    if (textUntil === -1 && token.length <= 2 && (token.codePointAt(0) ?? 0) > 0x7f) {
      (LATEX_FOR_CHAR[token] !== undefined ? unmapped : other).add(token);
    }
  }
  if (depth !== 0) unbalancedBraces = true;
  if (fences.length > 0 || pendingFence !== undefined) invalidLeftRight = true;
  return {
    unbalancedBraces,
    invalidLeftRight,
    splitNumbers: SPLIT_NUMBER.test(stripText(latex)),
    unmappedSymbols: [...unmapped],
    otherNonAscii: [...other],
  };
}

/** LaTeX with the arguments of `\text{…}` emptied (words and numbers in text are not formula). */
function stripText(latex: string): string {
  return latex.replace(/\\(?:text|textrm|mbox)\{[^{}]*\}/g, '\\text{}');
}

const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const WHITE_SPACE = /\s/u;

function isSpaceAt(latex: string, i: number): boolean {
  const code = latex.charCodeAt(i);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WHITE_SPACE.test(String.fromCodePoint(latex.codePointAt(i) as number));
}

/** Code units of the code point at `i` (2 for a surrogate pair). */
function unitsAt(latex: string, i: number): number {
  return (latex.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

/**
 * True when LaTeX has unbalanced braces or an invalid `\left`/`\right` (it would not compile): the
 * `unbalancedBraces` and `invalidLeftRight` of `latexIssues`, found by one scan of the characters with
 * the same tokens (a command, an escaped character, a brace, a run of white space, any other character)
 * but no match object per token and none of the other counts. Called for every formula of a book.
 */
export function hasLatexDefects(latex: string): boolean {
  let depth = 0;
  const fences: number[] = [];
  let pendingFence: 'left' | 'right' | 'middle' | undefined;
  let i = 0;
  while (i < latex.length) {
    const code = latex.charCodeAt(i);
    let end: number;
    if (code === BACKSLASH) {
      // A backslash that ends the text is no token at all.
      if (i + 1 >= latex.length) break;
      end = i + 1;
      // A command's letters (past the end of the text, charCodeAt is NaN, no letter).
      if (isAsciiLetter(latex.charCodeAt(end))) {
        while (isAsciiLetter(latex.charCodeAt(end))) end += 1;
      } else end += unitsAt(latex, end);
    } else if (isSpaceAt(latex, i)) {
      // White space only separates: it never closes a \left's wait for its delimiter.
      end = i + unitsAt(latex, i);
      while (end < latex.length && isSpaceAt(latex, end)) end += unitsAt(latex, end);
      i = end;
      continue;
    } else end = i + (code === OPEN || code === CLOSE ? 1 : unitsAt(latex, i));
    // The token's text is needed only after a fence command and to find one (a backslash starts both).
    const start = i;
    i = end;
    if (pendingFence !== undefined) {
      if (!VALID_DELIMITERS.has(latex.slice(start, end))) return true;
      if (pendingFence === 'left') fences.push(depth);
      else if (pendingFence === 'right' ? fences.pop() !== depth : fences[fences.length - 1] !== depth)
        return true;
      pendingFence = undefined;
    } else if (code === BACKSLASH) {
      const token = latex.slice(start, end);
      if (token === '\\left') pendingFence = 'left';
      else if (token === '\\right') pendingFence = 'right';
      else if (token === '\\middle') pendingFence = 'middle';
    } else if (code === OPEN) depth += 1;
    else if (code === CLOSE) {
      depth -= 1;
      if (depth < 0) return true;
    }
  }
  return depth !== 0 || fences.length > 0 || pendingFence !== undefined;
}
