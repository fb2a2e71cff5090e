/** A message as the model wrote it, after mapping its role name; not yet validated. */
export interface RawMessage {
  /** `user`, `assistant`, or the unknown role name the model used. */
  role: string;
  content: string;
}

/** The conversations found in one response, before splitting by shape and validation. */
export interface NormalizedResponse {
  /** One entry per group the model nested (a single flat list gives one group). */
  groups: RawMessage[][];
  /** True when the model wrote one message object instead of a conversation. */
  singleMessage: boolean;
  /** Keys beside role and content that were dropped from messages. */
  extraKeys: number;
}

export type NormalizeResult = ({ ok: true } & NormalizedResponse) | { ok: false; detail: string };

const USER_ROLES = new Set(['user', 'student', 'human', 'learner', 'pupil', 'child', 'question']);
const ASSISTANT_ROLES = new Set([
  'assistant',
  'tutor',
  'teacher',
  'kalvimate',
  'ai',
  'bot',
  'model',
  'gpt',
  'answer',
]);
const CONTENT_KEYS = ['content', 'text', 'message', 'value', 'utterance', 'response'];
const MAX_DEPTH = 6;

/** Maps the role names models use to `user` / `assistant`; unknown names are kept (lower-cased). */
export function canonicalRole(role: string): string {
  const name = role.trim().toLowerCase();
  if (USER_ROLES.has(name)) return 'user';
  if (ASSISTANT_ROLES.has(name)) return 'assistant';
  return name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // The chat API's content parts: [{type: 'text', text: '…'}].
    const parts = value.map((part) =>
      isRecord(part) && typeof part.text === 'string' ? part.text : undefined,
    );
    if (parts.length > 0 && parts.every((p) => p !== undefined)) return parts.join('');
  }
  return undefined;
}

/**
 * The messages an object stands for: `{role, content}` (content also under `text`, `message`, …),
 * or text under role names (`{user: '…', assistant: '…'}`, in key order). Undefined when it is not
 * a message.
 */
function messagesOf(
  value: Record<string, unknown>,
): { messages: RawMessage[]; extraKeys: number } | undefined {
  const role = value.role ?? value.speaker ?? value.from ?? value.author;
  if (typeof role === 'string') {
    const key = CONTENT_KEYS.find((k) => k in value);
    const content = key === undefined ? undefined : textOf(value[key]);
    if (content === undefined) return undefined;
    const known = new Set(['role', 'speaker', 'from', 'author', key]);
    const extraKeys = Object.keys(value).filter((k) => !known.has(k)).length;
    return { messages: [{ role: canonicalRole(role), content }], extraKeys };
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  const roleKeys = keys.filter((k) => canonicalRole(k) === 'user' || canonicalRole(k) === 'assistant');
  if (roleKeys.length === 0 || roleKeys.some((k) => textOf(value[k]) === undefined)) return undefined;
  // A wrapper that also names the model (`{model: 'gpt-4o', dialogues: […]}`) is not a message.
  if (keys.some((k) => !roleKeys.includes(k) && typeof value[k] === 'object' && value[k] !== null))
    return undefined;
  return {
    messages: roleKeys.map((k) => ({ role: canonicalRole(k), content: textOf(value[k]) ?? '' })),
    extraKeys: keys.length - roleKeys.length,
  };
}

interface Collected {
  groups: RawMessage[][];
  extraKeys: number;
}

/** Collects conversations: a list of messages is one group; lists of lists (or wrappers) nest. */
function collect(value: unknown, depth: number, out: Collected): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    const asMessages = value.map((item) => (isRecord(item) ? messagesOf(item) : undefined));
    if (asMessages.every((m) => m !== undefined)) {
      const group: RawMessage[] = [];
      for (const m of asMessages) {
        if (!m) continue;
        group.push(...m.messages);
        out.extraKeys += m.extraKeys;
      }
      out.groups.push(group);
      return true;
    }
    let found = false;
    for (const item of value) found = collect(item, depth + 1, out) || found;
    return found;
  }
  if (isRecord(value)) {
    const single = messagesOf(value);
    if (single) {
      out.groups.push(single.messages);
      out.extraKeys += single.extraKeys;
      return true;
    }
    // A wrapper under any key (`dialogues`, `session`, `quiz_session`, …): look inside every
    // list or object it holds; scalars beside them (a title, a topic) are ignored.
    let found = false;
    for (const inner of Object.values(value)) {
      if (Array.isArray(inner) || isRecord(inner)) found = collect(inner, depth + 1, out) || found;
    }
    return found;
  }
  return false;
}

/**
 * Turns whatever JSON a model returned into groups of messages: a wrapper object under any key,
 * nested lists, a bare list, a single message object, text under role names, extra keys.
 * @example normalizeResponse({ dialogues: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] })
 */
export function normalizeResponse(value: unknown): NormalizeResult {
  const out: Collected = { groups: [], extraKeys: 0 };
  if (!collect(value, 0, out) || out.groups.length === 0) {
    return { ok: false, detail: 'no messages found in the JSON (expected a list of {role, content})' };
  }
  const total = out.groups.reduce((n, g) => n + g.length, 0);
  const singleMessage = total === 1;
  return { ok: true, groups: out.groups, singleMessage, extraKeys: out.extraKeys };
}
