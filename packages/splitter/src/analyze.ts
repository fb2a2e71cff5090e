import { ChatRequestBodySchema, countChatTokens, type EncodingName } from '@kalvimate/core';

/** What the splitter needs to know about one input line. */
export type LineAnalysis =
  | { ok: true; customId: string; url: string; model: string | undefined; tokens: number }
  | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses and checks one Batch API request line and counts its prompt tokens as OpenAI bills them
 * (plus `max_completion_tokens` when asked). Pure; runs in worker threads too.
 */
export function analyzeLine(text: string, encoding: EncodingName, countOutputTokens: boolean): LineAnalysis {
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
    const parsed = ChatRequestBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: `body.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    tokens = countChatTokens(parsed.data.messages, encoding);
    if (countOutputTokens) tokens += parsed.data.max_completion_tokens ?? parsed.data.max_tokens ?? 0;
  } else if (typeof body.input === 'string' || Array.isArray(body.input)) {
    // Embeddings and responses requests: count the input text.
    const input = Array.isArray(body.input)
      ? body.input.filter((x) => typeof x === 'string').join('\n')
      : body.input;
    tokens = countChatTokens([{ role: 'user', content: input }], encoding) - 7;
  }
  return { ok: true, customId, url, model: typeof body.model === 'string' ? body.model : undefined, tokens };
}
