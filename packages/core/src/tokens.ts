import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChatMessage } from './batch-schema.js';
import { mergeCount, utf8Into } from './bpe-count.js';
import { buildRankTable, type RankTable, readRankTable } from './rank-table.js';
import { TokenCountCache } from './token-count-cache.js';

/** Tokenizer encodings KalviMate counts with (tiktoken names). */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Tokens OpenAI adds per message of a chat request (`<|start|>role…<|message|>…<|end|>`). */
export const TOKENS_PER_MESSAGE = 3;
/** Tokens a message's `name` field adds beyond its own text. */
export const TOKENS_PER_NAME = 1;
/** Tokens that prime the assistant's reply, added once per request. */
export const TOKENS_PER_REPLY = 3;

/** Pieces counted before the cache of piece counts starts afresh (bounds its memory). */
const PIECE_CACHE_LIMIT = 100_000;

interface Encoding {
  table: RankTable;
  /** The encoding's own pre-tokenizer: BPE never merges across the pieces it cuts. */
  pieces: RegExp;
  /** Tokens of pieces seen before: words repeat, and a Map lookup is cheaper than a merge. */
  cache: Map<string, number>;
  /** Tokens of long texts seen again (see `CONTENT_CACHE_MIN_CHARS`). */
  texts: TokenCountCache;
}

/**
 * Texts at least this long are looked up whole before they are counted: a file of requests repeats its long
 * texts (a template's system message in each of its requests, a topic's text in each template's), and a
 * lookup costs a hash of the text where counting costs the pre-tokenizer and a lookup per piece. Shorter
 * texts are cheaper to count.
 */
const CONTENT_CACHE_MIN_CHARS = 256;
const loaded = new Map<EncodingName, Encoding>();
let scratch = new Uint8Array(1024);

/** Where build writes the serialized tables (scripts/build-ranks.mjs), seen from src/ or dist/. */
function tableFile(name: EncodingName): string | undefined {
  for (const relative of [`./ranks/${name}.bin`, `../dist/ranks/${name}.bin`]) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return url.pathname;
  }
  return undefined;
}

/**
 * The encoding's table from tiktoken's rank file shipped in gpt-tokenizer, with its split pattern: the slow
 * way (about 0.6 s), used by the build and when the built table is missing.
 * @internal
 */
export function rankTableFromSource(name: EncodingName): RankTable {
  const require = createRequire(import.meta.url);
  const patterns = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
  const pattern = patterns[name === 'o200k_base' ? 'O200K_TOKEN_SPLIT_REGEX' : 'CL100K_TOKEN_SPLIT_REGEX'];
  if (!(pattern instanceof RegExp)) throw new Error(`gpt-tokenizer has no split pattern for ${name}`);
  const ranks = readFileSync(require.resolve(`gpt-tokenizer/data/${name}.tiktoken`), 'utf8');
  return buildRankTable(ranks, pattern);
}

// Loaded only when something is counted with it, so that commands which count nothing start fast.
function encodingFor(name: EncodingName): Encoding {
  let encoding = loaded.get(name);
  if (!encoding) {
    const file = tableFile(name);
    const table = file ? readRankTable(readFileSync(file)) : rankTableFromSource(name);
    encoding = { table, pieces: table.pattern, cache: new Map(), texts: new TokenCountCache() };
    loaded.set(name, encoding);
  }
  return encoding;
}

/** Tokens of one pre-tokenizer piece (special-token text such as `<|endoftext|>` is ordinary text). */
function countPiece(piece: string, encoding: Encoding): number {
  const cached = encoding.cache.get(piece);
  if (cached !== undefined) return cached;
  if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3);
  const count = mergeCount(encoding.table, scratch, utf8Into(piece, scratch));
  if (encoding.cache.size >= PIECE_CACHE_LIMIT) encoding.cache.clear();
  encoding.cache.set(piece, count);
  return count;
}

/**
 * The longest pre-tokenizer piece (in UTF-16 code units) that is merged whole. Byte-pair merging is
 * quadratic in a piece's length, so a longer piece (a 1 MB "word", a run of 10,000 dashes) is counted in
 * chunks of this length: linear in the text, within about 0.1% of the whole piece's count (measured
 * in bench/tokenizers.mjs). Words in real text are far shorter, so their counts stay exact.
 */
export const MAX_PIECE_LENGTH = 256;

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
  // match() with the global flag gives the pieces as plain strings: no match object per piece.
  for (const piece of text.match(encoding.pieces) ?? []) {
    if (piece.length <= maxPieceLength) total += countPiece(piece, encoding);
    else for (const chunk of chunksOf(piece, maxPieceLength)) total += countPiece(chunk, encoding);
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
  if (text.length < CONTENT_CACHE_MIN_CHARS) return countPieceWise(text, loadedEncoding, MAX_PIECE_LENGTH);
  const known = loadedEncoding.texts.get(text);
  if (known !== undefined) return known;
  const count = countPieceWise(text, loadedEncoding, MAX_PIECE_LENGTH);
  loadedEncoding.texts.set(text, count);
  return count;
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
