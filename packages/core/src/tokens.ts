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
interface Encoding {
  count: CountTokens;
  /** The encoding's own pre-tokenizer: BPE never merges across the pieces it cuts. */
  pieces: RegExp;
}
const require = createRequire(import.meta.url);
const loaded = new Map<EncodingName, Encoding>();

// The encodings' rank tables take ~250 ms to load: load one only when something is counted with it,
// so that commands which count nothing (--help) start fast.
function encodingFor(name: EncodingName): Encoding {
  let encoding = loaded.get(name);
  if (!encoding) {
    const module = require(`gpt-tokenizer/encoding/${name}`) as { countTokens: CountTokens };
    const patterns = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
    const pieces = patterns[name === 'o200k_base' ? 'O200K_TOKEN_SPLIT_REGEX' : 'CL100K_TOKEN_SPLIT_REGEX'];
    if (!(pieces instanceof RegExp)) throw new Error(`gpt-tokenizer has no split pattern for ${name}`);
    encoding = { count: module.countTokens, pieces };
    loaded.set(name, encoding);
  }
  return encoding;
}

/**
 * The longest pre-tokenizer piece (in UTF-16 code units) that is merged whole. Byte-pair merging is
 * quadratic in a piece's length, so a longer piece (a 1 MB "word", a run of 10,000 dashes) is counted in
 * chunks of this length: linear in the text, within about 0.1% of the whole piece's count (measured
 * in bench/tokenizers.mjs). Words in real text are far shorter, so their counts stay exact.
 */
export const MAX_PIECE_LENGTH = 256;

// JavaScript's \s, the whitespace of the encodings' split patterns.
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Whether the text may hold a piece longer than `maxPieceLength`: such a piece holds a run of at least
 * half that many non-space characters, or of whitespace and slashes (the tails of punctuation pieces).
 * One pass over the text; text without such a run goes to the tokenizer whole, as it always did.
 */
function mayHoldLongPiece(text: string, maxPieceLength: number): boolean {
  const run = maxPieceLength / 2;
  let nonSpace = 0;
  let spaceOrSlash = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const space = isWhitespace(code);
    nonSpace = space ? 0 : nonSpace + 1;
    spaceOrSlash = space || code === 0x2f ? spaceOrSlash + 1 : 0;
    if (nonSpace >= run || spaceOrSlash >= run) return true;
  }
  return false;
}

function* chunksOf(piece: string, length: number): Generator<string> {
  let start = 0;
  while (start < piece.length) {
    let end = Math.min(start + length, piece.length);
    // Never cut a surrogate pair: half a character would count as a replacement character.
    const last = piece.charCodeAt(end - 1);
    if (end < piece.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    yield piece.slice(start, end);
    start = end;
  }
}

function countPieceWise(text: string, encoding: Encoding, maxPieceLength: number): number {
  let total = 0;
  for (const [piece] of text.matchAll(encoding.pieces)) {
    if (piece.length <= maxPieceLength) total += encoding.count(piece, PLAIN_TEXT);
    else for (const chunk of chunksOf(piece, maxPieceLength)) total += encoding.count(chunk, PLAIN_TEXT);
  }
  return total;
}

/**
 * Counts the tokens of plain text with the given encoding: tiktoken-identical counts, in time linear in
 * the text's length (a pre-tokenizer piece longer than MAX_PIECE_LENGTH is counted in chunks).
 */
export function countTextTokens(text: string, encoding: EncodingName = 'o200k_base'): number {
  if (text.length === 0) return 0;
  const loadedEncoding = encodingFor(encoding);
  if (!mayHoldLongPiece(text, MAX_PIECE_LENGTH)) return loadedEncoding.count(text, PLAIN_TEXT);
  return countPieceWise(text, loadedEncoding, MAX_PIECE_LENGTH);
}

/**
 * Counts piece by piece, merging pieces up to `maxPieceLength` whole; exported for tests and the
 * benchmark (with `Infinity` it is the exact count, taken the slow way).
 * @internal
 */
export function countTextTokensPieceWise(
  text: string,
  encoding: EncodingName = 'o200k_base',
  maxPieceLength = MAX_PIECE_LENGTH,
): number {
  return countPieceWise(text, encodingFor(encoding), maxPieceLength);
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
