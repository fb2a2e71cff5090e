import { stripUrlSecrets } from './url-secrets.js';

/** Patterns of secrets that are recognisable by their shape alone. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // OpenAI keys: sk-..., sk-proj-..., sk-svcacct-...
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  // Hugging Face user and org tokens.
  /\bhf_[A-Za-z0-9]{16,}/g,
  // Bearer headers that were printed whole.
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi,
];

/**
 * A cheap first look: text without any of these cannot hold a secret the patterns or the URL rule would
 * find (`\u00..` and `\/` are JSON escapes that could hide one from a plain text match).
 */
const MIGHT_HOLD_SECRET = /sk-|hf_|bearer|:\/\/|\\u00[2-7]|\\\//i;
/** The same signs, each of them (no sign spans a line break). */
const SECRET_SIGNS = new RegExp(MIGHT_HOLD_SECRET.source, 'gi');

/** Names of environment variables whose values are secrets wherever they appear. */
export const SECRET_ENV_VARS: readonly string[] = ['OPENAI_API_KEY', 'API_KEY', 'HF_TOKEN'];

const REDACTED = '[REDACTED]';
/** Registered secrets and their JSON-escaped spellings, longest first. */
let knownSecrets: string[] = [];

/**
 * Registers a secret value so that `redact` removes it from every string from now on, in its JSON-escaped
 * spelling too (a key with a quote or a slash in it is written `\"` or `\/` in a JSON file).
 * Values shorter than 6 characters are ignored: they would redact ordinary words.
 */
export function registerSecret(value: string | undefined): void {
  const secret = value?.trim();
  if (secret === undefined || secret.length < 6) return;
  const escaped = JSON.stringify(secret).slice(1, -1);
  const spellings = new Set([...knownSecrets, secret, escaped, escaped.replaceAll('/', '\\/')]);
  knownSecrets = [...spellings].sort((a, b) => b.length - a.length);
}

/** Registers the values of the secret environment variables (see SECRET_ENV_VARS) found in `env`. */
export function registerSecretsFromEnv(env: Record<string, string | undefined> = process.env): void {
  for (const name of SECRET_ENV_VARS) registerSecret(env[name]);
}

/** Forgets every registered secret (for tests). */
export function clearRegisteredSecrets(): void {
  knownSecrets = [];
}

/** True when `text` may hold a secret; false means `redactSecrets(text) === text` for sure. */
export function mightHoldSecret(text: string): boolean {
  if (MIGHT_HOLD_SECRET.test(text)) return true;
  for (const secret of knownSecrets) if (text.includes(secret)) return true;
  return false;
}

/**
 * `mightHoldSecret` of the UTF-8 text of `bytes`, without decoding it as UTF-8: the signs are ASCII and
 * matched without the `u` flag, where no other character folds to an ASCII one, so the bytes read as
 * Latin-1 (one character per byte, a plain copy) show them exactly where the decoded text does; a
 * registered secret is looked for as its UTF-8 bytes. Five times faster than decoding a megabyte of
 * request lines, and half the memory for text in other scripts.
 */
export function mightHoldSecretBytes(bytes: Buffer): boolean {
  if (MIGHT_HOLD_SECRET.test(bytes.toString('latin1'))) return true;
  for (const secret of knownSecrets) if (bytes.includes(secret, 0, 'utf8')) return true;
  return false;
}

/**
 * Where in `text` the signs `mightHoldSecret` looks for start (in no set order): every line that
 * `mightHoldSecret` takes for a secret's holds one of them. Undefined when a registered secret spans
 * lines, so that no single line shows it.
 */
export function secretSignOffsets(text: string): number[] | undefined {
  if (knownSecrets.some((secret) => /[\r\n]/.test(secret))) return undefined;
  const offsets: number[] = [];
  for (const match of text.matchAll(SECRET_SIGNS)) offsets.push(match.index);
  for (const secret of knownSecrets)
    for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + 1)) offsets.push(i);
  return offsets;
}

