import { describe, expect, it } from 'vitest';
import { describeExtract, describePreprocess } from './describe-stage.js';
import type { ExtractStageSummary } from './stages/extract.js';

const summary: ExtractStageSummary = {
  epub: '/books/physics.epub',
  book: 'Physics',
  language: 'en',
  chapters: 4,
  topics: 29,
  numberedTopics: 12,
  topicsByKind: { topic: 17, exercises: 4 },
  blocks: 206,
  figures: 0,
  words: 2243,
  largestTopicTokens: 196,
  textShareByKind: { topic: 0.9, exercises: 0.1 },
  promptShare: 0.9,
  structure: 'headings',
  outDir: 'data/structured_chapters',
};

describe('describeExtract', () => {
  it('names the printed page furniture it left out, also in brief, and nothing otherwise', () => {
    const lines = describeExtract(
      { ...summary, pageFurniture: { pageNumbers: 57, runningHeads: 56 } },
      'data/structured_chapters',
    );
    expect(lines).toContain('left out printed page furniture: 57 page numbers, 56 running heads');
    expect(describeExtract(summary, 'data/structured_chapters').join('\n')).not.toContain('furniture');
    expect(
      describeExtract({ ...summary, pageFurniture: { pageNumbers: 57, runningHeads: 56 } }, 'x', {
        brief: true,
      }),
    ).toEqual([
      'extracted physics.epub: 4 chapters, 29 topics (17 topic, 4 exercises), 206 blocks, 0 figures, 2,243 words',
      'left out printed page furniture: 57 page numbers, 56 running heads',
    ]);
    expect(describeExtract(summary, 'x', { brief: true })).toHaveLength(1);
  });
});

describe('describePreprocess', () => {
  it('says one of a thing in the singular', () => {
    const [headline] = describePreprocess(
      {
        inDir: 'in',
        outDir: 'out',
        chapters: 1,
        topics: 1,
        blocks: 12,
        fields: 14,
        fieldsChanged: 1,
        edits: 1,
        rules: { 'odd-spaces': 1 },
        disabledRules: [],
        emptiedBlocks: 0,
      },
      { brief: true },
    );
    expect(headline).toBe('preprocessed 1 chapter, 1 topic, 12 blocks: 1 edit in 1 of 14 texts');
  });
});
