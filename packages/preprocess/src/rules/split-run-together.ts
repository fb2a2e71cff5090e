import type { BookContext } from '../book-context.js';
import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { touchesVerbatim } from './verbatim.js';
import { wordListPattern } from './word-list-pattern.js';

/** Word beginnings that are prefixes, not words: "semipermeable" is not "semi permeable". */
const PREFIXES = new Set(
  `anti apo auto back bio centi counter down end endo epi every ex extra fore hetero homo hydro hyper hypo
  inter intra iso kilo macro mega meta micro milli mono multi neo non out over para penta per peri photo
  plano poly post pre pro pseudo re self semi some sub super tele tetra thermo trans tri ultra un under
  uni up with`.split(/\s+/),
);

/** Word endings that are suffixes or compound tails: "ohmmeter" is not "ohm meter". */
const SUFFIXES = new Set(
  `able ate ates body dom fully ful graph gram hood ible ing ion ions ism ist ity less like logy ment
  meter metre ness ous over rate rates ring scope self selves ship side thing time ward wards ways where
  wise`.split(/\s+/),
);

const MIN_LENGTH = 6;
const MIN_PIECE = 3;
const MIN_PIECE_COUNT = 2;
const MIN_PAIR_COUNT = 2;

const MIN_COMPOUND_COUNT = 2;
const FREQUENT_WORDS = Symbol('split-run-together: frequent words');

// The words a compound can be seen in: those the book writes at least twice, listed once per book.
function frequentWords(context: BookContext): string[] {
  const words: string[] = [];
  context.forEachWord((word, count) => {
    if (count >= MIN_COMPOUND_COUNT && word.length > MIN_PIECE) words.push(word);
  });
  return words;
}

/**
 * True when the book joins `left` or `right` with other words into words of its own: "anyway" and
 * "anything" (any + a word), "someone" (a word + one), "masthead" for "mastheads". Then a joined
 * form of the two is likely a compound of the language ("anyone"), not two words run together,
 * however often the book also writes them apart ("any one of these vectors").
 */
export function formsCompounds(left: string, right: string, context: BookContext): boolean {
  const joined = left + right;
  const isBookWord = (piece: string) => piece.length >= MIN_PIECE && context.words(piece) >= MIN_PIECE_COUNT;
  const words = context.derived(FREQUENT_WORDS, frequentWords);
  // An index loop: this one runs some 10,000 steps per candidate, mostly before V8 optimises it.
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (word === joined) continue;
    if (word.startsWith(left) && isBookWord(word.slice(left.length))) return true;
    if (word.endsWith(right) && isBookWord(word.slice(0, -right.length))) return true;
  }
  return false;
}

/**
 * Where to split a run-together word, or undefined: the joined form occurs nowhere else in the
 * book, both halves are words of the book, the book writes them side by side elsewhere (the
 * split with the most such pairs wins; a tie splits nothing), and the book does not form other
 * compounds from either half (see `formsCompounds`).
 */
export function runTogetherSplit(word: string, context: BookContext): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < MIN_LENGTH || context.words(lower) > 1) return undefined;
  let best: number | undefined;
  let bestPairs = 0;
  let tie = false;
  for (let i = MIN_PIECE; i <= lower.length - MIN_PIECE; i += 1) {
    const left = lower.slice(0, i);
    const right = lower.slice(i);
    if (PREFIXES.has(left) || SUFFIXES.has(right)) continue;
    if (context.words(left) < MIN_PIECE_COUNT || context.words(right) < MIN_PIECE_COUNT) continue;
    const pairs = context.pairs(left, right);
    if (pairs < MIN_PAIR_COUNT) continue;
    if (pairs > bestPairs) {
      best = i;
      bestPairs = pairs;
      tie = false;
    } else if (pairs === bestPairs) tie = true;
  }
  if (tie || best === undefined) return undefined;
  return formsCompounds(lower.slice(0, best), lower.slice(best), context) ? undefined : best;
}

const CANDIDATES = Symbol('split-run-together');

interface Candidates {
  pattern: RegExp | undefined;
  splits: Map<string, number>;
}

// Every run-together word of the book and where to split it, found once per book.
function findCandidates(context: BookContext): Candidates {
  const splits = new Map<string, number>();
  context.forEachWord((word, count) => {
    if (count > 1 || word.length < MIN_LENGTH) return;
    const at = runTogetherSplit(word, context);
    if (at !== undefined) splits.set(word, at);
  });
  return { pattern: wordListPattern(splits.keys()), splits };
}

/**
 * Splits words that OCR ran together ("sulphuricacid" → "sulphuric acid") only when both halves
 * are words of the book, the book writes them side by side elsewhere, and the joined form is not
 * a word of the book. Only lower-case or capitalised words are split, never one touching a digit
 * or hyphen, so chemical names (2-Methylpropane) and formulas (CH₃COOH) are never candidates.
 */
export const splitRunTogether: Rule = {
  name: 'split-run-together',
  summary: 'split run-together words ("sulphuricacid" → "sulphuric acid") the book writes apart elsewhere',
  usesBookContext: true,
  apply(text, context, onEdit) {
    const { pattern, splits } = context.derived(CANDIDATES, findCandidates);
    if (pattern === undefined) return text;
    return replaceMatches(
      text,
      pattern,
      (m) => {
        const at = splits.get(m[0].toLowerCase());
        if (at === undefined || !/^[A-Za-z][a-z]+$/.test(m[0])) return m[0];
        if (touchesVerbatim(m.input, m.index, m.index + m[0].length)) return m[0];
        return `${m[0].slice(0, at)} ${m[0].slice(at)}`;
      },
      onEdit,
    );
  },
};
