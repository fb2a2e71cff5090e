/**
 * The YAML of a dataset card's front matter, written without a YAML library: block mappings and sequences
 * two spaces deep, keys plain, every string double-quoted, numbers, booleans and null as YAML writes them.
 * For values of these kinds, with strings of one line (the card's are), it is byte for byte what `yaml`'s
 * `stringify(value, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 })` writes (a
 * test holds it to that), without loading that library's 160 KB into `publish` (some 14 ms of each run). A
 * line break stays a `\n` escape on the string's one line, where `yaml` writes a string of 40 characters or
 * more over several lines: the same value either way.
 */

/** A value the front matter can hold. */
export type FrontMatterValue =
  | string
  | number
  | boolean
  | null
  | readonly FrontMatterValue[]
  | { readonly [key: string]: FrontMatterValue | undefined };

/** Keys written plain: what the Hub's card metadata uses (`task_categories`, `config_name`). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** YAML's short escapes for the control characters JSON writes as `\u00XX`. */
const SHORT_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
};

/** One escape of JSON's output: `\u00XX` (the hex digits captured), any other `\uXXXX`, or `\` and one character. */
const JSON_ESCAPE = /\\(?:u00([0-9a-f]{2})|u[0-9a-f]{4}|[^u])/g;

/**
 * A double-quoted YAML scalar: JSON's escapes, which YAML reads alike, with a control character as YAML
 * writes it (`\x01`, `\e`) and a line break as `\n` (the text stays on one line).
 */
function quoted(text: string): string {
  // Escapes are taken in order, each whole, so that an escaped backslash followed by "u0001" in the text is
  // not read as the escape of a control character.
  return JSON.stringify(text).replace(JSON_ESCAPE, (match, hex: string | undefined) =>
    hex === undefined ? match : (SHORT_ESCAPES[`00${hex}`] ?? `\\x${hex}`),
  );
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return String(value);
}

function isMapping(
  value: FrontMatterValue,
): value is { readonly [key: string]: FrontMatterValue | undefined } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entriesOf(map: {
  readonly [key: string]: FrontMatterValue | undefined;
}): Array<[string, FrontMatterValue]> {
  const entries: Array<[string, FrontMatterValue]> = [];
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    if (!PLAIN_KEY.test(key)) throw new Error(`front matter key "${key}" is not a plain name`);
    entries.push([key, value]);
  }
  return entries;
}

/** The lines of `value` under `key`, at `indent`. */
function keyLines(key: string, value: FrontMatterValue, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${indent}${key}: []`);
    else {
      out.push(`${indent}${key}:`);
      sequenceLines(value, `${indent}  `, out);
    }
  } else if (isMapping(value)) {
    const entries = entriesOf(value);
    if (entries.length === 0) out.push(`${indent}${key}: {}`);
    else {
      out.push(`${indent}${key}:`);
      for (const [k, v] of entries) keyLines(k, v, `${indent}  `, out);
    }
  } else out.push(`${indent}${key}: ${scalar(value as string | number | boolean | null)}`);
}

function sequenceLines(items: readonly FrontMatterValue[], indent: string, out: string[]): void {
  for (const item of items) {
    if (Array.isArray(item)) {
      if (item.length === 0) out.push(`${indent}- []`);
      else {
        // A sequence in a sequence starts on the dash's line: "- - a".
        const inner: string[] = [];
        sequenceLines(item, `${indent}  `, inner);
        out.push(`${indent}- ${(inner[0] as string).slice(indent.length + 2)}`, ...inner.slice(1));
      }
    } else if (isMapping(item)) {
      const entries = entriesOf(item);
      if (entries.length === 0) out.push(`${indent}- {}`);
      else {
        const inner: string[] = [];
        for (const [k, v] of entries) keyLines(k, v, `${indent}  `, inner);
        out.push(`${indent}- ${(inner[0] as string).slice(indent.length + 2)}`, ...inner.slice(1));
      }
    } else out.push(`${indent}- ${scalar(item as string | number | boolean | null)}`);
  }
}

/**
 * The front matter's YAML (without the `---` lines), ending with a newline; `undefined` entries are left out.
 * @example frontMatterYaml({ license: 'mit', tags: ['education'] }) // 'license: "mit"\ntags:\n  - "education"\n'
 */
export function frontMatterYaml(value: { readonly [key: string]: FrontMatterValue | undefined }): string {
  const out: string[] = [];
  for (const [key, item] of entriesOf(value)) keyLines(key, item, '', out);
  return out.length === 0 ? '{}\n' : `${out.join('\n')}\n`;
}
