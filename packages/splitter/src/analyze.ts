import { ChatRequestBodySchema, countChatTokens, describeZodIssue, type EncodingName } from '@kalvimate/core';

/** What the splitter needs to know about one input line. */
export type LineAnalysis =
  | { ok: true; customId: string; url: string; model: string | undefined; tokens: number }
  | { ok: false; reason: string };

type Message = { role: string; content: unknown; name?: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * A cheap check that `body` is a chat request body the schema accepts (true only when
 * `ChatRequestBodySchema` would accept it too; anything unusual goes to the schema, which then
 * gives the same verdict and reason as before).
 */
function isPlainChatBody(body: Record<string, unknown>): boolean {
  const { model, messages } = body;
  if (typeof model !== 'string' || model === '' || !Array.isArray(messages) || messages.length === 0)
    return false;
  if (body.max_completion_tokens !== undefined && !isPositiveInt(body.max_completion_tokens)) return false;
  if (body.max_tokens !== undefined && !isPositiveInt(body.max_tokens)) return false;
  for (const message of messages) {
    if (!isObject(message)) return false;
    const { role, content, name } = message;
    if (typeof role !== 'string' || role === '') return false;
    if (typeof content !== 'string' && content !== null && !Array.isArray(content)) return false;
    if (name !== undefined && typeof name !== 'string') return false;
  }
  return true;
}

/**
 * The prompt tokens of a request's messages: core's `countChatTokens`, which looks long texts up before
 * counting them (a template's system message and a topic's text repeat from request to request).
 */
export function countMessagesTokens(messages: ReadonlyArray<Message>, encoding: EncodingName): number {
  return countChatTokens(messages as Parameters<typeof countChatTokens>[0], encoding);
}

/**
 * Parses and checks one Batch API request line and counts its prompt tokens as OpenAI bills them
 * (plus `max_completion_tokens` when asked). `knownTokens` gives the prompt tokens of requests already
 * counted (by custom_id), which are then taken instead of counting. Pure but for a bounded cache of
 * counts; runs in worker threads too.
 */
export function analyzeLine(
  text: string,
  encoding: EncodingName,
  countOutputTokens: boolean,
  knownTokens?: ReadonlyMap<string, number>,
): LineAnalysis {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  for (const key of ['custom_id', 'method', 'url', 'body'] as const) {
    if (!(key in value)) return { ok: false, reason: `not a Batch API request: missing "${key}"` };
  }
  const { custom_id: customId, method, url, body } = value;
  if (typeof customId !== 'string' || customId === '')
    return { ok: false, reason: '"custom_id" must be a non-empty string' };
  if (method !== 'POST')
    return { ok: false, reason: `"method" must be "POST", not ${JSON.stringify(method)}` };
  if (typeof url !== 'string' || url === '') return { ok: false, reason: '"url" must be a non-empty string' };
  if (!isObject(body)) return { ok: false, reason: '"body" must be an object' };
  let tokens = 0;
  if (Array.isArray(body.messages)) {
    let chat: { messages: Message[]; max_completion_tokens?: number; max_tokens?: number };
    if (isPlainChatBody(body)) chat = body as typeof chat;
    else {
      const parsed = ChatRequestBodySchema.safeParse(body);
      if (!parsed.success)
        return {
          ok: false,
          reason: describeZodIssue(parsed.error, { fieldPrefix: 'body.', topLevel: 'body' }),
        };
      chat = parsed.data;
    }
    tokens = knownTokens?.get(customId) ?? countMessagesTokens(chat.messages, encoding);
    if (countOutputTokens) tokens += chat.max_completion_tokens ?? chat.max_tokens ?? 0;
  } else if (typeof body.input === 'string' || Array.isArray(body.input)) {
    // Embeddings and responses requests: count the input text.
    const input = Array.isArray(body.input)
      ? body.input.filter((x) => typeof x === 'string').join('\n')
      : body.input;
    tokens = countChatTokens([{ role: 'user', content: input }], encoding) - 7;
  }
  return { ok: true, customId, url, model: typeof body.model === 'string' ? body.model : undefined, tokens };
}
