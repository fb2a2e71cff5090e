import { jsonrepair } from 'jsonrepair';

/** Why a response's content could not be read as JSON, or what ended it early. */
export type ContentProblem = 'runaway' | 'truncated' | 'unparseable' | 'empty';

/** What was done to the content to read it. */
export type ContentRepair = 'code-fence' | 'runaway-trimmed' | 'trailing-junk' | 'json-repaired';

export type ParsedContent =
  | { ok: true; value: unknown; repairs: ContentRepair[]; runawayChars: number }
  | { ok: false; problem: ContentProblem; detail: string; runawayChars: number };

/** A run of whitespace this long after the JSON is a model that kept emitting blanks, not formatting. */
export const RUNAWAY_WHITESPACE_CHARS = 200;

const FENCE = /^```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/** Length of the whitespace at the end of `text`. */
function trailingWhitespace(text: string): number {
  let end = text.length;
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return text.length - end;
}

/** What `/\s/` matches, for one UTF-16 unit; ASCII without the regex (a runaway tail is thousands of them). */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/** The longest run of whitespace inside `text` (cheap scan; for runaway detection). */
function longestWhitespaceRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      run += 1;
      if (run > best) best = run;
    } else run = 0;
  }
  return best;
}

/**
 * End index (exclusive) of the first complete JSON object or array at the start of `text`,
 * or -1 when it never closes. Strings are skipped so brackets inside them do not count.
 */
export function endOfFirstJsonValue(text: string): number {
  const open = text.charAt(0);
  if (open !== '{' && open !== '[') return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The outcome for content that was read. Its `runawayChars` is only looked at when the value turns
 * out not to be a conversation, so the scan for the longest run of whitespace waits until then.
 */
function parsed(value: unknown, repairs: ContentRepair[], raw: string, trailing: number): ParsedContent {
  let runawayChars: number | undefined;
  return {
    ok: true,
    value,
    repairs,
    get runawayChars() {
      runawayChars ??= Math.max(trailing, longestWhitespaceRun(raw));
      return runawayChars;
    },
  };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a model's message content as JSON, repairing only what is safe: a Markdown code fence
 * around it, whitespace or junk after the complete value, and (for a response that finished
 * normally) syntax slips that `jsonrepair` fixes. A response cut off by the token limit is never
 * "repaired" into a shorter one: its content must be complete JSON on its own.
 * @example parseContent('```json\n{"a":1}\n```', 'stop') // { ok: true, value: { a: 1 }, repairs: ['code-fence'], … }
 */
export function parseContent(
  content: string | null | undefined,
  finishReason?: string | null,
): ParsedContent {
  const repairs: ContentRepair[] = [];
  const raw = content ?? '';
  const trailing = trailingWhitespace(raw);
  let text = raw.trim();
  if (text === '')
    return { ok: false, problem: 'empty', detail: 'the content is empty', runawayChars: trailing };
  const fenced = FENCE.exec(text);
  if (fenced) {
    text = (fenced[1] ?? '').trim();
    repairs.push('code-fence');
  }
  if (trailing >= RUNAWAY_WHITESPACE_CHARS) repairs.push('runaway-trimmed');

  const direct = tryParse(text);
  if (direct.ok) return parsed(direct.value, repairs, raw, trailing);

  const end = endOfFirstJsonValue(text);
  if (end > 0) {
    const head = tryParse(text.slice(0, end));
    if (head.ok) return parsed(head.value, [...repairs, 'trailing-junk'], raw, trailing);
  }

  const runawayChars = Math.max(trailing, longestWhitespaceRun(raw));

  const truncated = finishReason === 'length';
  if (runawayChars >= RUNAWAY_WHITESPACE_CHARS) {
    return {
      ok: false,
      problem: 'runaway',
      detail: `the model emitted a run of ${runawayChars} whitespace characters and the JSON never closed`,
      runawayChars,
    };
  }
  if (truncated) {
    return {
      ok: false,
      problem: 'truncated',
      detail: 'cut off at the token limit (finish_reason "length") before the JSON closed',
      runawayChars,
    };
  }
  // Only repair what already looks like an object or a list: jsonrepair would turn prose into a string.
  let why = 'it does not start with { or [';
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(jsonrepair(text));
      if (typeof value === 'object' && value !== null)
        return parsed(value, [...repairs, 'json-repaired'], raw, trailing);
      why = 'the repaired value is not an object or a list';
    } catch (cause) {
      why = cause instanceof Error ? cause.message : String(cause);
    }
  }
  return { ok: false, problem: 'unparseable', detail: `not JSON, even after repair (${why})`, runawayChars };
}
