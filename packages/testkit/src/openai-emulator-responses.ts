import { createHash } from 'node:crypto';
import { type ChatMessage, countChatTokens, countTextTokens } from '@kalvimate/core';
import { judgeCriteriaOf, judgeReply } from './openai-emulator-judge.js';
import { seededRandom } from './random.js';

/** What the emulator answers to one chat completion request (the default generator or a test's `respond`). */
export interface EmulatedReply {
  /** The assistant message's content. Default: generated from the request. */
  content?: string;
  /** Default 'stop'. */
  finishReason?: 'stop' | 'length';
  /** HTTP status of the reply; anything but 200 makes it an error reply. Default 200, or 500 with `error`. */
  status?: number;
  /** Error body of a failed reply (OpenAI's `{ error: { message, type, code } }`). */
  error?: { message: string; type?: string; code?: string };
}

/** A JSON Schema subset, as found in `response_format.json_schema.schema`. */
type Schema = Record<string, unknown>;

const WORDS = (
  'atom beam cell charge circuit current density energy field force friction gravity heat lens light mass ' +
  'matter motion orbit pressure prism pulse quantum ray reflex spring sound speed spectrum torque volt wave ' +
  'acid base carbon crystal element fusion ion isotope metal molecule neutron oxide proton salt solvent ' +
  'vapour algebra angle area axis chord circle cube curve degree digit factor fraction graph integer line ' +
  'matrix median number prime radius ratio sector slope square sum tangent vector volume balance bridge ' +
  'canal coast delta desert forest glacier harbour island lagoon meadow mountain plateau river valley ' +
  'explains measures compares predicts shows describes connects reveals tests relates derives balances ' +
  'simple careful steady rapid gentle exact bright hidden shared equal opposite parallel constant ' +
  'because therefore while when although since unless whereas so'
).split(' ');

