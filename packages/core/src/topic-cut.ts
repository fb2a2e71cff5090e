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

function blockTokens(block: Block, encoding: EncodingName): number {
  return countTextTokens(block.text, encoding) + SEPARATOR_TOKENS;
}

/** Groups pieces of text (sentences, items, rows) greedily into runs of at most `max` tokens. */
function groupPieces(pieces: readonly string[], max: number, encoding: EncodingName): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const t = countTextTokens(piece, encoding) + SEPARATOR_TOKENS;
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
 * notes at sentence ends, lists at items, tables at rows (each keeping the caption). Figures and math are
 * never cut (an image's alt text or a formula is one thing).
 */
export function splitBlock(block: Block, max: number, encoding: EncodingName = 'o200k_base'): Block[] {
  if (blockTokens(block, encoding) <= max) return [block];
  if (block.type === 'paragraph' || block.type === 'note') {
    let pieces = block.text.split(SENTENCE_END);
    if (pieces.some((p) => countTextTokens(p, encoding) + SEPARATOR_TOKENS > max))
      pieces = pieces.flatMap((p) =>
        countTextTokens(p, encoding) + SEPARATOR_TOKENS > max ? hardPieces(p, max) : [p],
      );
    return groupPieces(pieces, max, encoding).map((g) => ({ ...block, text: g.join('').trim() }));
  }
  if (block.type === 'list') {
    let offset = 0;
    return groupPieces(block.items, max, encoding).map((items) => {
      const text = items.map((t, i) => (block.ordered ? `${offset + i + 1}. ${t}` : `- ${t}`)).join('\n');
      offset += items.length;
      return { ...block, items, text };
    });
  }
  if (block.type === 'table') {
    const lines = block.rows.map((r) => r.join(' | '));
    const groups = groupPieces(lines, max, encoding);
    let start = 0;
    return groups.map((g) => {
      const rows = block.rows.slice(start, start + g.length);
      start += g.length;
      const text = [block.caption ?? '', ...g].filter((l) => l !== '').join('\n');
      return { ...block, rows, text };
    });
  }
  return [block];
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
  const sized = blocks
    .flatMap((b) => splitBlock(b, max, encoding))
    .map((block) => ({
      block,
      tokens: blockTokens(block, encoding),
    }));
  const total = sized.reduce((n, s) => n + s.tokens, 0);
  if (total <= max) return [sized.map((s) => s.block)];
  const runs: Block[][] = [];
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
      runs.push(current.slice(0, cut).map((s) => s.block));
      current = current.slice(cut);
      tokens -= before;
    }
    current.push(item);
    tokens += item.tokens;
  }
  if (current.length > 0) runs.push(current.map((s) => s.block));
  return runs;
}

/**
 * Cuts a topic longer than `maxTokens` into topics under it, each keeping the section's number, title,
 * kind and path, with `split: { part, of }`. Ids are the caller's to renumber. A topic under the bound
 * comes back as it is.
 * @example cutTopic(topic, 4000) // [topic] or [{...topic, split: {part: 1, of: 2}}, …]
 */
export function cutTopic(topic: Topic, maxTokens: number, encoding: EncodingName = 'o200k_base'): Topic[] {
  const runs = cutBlocks(topic.blocks, maxTokens, encoding);
  if (runs.length <= 1) return [topic];
  return runs.map((blocks, i) => ({ ...topic, split: { part: i + 1, of: runs.length }, blocks }));
}
