import { describe, expect, it } from 'vitest';
import type { Block, Topic } from './book-schema.js';
import { countTextTokens } from './tokens.js';
import { cutBlocks, cutTopic, cutTopicSized, estimateTokens, sizingTokens, splitBlock } from './topic-cut.js';

const para = (text: string, heading?: true): Block => ({
  type: 'paragraph',
  text,
  ...(heading ? { heading } : {}),
});
const sentence = (i: number) => `Sentence number ${i} says something about vectors and matrices.`;
const tokensOf = (blocks: readonly Block[]) => blocks.reduce((n, b) => n + countTextTokens(b.text) + 1, 0);

describe('cutTopic', () => {
  const topic = (blocks: Block[]): Topic => ({
    id: 'c1-t001',
    number: '1.2',
    title: 'Spans',
    kind: 'topic',
    path: ['1'],
    blocks,
  });

  it('returns a topic under the bound as it is', () => {
    const small = topic([para('A short section.')]);
    expect(cutTopic(small, 100)).toEqual([small]);
  });

  it('cuts a long topic into pieces under the bound, each marked part i of n, losing no text', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => para(sentence(i)));
    const pieces = cutTopic(topic(blocks), 200);
    expect(pieces.length).toBeGreaterThan(2);
    for (const [i, piece] of pieces.entries()) {
      expect(tokensOf(piece.blocks)).toBeLessThanOrEqual(200);
      expect(piece.split).toEqual({ part: i + 1, of: pieces.length });
      expect(piece.number).toBe('1.2');
      expect(piece.title).toBe('Spans');
    }
    expect(pieces.flatMap((p) => p.blocks)).toEqual(blocks);
  });

  it('prefers a sub-heading as the cut when the piece before it is at least half the bound', () => {
    const blocks = [
      ...Array.from({ length: 12 }, (_, i) => para(sentence(i))),
      para('Subsection B', true),
      ...Array.from({ length: 6 }, (_, i) => para(sentence(100 + i))),
    ];
    const runs = cutBlocks(blocks, 200);
    const second = runs[1]?.[0];
    expect(second).toEqual(para('Subsection B', true));
  });

  it('cuts a topic with fewer characters than the bound but more tokens (ꙮ: one character, three tokens)', () => {
    const rare = para('ꙮ'.repeat(6));
    // Both blocks' characters are within the bound; one block's tokens are too, both blocks' are not.
    const max = sizingTokens(rare.text) + 1;
    expect(2 * (rare.text.length + 2)).toBeLessThanOrEqual(max);
    const pieces = cutTopicSized(topic([rare, rare]), max);
    expect(pieces.map((p) => p.topic.blocks)).toEqual([[rare], [rare]]);
    for (const piece of pieces) expect(piece.tokens).toBeLessThanOrEqual(max);
  });

  it('leaves a topic whose UTF-8 bytes fit the bound uncounted, and counts one over it', () => {
    const tamil = para('விசை என்பது ஒரு தள்ளுதல்');
    const bytes = Buffer.byteLength(tamil.text, 'utf8') + 1;
    expect(cutTopicSized(topic([tamil]), bytes)).toEqual([{ topic: topic([tamil]), tokens: undefined }]);
    expect(cutTopicSized(topic([tamil]), bytes - 1)).toEqual([
      { topic: topic([tamil]), tokens: sizingTokens(tamil.text) + 1 },
    ]);
  });
});

