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

/** True when LaTeX has unbalanced braces or an invalid `\left`/`\right` (it would not compile). */
export function hasLatexDefects(latex: string): boolean {
  const issues = latexIssues(latex);
  return issues.unbalancedBraces || issues.invalidLeftRight;
}
