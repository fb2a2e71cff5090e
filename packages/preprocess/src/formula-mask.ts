/**
 * Inline formulas out of the rules' reach. Extract writes a formula inside a sentence as LaTeX between
 * `\(` and `\)`; the rules are for prose, and LaTeX is kept as extract wrote it ("T : U \to V" is not a
 * colon after a word). While the rules run, each formula of a text stands as one character (`FORMULA`),
 * which no rule changes or removes, so that prose around it is cleaned as around any symbol (the space in
 * "\(x\) ," still goes); the formulas are put back after. Pure.
 */

/** Stands for a formula while the rules run: U+FFFC OBJECT REPLACEMENT CHARACTER, "an object is here". */
export const FORMULA = '\uFFFC';
const FORMULAS = /\uFFFC/g;
/** A formula in a sentence, as extract writes it: `\(…\)`. */
const INLINE_FORMULA = /\\\([\s\S]*?\\\)/g;

/** A text with its formulas out (`text`, each one `FORMULA`), and the formulas in order. */
export interface MaskedText {
  text: string;
  formulas: string[];
}

/**
 * `text` with each inline formula as `FORMULA`; undefined when it has none, or when it holds `FORMULA`
 * itself (then it is cleaned as it is).
 */
export function maskFormulas(text: string): MaskedText | undefined {
  if (!text.includes('\\(') || text.includes(FORMULA)) return undefined;
  const formulas: string[] = [];
  const masked = text.replace(INLINE_FORMULA, (formula) => {
    formulas.push(formula);
    return FORMULA;
  });
  return formulas.length > 0 ? { text: masked, formulas } : undefined;
}

/**
 * The text with its formulas back in their places; undefined when the stand-ins are not one per formula
 * any more (no rule removes or adds one: a safeguard, so that no formula is ever lost or moved).
 */
export function unmaskFormulas(text: string, formulas: readonly string[]): string | undefined {
  let next = 0;
  const out = text.replace(FORMULAS, (stand) => formulas[next++] ?? stand);
  return next === formulas.length ? out : undefined;
}

/** A text for people to read (a change's example): each stand-in shown as an elided formula, `\(…\)`. */
export function showFormulas(text: string): string {
  return text.includes(FORMULA) ? text.replace(FORMULAS, '\\(…\\)') : text;
}
