/** Spoken unit names and the SI symbols they become inside a unit with a power. */
const UNIT_SYMBOLS: ReadonlyArray<readonly [string, string]> = [
  ['kilogram', 'kg'],
  ['milligram', 'mg'],
  ['gram', 'g'],
  ['kilometre', 'km'],
  ['kilometer', 'km'],
  ['centimetre', 'cm'],
  ['centimeter', 'cm'],
  ['millimetre', 'mm'],
  ['millimeter', 'mm'],
  ['metre', 'm'],
  ['meter', 'm'],
  ['second', 's'],
  ['kelvin', 'K'],
  ['joule', 'J'],
  ['newton', 'N'],
  ['mole', 'mol'],
  ['litre', 'L'],
  ['liter', 'L'],
  ['watt', 'W'],
  ['pascal', 'Pa'],
  ['hertz', 'Hz'],
  ['volt', 'V'],
  ['ampere', 'A'],
  ['coulomb', 'C'],
  ['ohm', 'Ω'],
];
const BY_NAME = new Map(UNIT_SYMBOLS);

// "kilogram" may be written "kilo gram", "centimetre" "centi metre"; the first letter may be a capital.
function spokenForm(name: string): string {
  const prefixed = /^(kilo|centi|milli)(.*)$/.exec(name);
  const cap = (s: string) => `[${s[0]?.toUpperCase()}${s[0]}]${s.slice(1)}`;
  return prefixed ? `${cap(prefixed[1] ?? '')} ?${prefixed[2]}` : cap(name);
}

/** A spoken unit name ("metre", "Kelvin", "centi metre"). */
export const UNIT_WORD = `(?:${UNIT_SYMBOLS.map(([name]) => spokenForm(name)).join('|')})`;

/** A unit symbol as printed (case matters: K is kelvin, k is not a unit). */
export const UNIT_SYMBOL = '(?:kg|mg|km|cm|mm|mol|Pa|Hz|m|s|g|K|J|N|L|W|V|C|Ω)';

const UNIT_TOKEN = new RegExp(`${UNIT_WORD}|${UNIT_SYMBOL}`, 'gu');

/** The symbol of a spoken unit name or of a symbol ("centi metre" → "cm", "K" → "K"). */
export function unitSymbol(token: string): string {
  return BY_NAME.get(token.toLowerCase().replace(' ', '')) ?? token;
}

/** Rewrites a space-separated chain of units to symbols: "kilogram metre" → "kg m". */
export function unitChainSymbols(chain: string): string {
  return Array.from(chain.matchAll(UNIT_TOKEN), (m) => unitSymbol(m[0])).join(' ');
}
