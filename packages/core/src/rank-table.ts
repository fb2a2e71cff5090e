/**
 * A byte-pair encoding's merge ranks as one flat binary table: what the tokenizer needs to count, loaded
 * from disk with no parsing (a few milliseconds, a few MB) instead of building a 200,000-entry Map of
 * strings (about 0.45 s and 55 MB for o200k_base).
 *
 * Layout of the serialized table (little-endian, every section 4-byte aligned):
 *   magic "KMRANKS1" | u32 tokens | u32 slots | u32 blob bytes | u32 pattern bytes |
 *   u32 offsets[tokens + 1] | u32 ranks[tokens] | i32 slots[slots] | pattern (UTF-8) | blob
 * Token i is blob[offsets[i] .. offsets[i + 1]) with rank ranks[i]; `slots` is an open-addressing hash table
 * (FNV-1a over the token's bytes, linear probing) holding i + 1, or 0 when empty.
 */
export interface RankTable {
  offsets: Uint32Array;
  ranks: Uint32Array;
  slots: Int32Array;
  blob: Uint8Array;
  /** The encoding's pre-tokenizer pattern (source and flags), which BPE never merges across. */
  pattern: RegExp;
}

const MAGIC = 'KMRANKS1';
const HEADER_BYTES = 8 + 4 * 4;

/** FNV-1a over bytes[start, end): the table's hash. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

/** The rank of bytes[start, end) as one token, or -1 when the encoding has no such token. */
export function rankOf(table: RankTable, bytes: Uint8Array, start: number, end: number): number {
  const { slots, offsets, blob } = table;
  const mask = slots.length - 1;
  const length = end - start;
  for (let slot = hashBytes(bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot] as number;
    if (entry === 0) return -1;
    const from = offsets[entry - 1] as number;
    if ((offsets[entry] as number) - from !== length) continue;
    let same = true;
    for (let i = 0; i < length; i += 1)
      if (blob[from + i] !== bytes[start + i]) {
        same = false;
        break;
      }
    if (same) return table.ranks[entry - 1] as number;
  }
}

/** The pre-tokenizer with the global flag, which counting (`text.match`) needs to get every piece. */
function globalPattern(source: string, flags: string): RegExp {
  return new RegExp(source, flags.includes('g') ? flags : `${flags}g`);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Builds the table from tiktoken's rank file (`<base64 token> <rank>` per line) and the pre-tokenizer.
 * @example buildRankTable(readFileSync('o200k_base.tiktoken', 'utf8'), O200K_TOKEN_SPLIT_REGEX)
 */
export function buildRankTable(tiktoken: string, pattern: RegExp): RankTable {
  const tokens: Buffer[] = [];
  const rankList: number[] = [];
  for (const line of tiktoken.split('\n')) {
    if (line.trim() === '') continue;
    const space = line.indexOf(' ');
    const rank = Number(line.slice(space + 1));
    if (space <= 0 || !Number.isInteger(rank) || rank < 0)
      throw new Error(`not a tiktoken rank line: ${line}`);
    tokens.push(Buffer.from(line.slice(0, space), 'base64'));
    rankList.push(rank);
  }
  const offsets = new Uint32Array(tokens.length + 1);
  for (const [i, token] of tokens.entries()) offsets[i + 1] = (offsets[i] as number) + token.length;
  const blob = new Uint8Array(offsets[tokens.length] as number);
  for (const [i, token] of tokens.entries()) blob.set(token, offsets[i] as number);
  // At most half full, so that a probe for a missing token ends after a slot or two.
  let size = 1;
  while (size < tokens.length * 2) size *= 2;
  const slots = new Int32Array(size);
  for (let i = 0; i < tokens.length; i += 1) {
    let slot = hashBytes(blob, offsets[i] as number, offsets[i + 1] as number) & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = i + 1;
  }
  return {
    offsets,
    ranks: Uint32Array.from(rankList),
    slots,
    blob,
    pattern: globalPattern(pattern.source, pattern.flags),
  };
}

/** The table as bytes, for `readRankTable` to map back without parsing. */
export function serializeRankTable(table: RankTable): Uint8Array {
  const pattern = Buffer.from(JSON.stringify([table.pattern.source, table.pattern.flags]), 'utf8');
  const tokens = table.ranks.length;
  const patternAt = HEADER_BYTES + 4 * (tokens + 1) + 4 * tokens + 4 * table.slots.length;
  const blobAt = align4(patternAt + pattern.length);
  const out = new Uint8Array(blobAt + table.blob.length);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, tokens, true);
  view.setUint32(12, table.slots.length, true);
  view.setUint32(16, table.blob.length, true);
  view.setUint32(20, pattern.length, true);
  let at = HEADER_BYTES;
  for (const section of [table.offsets, table.ranks, table.slots]) {
    for (let i = 0; i < section.length; i += 1)
      view.setUint32(at + 4 * i, (section[i] as number) >>> 0, true);
    at += 4 * section.length;
  }
  out.set(pattern, patternAt);
  out.set(table.blob, blobAt);
  return out;
}

/** Maps serialized bytes back to a table (views over one copy of the bytes, no per-token work). */
export function readRankTable(bytes: Uint8Array): RankTable {
  if (bytes.length < HEADER_BYTES || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== MAGIC)
    throw new Error('not a KalviMate rank table (rebuild @kalvimate/core)');
  // Typed views need 4-byte alignment: a file read whole is its own buffer, anything else is copied once.
  let own = bytes;
  if (bytes.byteOffset % 4 !== 0) {
    own = new Uint8Array(bytes.length);
    own.set(bytes);
  }
  const base = own.byteOffset;
  const view = new DataView(own.buffer, base, own.length);
  const tokens = view.getUint32(8, true);
  const slotCount = view.getUint32(12, true);
  const blobBytes = view.getUint32(16, true);
  const patternBytes = view.getUint32(20, true);
  const offsetsAt = HEADER_BYTES;
  const ranksAt = offsetsAt + 4 * (tokens + 1);
  const slotsAt = ranksAt + 4 * tokens;
  const patternAt = slotsAt + 4 * slotCount;
  const blobAt = align4(patternAt + patternBytes);
  if (blobAt + blobBytes !== bytes.length || (slotCount & (slotCount - 1)) !== 0)
    throw new Error('rank table is truncated or corrupt (rebuild @kalvimate/core)');
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('rank tables need a little-endian machine');
  const [source, flags] = JSON.parse(
    Buffer.from(own.subarray(patternAt, patternAt + patternBytes)).toString('utf8'),
  );
  return {
    offsets: new Uint32Array(own.buffer, base + offsetsAt, tokens + 1),
    ranks: new Uint32Array(own.buffer, base + ranksAt, tokens),
    slots: new Int32Array(own.buffer, base + slotsAt, slotCount),
    blob: new Uint8Array(own.buffer, base + blobAt, blobBytes),
    pattern: globalPattern(source, flags),
  };
}
