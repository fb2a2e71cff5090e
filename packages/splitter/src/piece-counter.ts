import { createRequire } from 'node:module';
import { countTextTokens, type EncodingName } from '@kalvimate/core';

const require = createRequire(import.meta.url);

// The tokenizer splits text into pieces with its encoding's pattern before byte-pair merging, and
// each piece is encoded on its own: so a text's count is the sum of its pieces' counts. Pieces
// repeat endlessly (words, spaces, punctuation), so a piece counted once is looked up after that.
const PATTERNS = require('gpt-tokenizer/encodingParams/constants') as {
  O200K_TOKEN_SPLIT_REGEX: RegExp;
  CL100K_TOKEN_SPLIT_REGEX: RegExp;
};

/** Pieces longer than this are counted every time (rare; keeps the cache's strings small). */
const MAX_CACHED_PIECE = 64;
/** V8 makes substrings this long or longer as views into their parent string. */
const SLICE_MIN_LENGTH = 13;

/** Bounds of a `PieceCounter`. */
export interface PieceCounterOptions {
  /** Most pieces remembered; when full the cache starts over (default 100,000, a few MB). */
  maxPieces?: number;
}

/**
 * Counts text tokens exactly as core's `countTextTokens` does, several times faster on long texts:
 * the text is split with the encoding's own pattern and each distinct piece is counted (by
 * `countTextTokens`) only once.
 */
export class PieceCounter {
  private readonly pattern: RegExp;
  private readonly pieces = new Map<string, number>();
  private readonly maxPieces: number;

  constructor(
    readonly encoding: EncodingName,
    options: PieceCounterOptions = {},
  ) {
    const source =
      encoding === 'cl100k_base' ? PATTERNS.CL100K_TOKEN_SPLIT_REGEX : PATTERNS.O200K_TOKEN_SPLIT_REGEX;
    this.pattern = new RegExp(source.source, 'gu');
    this.maxPieces = options.maxPieces ?? 100_000;
  }

  /** Distinct pieces remembered now. */
  get size(): number {
    return this.pieces.size;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let total = 0;
    let covered = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const piece = match[0];
      if (piece.length === 0) {
        // The patterns never match empty text; should one ever, count the whole text the plain way.
        return countTextTokens(text, this.encoding);
      }
      covered += piece.length;
      let tokens = this.pieces.get(piece);
      if (tokens === undefined) {
        tokens = countTextTokens(piece, this.encoding);
        if (piece.length <= MAX_CACHED_PIECE) this.remember(piece, tokens);
      }
      total += tokens;
    }
    // Every character belongs to some piece; if not, fall back rather than guess.
    return covered === text.length ? total : countTextTokens(text, this.encoding);
  }

  private remember(piece: string, tokens: number): void {
    if (this.pieces.size >= this.maxPieces) this.pieces.clear();
    // A long substring is a view that would keep its whole (possibly huge) text alive: store a copy.
    const key = piece.length >= SLICE_MIN_LENGTH ? (JSON.parse(JSON.stringify(piece)) as string) : piece;
    this.pieces.set(key, tokens);
  }
}
