import { createRequire } from 'node:module';
import type { ChatMessage } from './batch-schema.js';

/** Tokenizer encodings KalviMate counts with (tiktoken names). */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Tokens OpenAI adds per message of a chat request (`<|start|>role…<|message|>…<|end|>`). */
export const TOKENS_PER_MESSAGE = 3;
/** Tokens a message's `name` field adds beyond its own text. */
export const TOKENS_PER_NAME = 1;
/** Tokens that prime the assistant's reply, added once per request. */
export const TOKENS_PER_REPLY = 3;

// Special-token strings in user text are ordinary text to the API; never refuse them.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

type CountTokens = (text: string, options: typeof PLAIN_TEXT) => number;
const require = createRequire(import.meta.url);
const loaded = new Map<EncodingName, CountTokens>();

// The encodings' rank tables take ~250 ms to load: load one only when something is counted with it,
// so that commands which count nothing (--help) start fast.
function counterFor(encoding: EncodingName): CountTokens {
  let count = loaded.get(encoding);
  if (!count) {
    const module = require(`gpt-tokenizer/encoding/${encoding}`) as { countTokens: CountTokens };
    count = module.countTokens;
    loaded.set(encoding, count);
  }
  return count;
}

/** Counts the tokens of plain text with the given encoding (tiktoken-identical counts). */
export function countTextTokens(text: string, encoding: EncodingName = 'o200k_base'): number {
  if (text.length === 0) return 0;
  return counterFor(encoding)(text, PLAIN_TEXT);
}

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string')
      text += part.text;
  }
  return text;
}

/**
 * Counts the prompt tokens of a chat request as OpenAI bills them (`usage.prompt_tokens`):
 * per message 3 tokens plus its role, content and name, then 3 for the reply.
 * @example countChatTokens([{ role: 'user', content: 'Hello' }]) // 8
 */
export function countChatTokens(
  messages: ReadonlyArray<Pick<ChatMessage, 'role' | 'content' | 'name'>>,
  encoding: EncodingName = 'o200k_base',
): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTextTokens(message.role, encoding);
    total += countTextTokens(contentText(message.content), encoding);
    if (typeof message.name === 'string') total += TOKENS_PER_NAME + countTextTokens(message.name, encoding);
  }
  return total;
}
