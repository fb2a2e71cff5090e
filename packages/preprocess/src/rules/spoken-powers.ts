import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';
import { DECIMAL, NUMBER_WORD, numberWordValue, superscript } from './numbers.js';
import { UNIT_SYMBOL, UNIT_WORD, unitChainSymbols, unitSymbol } from './units.js';

const UNIT = `(?:${UNIT_WORD}|${UNIT_SYMBOL})`;
const START = '(?<![\\p{L}\\p{N}])';
// The base of the power: (1) a chain of units before (2) the unit that carries the power, or
// (3) a number (also "6.023x10"), (4) the word "ten", (5) a one-letter variable (not the article
// "a"/"A"), or (6) a closing bracket.
const BASE = `(?:${START}((?:${UNIT} )*)(${UNIT})|(?<![\\d.]|[A-Za-wyz])(${DECIMAL})|${START}([Tt]en)|${START}([B-Zb-z])|(\\)))`;
// "power", "power of"; then an optional sign ("minus", "minus-", "-", "–", "−"), then (7) a
// sign and (8) digits (not the start of a decimal) or (9) a spoken number.
const EXPONENT = `(minus[ -]?|[-–−] ?)?(?:(\\d{1,3})(?!\\d|\\.\\d)|(${NUMBER_WORD})(?![\\p{L}]))`;
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
        const [, chain, unit, number, ten, variable, bracket, sign, digits, words] = m;
        const magnitude = digits !== undefined ? Number(digits) : numberWordValue(words ?? '');
        const exponent = superscript(sign === undefined ? magnitude : -magnitude);
        if (unit !== undefined) {
          const before = chain ? `${unitChainSymbols(chain)} ` : '';
          return `${before}${unitSymbol(unit)}${exponent}`;
        }
        const base = number ?? (ten === undefined ? (variable ?? bracket ?? '') : '10');
        return `${base}${exponent}`;
      },
      onEdit,
    );
  },
};