function sentence(seed: string, minWords = 8, maxWords = 14, vocabulary: readonly string[] = WORDS): string {
  const next = seededRandom(seed);
  const count = minWords + Math.floor(next() * (maxWords - minWords + 1));
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(vocabulary[Math.floor(next() * vocabulary.length)] ?? 'wave');
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` ("#/$defs/x" or "#/definitions/x") against the root schema. */
function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 32 && typeof current.$ref === 'string'; depth++) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const part of path) target = isRecord(target) ? target[part] : undefined;
    if (!isRecord(target)) return {};
    current = target;
  }
  return current;
}

interface Context {
  root: Schema;
  seed: string;
  /** The words replies are made of: the request's own when it is in a non-Latin script. */
  vocabulary: readonly string[];
  /** Index of the nearest enclosing array item: enums cycle with it so roles alternate. */
  index: number;
}

function generate(raw: Schema, path: string, context: Context): unknown {
  const schema = resolve(raw, context.root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum[context.index % schema.enum.length];
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) {
    const usable = variants.filter(
      (variant): variant is Schema => isRecord(variant) && resolve(variant, context.root).type !== 'null',
    );
    const first = usable[0] ?? variants.find(isRecord);
    return first ? generate(first, path, context) : null;
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = {};
    for (const part of schema.allOf) if (isRecord(part)) Object.assign(merged, resolve(part, context.root));
    return generate(merged, path, context);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((name) => name !== 'null') ?? 'null';
  if (type === undefined) type = isRecord(schema.properties) ? 'object' : schema.items ? 'array' : 'string';
  const next = seededRandom(`${context.seed}|${path}|${context.index}`);
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = isRecord(schema.properties) ? schema.properties : {};
      for (const [key, property] of Object.entries(properties)) {
        if (isRecord(property)) result[key] = generate(property, `${path}.${key}`, context);
      }
      return result;
    }
    case 'array': {
      const items = isRecord(schema.items) ? schema.items : {};
      const length = arrayLength(schema, next);
      return Array.from({ length }, (_, index) =>
        generate(items, `${path}[${index}]`, { ...context, index }),
      );
    }
    case 'integer':
    case 'number': {
      const minimum = typeof schema.minimum === 'number' ? schema.minimum : 1;
      const maximum = typeof schema.maximum === 'number' ? schema.maximum : Math.max(minimum, 10);
      const value = minimum + next() * (maximum - minimum);
      return type === 'integer' ? Math.min(maximum, Math.ceil(value)) : Math.round(value * 100) / 100;
    }
    case 'boolean':
      return context.index % 2 === 0;
    case 'null':
      return null;
    default: {
      const words = context.vocabulary;
      let text = sentence(`${context.seed}|${path}`, 8, 14, words);
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
      while (text.length < minLength)
        text += ` ${sentence(`${context.seed}|${path}|${text.length}`, 8, 14, words)}`;
      return text.slice(0, maxLength);
    }
  }
}

/** 2 to 4 items, within minItems/maxItems, preferring an even count so alternating roles end on the second. */
function arrayLength(schema: Schema, next: () => number): number {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : undefined;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  const low = minItems ?? Math.min(2, maxItems ?? 2);
  const high = Math.max(low, maxItems ?? Math.max(4, low + 2));
  const choices: number[] = [];
  for (let n = low; n <= Math.min(high, low + 4); n++) if (n % 2 === 0) choices.push(n);
  if (choices.length === 0) choices.push(low);
  return choices[Math.floor(next() * choices.length)] ?? low;
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (isRecord(message) && message.role === 'user' && typeof message.content === 'string')
      return message.content;
  }
  return '';
}

/**
 * The words of a reply. A model asked about a Tamil or Japanese text answers in that language, so when the
 * request's topic message is mostly in a non-Latin script (at least 20 words), replies are made of its own
 * words (letters only, no numbers); otherwise of a fixed English science vocabulary.
 */
function vocabularyOf(body: Record<string, unknown>): readonly string[] {
  const words = lastUserText(body).match(/\p{L}[\p{L}\p{M}]*/gu) ?? [];
  const nonLatin = words.filter((w) => !/\p{Script=Latin}/u.test(w));
  if (words.length < 20 || nonLatin.length * 2 < words.length) return WORDS;
  return [...new Set(nonLatin)];
}

/** The seed of a request's synthetic reply: its custom_id when known, else its messages. */
function seedOf(body: Record<string, unknown>, customId: string | undefined): string {
  return (
    customId ??
    createHash('sha256')
      .update(JSON.stringify(body.messages ?? null))
      .digest('hex')
  );
}

/**
 * The default synthetic reply: JSON conforming to `response_format.json_schema.schema` when asked for
 * structured output (a judge request gets scores on the rubric's scale: `judgeReply`), `{"answer": …}` for `json_object`, plain text otherwise. Deterministic per input.
 */
export function defaultReply(body: unknown, customId: string | undefined): EmulatedReply {
  const request = isRecord(body) ? body : {};
  // A judge request (a score per criterion and the problems) gets scores on the rubric's scale.
  const criteria = judgeCriteriaOf(request);
  if (criteria) return judgeReply(request, criteria);
  const seed = seedOf(request, customId);
  const format = isRecord(request.response_format) ? request.response_format : undefined;
  if (format?.type === 'json_schema') {
    const wrapper = isRecord(format.json_schema) ? format.json_schema : {};
    const schema = isRecord(wrapper.schema) ? wrapper.schema : {};
    const vocabulary = vocabularyOf(request);
    return { content: JSON.stringify(generate(schema, '$', { root: schema, seed, index: 0, vocabulary })) };
  }
  if (format?.type === 'json_object') return { content: JSON.stringify({ answer: sentence(seed) }) };
  const topic = lastUserText(request).split(/\s+/).filter(Boolean).slice(0, 6).join(' ');
  const opening = topic ? `About "${topic}": ` : '';
  return { content: `${opening}${sentence(`${seed}|1`)} ${sentence(`${seed}|2`)}` };
}

/** Prompt tokens of a chat request body as OpenAI bills them (0 when the body has no messages). */
export function promptTokensOf(body: unknown): number {
  if (!isRecord(body) || !Array.isArray(body.messages)) return 0;
  const messages = body.messages.filter(isRecord) as unknown as ChatMessage[];
  try {
    return countChatTokens(messages);
  } catch {
    return 0;
  }
}

/** The usage block of a chat completion. */
export function usageOf(promptTokens: number, content: string) {
  const completionTokens = countTextTokens(content);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A `chat.completion` object as the API returns it. */
export function chatCompletionOf(body: unknown, reply: EmulatedReply, id: string, created: number) {
  const request = isRecord(body) ? body : {};
  const content = reply.content ?? '';
  return {
    id,
    object: 'chat.completion',
    created,
    model: typeof request.model === 'string' ? request.model : 'unknown',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: usageOf(promptTokensOf(body), content),
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
  };
}

/** The API's error body for a failed reply. */
export function errorBodyOf(reply: EmulatedReply) {
  const error = reply.error ?? { message: 'The server had an error while processing your request.' };
  return {
    error: {
      message: error.message,
      type: error.type ?? 'server_error',
      param: null,
      code: error.code ?? null,
    },
  };
}
