/** `key: value`, one a line; the key a plain name. */
const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*): (.*)$/;
/** A plain scalar that YAML reads as this very string (no sign, quote, colon, space or leading dot). */
const WORD = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Words the YAML schemas read as booleans or null (any case), which are left to the YAML parser. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
/** Integers and decimals as YAML 1.2 reads them, kept to forms with one reading (no sign, no leading zero). */
const NUMBER = /^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;

function plainScalar(text: string): string | number | undefined {
  if (NUMBER.test(text)) return Number(text);
  if (WORD.test(text) && !RESERVED.test(text)) return text;
  return undefined;
}

function plainValue(text: string): unknown {
  if (!text.startsWith('[')) return plainScalar(text);
  const inner = /^\[(.*)\]$/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  if (inner.trim() === '') return [];
  const items = inner.split(',').map((item) => plainScalar(item.trim()));
  return items.every((item) => typeof item === 'string') ? items : undefined;
}

/**
 * Reads the flat YAML of a template's front matter — `name: value` lines whose values are plain words,
 * numbers or flow lists of words — without loading a YAML parser; undefined for any other YAML, which the
 * caller hands to the parser. Where it answers, the answer is what the YAML parser gives.
 * @example plainYaml('name: explain\ncount: 5\nkinds: [topic, activity]') // { name: 'explain', count: 5, kinds: ['topic', 'activity'] }
 */
export function plainYaml(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const entry = ENTRY.exec(line);
    if (!entry) return undefined;
    const [, key = '', raw = ''] = entry;
    if (key === '__proto__' || RESERVED.test(key) || Object.hasOwn(out, key)) return undefined;
    const value = plainValue(raw);
    if (value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}
