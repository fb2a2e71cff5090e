import type { Block, Topic } from './book-schema.js';
import { countTextTokens, type EncodingName } from './tokens.js';

/** Tokens one block separator ("\n\n") adds when blocks are joined into a prompt. */
const SEPARATOR_TOKENS = 1;
/** A piece cut at a sub-heading must hold at least this share of the bound, or the cut is at a paragraph. */
const HEADING_CUT_MIN_SHARE = 0.5;

/**
 * Sentence ends in Latin, CJK, Devanagari and Arabic text, and line breaks: where a long block may be cut.
 * Only look-behinds, so the pieces keep their spaces and joined again give the text back.
 */
const SENTENCE_END = /(?<=[.!?।॥؟]\s+)|(?<=[。．！？])|(?<=\n)/u;

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/gu;

/**
 * The tokens a text is sized by: the exact count, or a per-character estimate (a CJK character a token,
 * four other characters a token) when that is higher — so that the bound also holds for tokenizers that
 * split CJK or markup finer than o200k_base does.
 */
export function sizingTokens(text: string, encoding: EncodingName = 'o200k_base'): number {
  let known = sized.get(encoding);
  if (known === undefined) {
    known = new Map();
    sized.set(encoding, known);
  }
  let tokens = known.get(text);
  if (tokens === undefined) {
    tokens = Math.max(countTextTokens(text, encoding), estimateTokens(text));
    if (sizedChars + text.length > SIZED_CACHE_CHARS) {
      for (const map of sized.values()) map.clear();
      sizedChars = 0;
    }
    known.set(text, tokens);
    sizedChars += text.length;
  }
  return tokens;
}

/**
 * Sizes already taken in this process, by encoding and text: a whole `run` sizes the book's blocks in
 * extract and again in generate, where all but the few that preprocess changed are the same texts. Bounded
 * by the characters it holds (it starts afresh past the bound).
 */
const sized = new Map<EncodingName, Map<string, number>>();
const SIZED_CACHE_CHARS = 8 * 1024 * 1024;
let sizedChars = 0;

/** A per-character token estimate without a tokenizer: a CJK character a token, four other characters a token. */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}

function blockTokens(block: Block, encoding: EncodingName): number {
  return sizingTokens(block.text, encoding) + SEPARATOR_TOKENS;
}

/** Groups pieces of text (sentences, items, rows) greedily into runs of at most `max` tokens. */
function groupPieces(pieces: readonly string[], max: number, encoding: EncodingName): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const t = sizingTokens(piece, encoding) + SEPARATOR_TOKENS;
    if (current.length > 0 && tokens + t > max) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(piece);
    tokens += t;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Cuts a text with no sentence ends at white space, then (a single giant word) at a character count. */
function hardPieces(text: string, max: number): string[] {
  const words = text.split(/(?<=\s)/u);
  // A token is at least one character: `max` characters never exceed `max` tokens.
  return words.flatMap((w) => {
    if (w.length <= max) return [w];
    const out: string[] = [];
    for (let i = 0; i < w.length; i += max) out.push(w.slice(i, i + max));
    return out;
  });
}

/**
 * Splits one block that alone is over the bound into blocks of the same type under it: paragraphs and
 * notes at sentence ends, lists at items (each with its marker as the text shows it), tables at rows (each
 * keeping the caption), preformatted text at line ends. Figures and math are never cut (an image's alt
 * text or a formula is one thing).
 */
export function splitBlock(block: Block, max: number, encoding: EncodingName = 'o200k_base'): Block[] {
  if (blockTokens(block, encoding) <= max) return [block];
  if (block.type === 'paragraph' || block.type === 'note') {
    let pieces = block.text.split(SENTENCE_END);
    if (pieces.some((p) => sizingTokens(p, encoding) + SEPARATOR_TOKENS > max))
      pieces = pieces.flatMap((p) =>
        sizingTokens(p, encoding) + SEPARATOR_TOKENS > max ? hardPieces(p, max) : [p],
      );
    return groupPieces(pieces, max, encoding).map((g) => ({ ...block, text: g.join('').trim() }));
  }
  if (block.type === 'list') {
    // Each item as the text shows it, its marker ("5.", "b.") and nested lines with it.
    const shown = itemLines(block.text, block.items);
    const lineOf = (i: number) =>
      shown?.[i] ?? (block.ordered ? `${i + 1}. ${block.items[i]}` : `- ${block.items[i]}`);
    return splitRuns(block.items, lineOf, max, encoding, (start, items) => ({
      ...block,
      items,
      text: items.map((_, k) => lineOf(start + k)).join('\n'),
    }));
  }
  if (block.type === 'preformatted') {
    const lines = block.text.split('\n');
    const pieces = lines.flatMap((line, i) => {
      const piece = i < lines.length - 1 ? `${line}\n` : line;
      return sizingTokens(piece, encoding) + SEPARATOR_TOKENS > max ? hardPieces(piece, max) : [piece];
    });
    return groupPieces(pieces, max, encoding).map((g) => ({ ...block, text: g.join('').replace(/\n$/, '') }));
  }
  if (block.type === 'table') {
    const lines = block.rows.map((r) => r.join(' | '));
    return splitRuns(
      lines,
      (i) => lines[i] ?? '',
      max,
      encoding,
      (start, group) => ({
        ...block,
        rows: block.rows.slice(start, start + group.length),
        text: [block.caption ?? '', ...group].filter((l) => l !== '').join('\n'),
      }),
    );
  }
  return [block];
}

/**
 * Groups a list's items or a table's rows (`pieces`) into blocks under the bound (`toBlock`, given where
 * the group starts), in order. A piece over the bound alone (an index's one item of 20,000 characters) is
 * cut as a paragraph is, as it shows (`lineOf`): it leaves its list or table, and the bound holds.
 */
