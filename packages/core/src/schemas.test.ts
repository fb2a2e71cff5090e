import { describe, expect, it } from 'vitest';
import { BlockSchema, ChapterSchema, RequestLineSchema, ResultLineSchema } from './index.js';

describe('contract schemas', () => {
  it('accept a chapter with every block type', () => {
    const chapter = {
      schemaVersion: 1,
      number: 1,
      title: 'Laws of Motion',
      topics: [
        {
          id: 'c1-t1',
          number: '1.1',
          title: 'Force',
          kind: 'topic',
          path: ['1'],
          blocks: [
            { type: 'paragraph', text: 'A push or a pull.' },
            { type: 'list', text: '- a\n- b', items: ['a', 'b'] },
            { type: 'table', text: 'x | y', rows: [['x', 'y']], caption: 'T' },
            { type: 'figure', text: 'A ball', alt: 'A ball' },
            { type: 'math', text: 'F = ma', latex: 'F = ma' },
            { type: 'note', text: 'Footnote' },
          ],
        },
      ],
    };
    expect(ChapterSchema.parse(chapter).topics[0]?.blocks).toHaveLength(6);
  });

  it('refuse a block missing the fields of its type and unknown kinds', () => {
    expect(BlockSchema.safeParse({ type: 'list', text: 'x' }).success).toBe(false);
    expect(
      ChapterSchema.safeParse({
        schemaVersion: 1,
        number: 1,
        title: 't',
        topics: [{ id: 'a', title: 't', kind: 'chapterish', path: [], blocks: [] }],
      }).success,
    ).toBe(false);
  });

  it('take a Batch API request line and refuse one without custom_id', () => {
    const line = {
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini' },
    };
    expect(RequestLineSchema.parse(line)).toEqual(line);
    expect(RequestLineSchema.safeParse({ ...line, custom_id: undefined }).success).toBe(false);
  });

  it('keep unknown keys of result lines verbatim', () => {
    const line = {
      id: 'b',
      custom_id: 'a',
      response: { status_code: 200, body: {}, extra: 1 },
      error: null,
      more: true,
    };
    expect(ResultLineSchema.parse(line)).toEqual(line);
  });
});