describe('splitBlock', () => {
  it('cuts preformatted text at line ends, keeping every line as written', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `    total = total + values[${i}]  # step ${i}`);
    const block = { type: 'preformatted' as const, text: ['def sum(values):', ...lines].join('\n') };
    const parts = splitBlock(block, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.type).toBe('preformatted');
      expect(sizingTokens(part.text)).toBeLessThanOrEqual(120);
    }
    expect(parts.map((p) => p.text).join('\n')).toBe(block.text);
  });

  it('cuts a list at items, each keeping its marker as the text shows it', () => {
    const items = Array.from(
      { length: 40 },
      (_, i) => `Question ${i + 5} asks about force and motion at length.`,
    );
    const text = items.map((t, i) => `${i + 5}. ${t}`).join('\n');
    const parts = splitBlock({ type: 'list', text, items, ordered: true }, 100);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    expect(
      parts[1]?.text.startsWith(`${5 + (parts[0]?.type === 'list' ? parts[0].items.length : 0)}. `),
    ).toBe(true);
  });

  it("cuts a list item or a table row over the bound alone as a paragraph: the bound holds (a book's index)", () => {
    // An index's one item: 400 comma-separated entries, no sentence end.
    const giant = Array.from({ length: 400 }, (_, i) => `Eintrag ${i}, Seite ${i + 3}`).join(', ');
    const items = ['apt-get', giant, 'dpkg'];
    const parts = splitBlock(
      { type: 'list', text: items.map((t) => `- ${t}`).join('\n'), items, ordered: false },
      200,
    );
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(sizingTokens(part.text)).toBeLessThanOrEqual(200);
    expect(parts[0]).toEqual({ type: 'list', items: ['apt-get'], ordered: false, text: '- apt-get' });
    expect(parts.at(-1)).toEqual({ type: 'list', items: ['dpkg'], ordered: false, text: '- dpkg' });
    expect(new Set(parts.slice(1, -1).map((p) => p.type))).toEqual(new Set(['paragraph']));
    expect(
      parts
        .slice(1, -1)
        .map((p) => p.text)
        .join(' '),
    ).toBe(`- ${giant}`);

    const rows = [
      ['Term', 'Page'],
      [giant, '9'],
    ];
    const table = splitBlock({ type: 'table', text: rows.map((r) => r.join(' | ')).join('\n'), rows }, 200);
    for (const part of table) expect(sizingTokens(part.text)).toBeLessThanOrEqual(200);
    expect(table[0]).toMatchObject({ type: 'table', rows: [['Term', 'Page']] });
    expect(
      table
        .slice(1)
        .map((p) => p.text)
        .join(' '),
    ).toBe(`${giant} | 9`);
  });

  it('cuts a giant paragraph at sentence ends and gives the text back when joined', () => {
    const text = Array.from({ length: 80 }, (_, i) => sentence(i)).join(' ');
    const parts = splitBlock(para(text), 150);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(countTextTokens(p.text)).toBeLessThanOrEqual(150);
    expect(parts.map((p) => p.text).join(' ')).toBe(text);
  });

  it('cuts Japanese text at 。 and a word without spaces at a character count', () => {
    const jp = '山路を登りながら、こう考えた。'.repeat(200);
    for (const p of splitBlock(para(jp), 100)) expect(countTextTokens(p.text)).toBeLessThanOrEqual(100);
    const word = 'x'.repeat(5000);
    const parts = splitBlock(para(word), 100);
    expect(parts.map((p) => p.text).join('')).toBe(word);
    for (const p of parts) expect(countTextTokens(p.text)).toBeLessThanOrEqual(100);
  });

  it('cuts a long table at rows, each piece keeping the caption', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`row ${i}`, `value ${i * 3}`]);
    const table: Block = {
      type: 'table',
      text: rows.map((r) => r.join(' | ')).join('\n'),
      rows,
      caption: 'Values',
    };
    const parts = splitBlock(table, 120);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => (p.type === 'table' ? p.rows : []))).toEqual(rows);
    for (const p of parts) expect(p.type === 'table' && p.caption).toBe('Values');
  });

  it('cuts a long list at items, keeping the numbering of an ordered list', () => {
    const items = Array.from({ length: 100 }, (_, i) => sentence(i));
    const list: Block = {
      type: 'list',
      text: items.map((t, i) => `${i + 1}. ${t}`).join('\n'),
      items,
      ordered: true,
    };
    const parts = splitBlock(list, 150);
    expect(parts.flatMap((p) => (p.type === 'list' ? p.items : []))).toEqual(items);
    expect(
      parts[1]?.text.startsWith(`${(parts[0]?.type === 'list' ? parts[0].items.length : 0) + 1}. `),
    ).toBe(true);
  });
});

describe('sizingTokens', () => {
  it('sizes a text by each encoding apart, also when the other sized it first', () => {
    const text = 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல் — a push or a pull';
    const o200k = sizingTokens(text, 'o200k_base');
    const cl100k = sizingTokens(text, 'cl100k_base');
    expect(o200k).toBe(Math.max(countTextTokens(text, 'o200k_base'), estimateTokens(text)));
    expect(cl100k).toBe(Math.max(countTextTokens(text, 'cl100k_base'), estimateTokens(text)));
    expect(cl100k).not.toBe(o200k);
    expect(sizingTokens(text, 'o200k_base')).toBe(o200k);
  });
});

describe('cutBlocks on short runs', () => {
  // cutBlocks takes blocks whose UTF-8 bytes (plus a separator each) are within the bound as one run
  // without counting them: sound only if no text sizes to more tokens than it has bytes.
  it('never sizes a text to more tokens than its UTF-8 bytes, in any script', () => {
    const texts = [
      'plain English, with punctuation!',
      'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல்',
      '山路を登りながら、こう考えた。智に働けば角が立つ。',
      '😀🎉👍🏽 👩‍👩‍👧‍👦 🇮🇳',
      'broken \ud800 pair \udc00 here \ud83d',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 ∮ ⊗ ∀x∈ℝ',
      '\u0301\u0301\u0301 marks alone',
      'x'.repeat(300),
      '中'.repeat(300),
    ];
    for (const text of texts)
      for (const encoding of ['o200k_base', 'cl100k_base'] as const)
        expect({
          text,
          encoding,
          fits: sizingTokens(text, encoding) <= Buffer.byteLength(text, 'utf8'),
        }).toEqual({
          text,
          encoding,
          fits: true,
        });
  });

  it('gives one run of every block when their bytes fit, and cuts as before when they do not', () => {
    const emoji: Block = { type: 'paragraph', text: '😀'.repeat(40) };
    const bytes = Buffer.byteLength(emoji.text, 'utf8') + 1;
    expect(cutBlocks([emoji, emoji], 2 * bytes)).toEqual([[emoji, emoji]]);
    // Over the byte bound the blocks are counted: 40 emoji are fewer tokens than bytes, still one run.
    expect(cutBlocks([emoji, emoji], 2 * bytes - 1)).toEqual([[emoji, emoji]]);
    expect(cutBlocks([emoji, emoji], sizingTokens(emoji.text) + 1)).toEqual([[emoji], [emoji]]);
    expect(cutBlocks([], 10)).toEqual([[]]);
  });

  it('counts blocks that hold more tokens than characters (ꙮ: one character, three tokens)', () => {
    const rare: Block = { type: 'paragraph', text: 'ꙮ'.repeat(6) };
    expect(sizingTokens(rare.text)).toBeGreaterThan(rare.text.length);
    // Within a bound by characters, over the bound by tokens: two runs.
    const max = 2 * (rare.text.length + 1);
    expect(2 * (sizingTokens(rare.text) + 1)).toBeGreaterThan(max);
    expect(cutBlocks([rare, rare], max)).toEqual([[rare], [rare]]);
  });
});