function splitRuns(
  pieces: readonly string[],
  lineOf: (i: number) => string,
  max: number,
  encoding: EncodingName,
  toBlock: (start: number, group: string[]) => Block,
): Block[] {
  const out: Block[] = [];
  let start = 0;
  const flush = (end: number) => {
    for (const group of groupPieces(pieces.slice(start, end), max, encoding)) {
      out.push(toBlock(start, group));
      start += group.length;
    }
  };
  pieces.forEach((_, i) => {
    const line = lineOf(i);
    if (sizingTokens(line, encoding) + SEPARATOR_TOKENS <= max) return;
    flush(i);
    out.push(...splitBlock({ type: 'paragraph', text: line }, max, encoding));
    start = i + 1;
  });
  flush(pieces.length);
  return out;
}

/**
 * A list's text cut into its items' lines as it shows them ("5. Why?", "- Energy\n  1. Heat"), found in
 * order: each ends with its item's text; undefined when the text does not hold its items so.
 */
function itemLines(text: string, items: readonly string[]): string[] | undefined {
  const lines: string[] = [];
  let at = 0;
  for (const item of items) {
    const end = text.indexOf(item, at);
    if (end === -1 || text.slice(at, end).includes('\n')) return undefined;
    lines.push(text.slice(at, end + item.length));
    at = end + item.length + 1;
  }
  return lines;
}

/**
 * Cuts a list of blocks into runs of at most `max` tokens: at a sub-heading (a paragraph with
 * `heading: true`) when the run before it is at least half the bound, otherwise at the last block
 * boundary; a block over the bound alone is first split at sentences, items or rows.
 */
export function cutBlocks(
  blocks: readonly Block[],
  max: number,
  encoding: EncodingName = 'o200k_base',
): Block[][] {
  if (underBoundByBytes(blocks, max)) return [[...blocks]];
  return cutSized(blocks, max, encoding).map((run) => run.blocks);
}

/**
 * True when the blocks are surely within `max` tokens without counting them: a text's size
 * (`sizingTokens`) is at most its UTF-8 bytes, since every token holds at least one byte and the estimate
 * takes at most a token per character. Most topics of a book are this short; they are not counted.
 */
function underBoundByBytes(blocks: readonly Block[], max: number): boolean {
  let bound = 0;
  for (const block of blocks) {
    bound += Buffer.byteLength(block.text, 'utf8') + SEPARATOR_TOKENS;
    if (bound > max) return false;
  }
  return true;
}

/** A run of blocks and its tokens (block separators included). */
interface SizedRun {
  blocks: Block[];
  tokens: number;
}

function cutSized(blocks: readonly Block[], max: number, encoding: EncodingName): SizedRun[] {
  const sized: Array<{ block: Block; tokens: number }> = [];
  for (const block of blocks) {
    const tokens = blockTokens(block, encoding);
    if (tokens <= max) sized.push({ block, tokens });
    else
      for (const piece of splitBlock(block, max, encoding))
        sized.push({ block: piece, tokens: blockTokens(piece, encoding) });
  }
  const total = sized.reduce((n, s) => n + s.tokens, 0);
  if (total <= max) return [{ blocks: sized.map((s) => s.block), tokens: total }];
  const runs: SizedRun[] = [];
  let current: typeof sized = [];
  let tokens = 0;
  for (const item of sized) {
    if (current.length > 0 && tokens + item.tokens > max) {
      let cut = current.length;
      let before = tokens;
      for (let i = current.length - 1, acc = tokens; i > 0; i -= 1) {
        acc -= current[i]?.tokens ?? 0;
        const b = current[i]?.block;
        if (b?.type === 'paragraph' && b.heading && acc >= max * HEADING_CUT_MIN_SHARE) {
          cut = i;
          before = acc;
          break;
        }
      }
      runs.push({ blocks: current.slice(0, cut).map((s) => s.block), tokens: before });
      current = current.slice(cut);
      tokens -= before;
    }
    current.push(item);
    tokens += item.tokens;
  }
  if (current.length > 0) runs.push({ blocks: current.map((s) => s.block), tokens });
  return runs;
}

/**
 * Cuts a topic longer than `maxTokens` into topics under it, each keeping the section's number, title,
 * kind and path, with `split: { part, of }`. Ids are the caller's to renumber. A topic under the bound
 * comes back as it is.
 * @example cutTopic(topic, 4000) // [topic] or [{...topic, split: {part: 1, of: 2}}, …]
 */
export function cutTopic(topic: Topic, maxTokens: number, encoding: EncodingName = 'o200k_base'): Topic[] {
  return cutTopicSized(topic, maxTokens, encoding).map((piece) => piece.topic);
}

/**
 * As `cutTopic`, with each piece's tokens (blocks joined by blank lines) — or `undefined` when the
 * topic has fewer UTF-8 bytes than the bound and so was not counted (a token is at least a byte; a
 * character is not: an emoji or a rare symbol can be several tokens).
 */
export function cutTopicSized(
  topic: Topic,
  maxTokens: number,
  encoding: EncodingName = 'o200k_base',
): Array<{ topic: Topic; tokens: number | undefined }> {
  if (underBoundByBytes(topic.blocks, maxTokens)) return [{ topic, tokens: undefined }];
  const runs = cutSized(topic.blocks, maxTokens, encoding);
  if (runs.length <= 1) return [{ topic, tokens: runs[0]?.tokens ?? 0 }];
  return runs.map((run, i) => ({
    topic: { ...topic, split: { part: i + 1, of: runs.length }, blocks: run.blocks },
    tokens: run.tokens,
  }));
}