/**
 * Removes secrets from data that is written to disk or sent to the Hub: registered secret values, OpenAI
 * `sk-…` keys, Hugging Face `hf_…` tokens, bearer tokens and the user-info (`user:pass@`) of URLs. Query
 * strings are kept (data may hold ordinary links); messages use `redact`, which drops them too. What it
 * removes never contains a quote or a backslash, so JSON text stays JSON.
 * @example redactSecrets('from key sk-abcdefghijklmnopqrstu') // 'from key [REDACTED]'
 */
export function redactSecrets(text: string): string {
  if (!mightHoldSecret(text)) return text;
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return stripUrlSecrets(out, { query: false });
}

/**
 * Removes API keys and tokens from a message (for the terminal, `--json`, logs): everything
 * `redactSecrets` removes, and the query strings of URLs.
 * @example redact('key sk-abcdefghijklmnopqrstu') // 'key [REDACTED]'
 * @example redact('cannot reach http://user:pw@host/v1?key=x') // 'cannot reach http://host/v1'
 */
export function redact(text: string): string {
  return stripUrlSecrets(redactSecrets(text));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `redactSecrets` applied to every string (object keys too) of a JSON-like value. Returns `value` itself
 * when nothing changed, else a copy; other objects (Dates, Buffers) are returned as they are.
 */
export function redactValue<T>(value: T): T {
  return redactDeep(value) as T;
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = redactDeep(value[i]);
      if (next !== value[i]) {
        copy ??= value.slice();
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  if (isPlainObject(value)) {
    // Entries are made only from the first change on: most values hold no secret, and publish cleans
    // every row of a dataset (thousands of objects) on its way to disk.
    const keys = Object.keys(value);
    let entries: [string, unknown][] | undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      const item = value[key];
      const nextKey = redactSecrets(key);
      const next = redactDeep(item);
      if (entries === undefined && (nextKey !== key || next !== item))
        entries = keys.slice(0, i).map((earlier): [string, unknown] => [earlier, value[earlier]]);
      entries?.push([nextKey, next]);
    }
    return entries ? Object.fromEntries(entries) : value;
  }
  return value;
}

/**
 * Removes secrets from one JSON text (a JSONL line or a whole document) without breaking it. The text is
 * kept byte for byte but for the secrets: only when a secret hides behind a JSON escape (`\nsk-…`,
 * `\u0073k-…`) is the value parsed, cleaned and written again with `JSON.stringify`. Text that is not
 * JSON gets `redactSecrets`.
 */
export function redactJsonText(text: string): string {
  if (!mightHoldSecret(text)) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactSecrets(text);
  }
  const clean = redactValue(parsed);
  if (clean === parsed) return text;
  const textual = redactSecrets(text);
  try {
    if (textual !== text && JSON.stringify(JSON.parse(textual)) === JSON.stringify(clean)) return textual;
  } catch {
    // fall through to writing the cleaned value
  }
  return JSON.stringify(clean);
}

/**
 * True when `redactSecrets` changes no string (object keys too) of a JSON-like value made only of plain
 * objects, arrays and primitives, so that `JSON.stringify(value, secretReplacer)` writes what
 * `JSON.stringify(value)` does. False for anything else (class instances, `toJSON`), which the replacer
 * sees differently.
 */
export function redactionKeeps(value: unknown): boolean {
  if (typeof value === 'string') return redactSecrets(value) === value;
  if (typeof value !== 'object' || value === null) return true;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!redactionKeeps(item)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (redactSecrets(key) !== key || !redactionKeeps(value[key])) return false;
  }
  return true;
}

/**
 * A `JSON.stringify` replacer that writes every string value (and object key) through `redactSecrets`,
 * class instances and `toJSON` results included.
 * @example JSON.stringify(ledger, secretReplacer, 2)
 */
export function secretReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (isPlainObject(value) && Object.keys(value).some(mightHoldSecret)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), v]));
  }
  return value;
}
