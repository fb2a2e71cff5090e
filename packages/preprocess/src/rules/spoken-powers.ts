import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { DECIMAL, NUMBER_WORD, numberWordValue, SUPERSCRIPT_CLASS, superscript } from './numbers.js';
import { UNIT_SYMBOL, UNIT_WORD, unitChainSymbols, unitSymbol } from './units.js';

const UNIT = `(?:${UNIT_WORD}|${UNIT_SYMBOL})`;
const START = '(?<![\\p{L}\\p{N}])';
// The base of the power: (1) a chain of units before (2) the unit that carries the power (the
// first may be glued to its number: "1metre"), or (3) a number (also "6.023x10"), (4) the word
// "ten" (a number not glued to a superscript, so "s⁻²10" is not a base), (5) a one-letter variable (not the article "a"/"A"), (6) a closing bracket, or (7) a
// trigonometric function or log ("sin power minus one" → "sin⁻¹").
const BASE = `(?:(?<![\\p{L}])((?:${UNIT} )*)(${UNIT})|(?<![\\d.${SUPERSCRIPT_CLASS}]|[A-Za-wyz])(${DECIMAL})|${START}([Tt]en)|${START}([B-Zb-z])|(\\))|${START}(sin|cos|tan|cot|sec|cosec|log))`;
// "power", "power of", "to the power"; then (8) an optional sign ("minus", "minus-", "-", "–",
// "−") and (9) digits (not the start of a decimal) or (10) a spoken number.
const EXPONENT = `(minus[ -]?|[-–−] ?)?(?:(\\d{1,3})(?!\\d|\\.\\d)|(${NUMBER_WORD})(?![\\p{L}\\p{N}]))`;
const POWER = new RegExp(`${BASE} ?(?:(?:raised )?to the )?power(?: of)? ?${EXPONENT}`, 'gu');

/**
 * Spoken powers become superscripts where the base is mathematical (a number, "ten", a variable,
 * a bracket or a unit): "10 power 8" → "10⁸", "metre second power minus two" → "m s⁻²",
 * "R power 2" → "R²". "power plants" and "the power of a lens" have no such base and stay.
 */
export const spokenPowers: Rule = {
  name: 'spoken-powers',
  summary: 'spoken powers to superscripts ("10 power 8" → "10⁸", "metre second power minus two" → "m s⁻²")',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!text.includes('power')) return text;
    return replaceMatches(
      text,
      POWER,
      (m) => {
        const [, chain, unit, number, ten, variable, bracket, fn, sign, digits, words] = m;
        const magnitude = digits !== undefined ? Number(digits) : numberWordValue(words ?? '');
        const exponent = superscript(sign === undefined ? magnitude : -magnitude);
        if (unit !== undefined) {
          const before = chain ? `${unitChainSymbols(chain)} ` : '';
          return `${before}${unitSymbol(unit)}${exponent}`;
        }
        const base = number ?? (ten === undefined ? (variable ?? bracket ?? fn ?? '') : '10');
        return `${base}${exponent}`;
      },
      onEdit,
    );
  },
};
