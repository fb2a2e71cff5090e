import { describe, expect, it } from 'vitest';
import {
  BlockSchema,
  BookSchema,
  ChapterSchema,
  PartsManifestSchema,
  RequestLineSchema,
  RequestsManifestSchema,
  ResultLineSchema,
} from './index.js';

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

describe('files an older version wrote', () => {
  it('read without schemaVersion as version 1, for the book, chapters and both manifests', () => {
    const book = {
      title: 'Science',
      language: 'en',
      identifier: 'urn:x',
      source: { file: 'science.epub', sha256: 'ab'.repeat(32) },
      chapters: [{ number: 1, title: 'Matter', file: 'chapter_1.json' }],
    };
    expect(BookSchema.parse(book).schemaVersion).toBe(1);
    expect(ChapterSchema.parse({ number: 1, title: 'Matter', topics: [] }).schemaVersion).toBe(1);
    const parts = PartsManifestSchema.safeParse({ source: {} });
    expect(parts.success || parts.error.issues.every((i) => i.path[0] !== 'schemaVersion')).toBe(true);
    const requests = RequestsManifestSchema.safeParse({});
    expect(requests.success || requests.error.issues.every((i) => i.path[0] !== 'schemaVersion')).toBe(true);
  });

  it('still refuse a version they do not know', () => {
    expect(
      ChapterSchema.safeParse({ schemaVersion: 2, number: 1, title: 'Matter', topics: [] }).success,
    ).toBe(false);
  });
});
