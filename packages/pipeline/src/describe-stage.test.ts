import { describe, expect, it } from 'vitest';
import { describeExtract, describeGenerate, describePreprocess } from './describe-stage.js';
import type { ExtractStageSummary } from './stages/extract.js';
import type { GenerateStageSummary } from './stages/generate.js';

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

  it('names the scripts whose letters a conversion lost and the unreadable characters, also in brief', () => {
    const lostLetters = {
      scripts: { Tamil: { words: 241, loneConsonants: 69 }, Devanagari: { words: 400, loneConsonants: 2 } },
      unreadable: 3,
      words: 2000,
      legacyFontWords: 400,
    };
    const line = `letters lost in a conversion (prompts would teach broken words): Tamil (12.1 % of the book's words): 69 of 241 words left as a consonant alone; 400 of 2,000 words in an 8-bit font taken for Latin letters ("jkpo;" for தமிழ்); 3 unreadable characters (U+FFFD)`;
    expect(describeExtract({ ...summary, lostLetters }, 'x', { brief: true })).toEqual([
      expect.stringMatching(/^extracted physics\.epub/),
      line,
    ]);
    expect(describeExtract({ ...summary, lostLetters }, 'x')).toContain(line);
    // Counts of intact text alone (a Hindi glossary's न and व, a formula's "ab;c") say nothing.
    const intact = {
      scripts: { Devanagari: { words: 400, loneConsonants: 2 } },
      unreadable: 0,
      words: 400,
      legacyFontWords: 3,
    };
    expect(describeExtract({ ...summary, lostLetters: intact }, 'x', { brief: true })).toHaveLength(1);
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

describe('describeGenerate', () => {
  const generated: GenerateStageSummary = {
    outFile: 'data/openai_inputs/requests.jsonl',
    manifestFile: 'data/openai_inputs/requests.manifest.json',
    templates: ['mcq_quiz'],
    topics: 2,
    qrPictures: 0,
    model: 'gpt-4o-mini',
    requests: 2,
    inputTokens: 900,
    cachedInputTokens: 0,
    outputTokens: 4000,
    outputBasis: 'max_completion_tokens',
    requestsAtModelLimit: 0,
    modelOutputLimit: 16384,
    costUsd: 0.001,
    costUsdStandard: 0.002,
    perTemplate: { mcq_quiz: { requests: 2, inputTokens: 900, outputTokens: 4000 } },
  };

  it('says how many pictures of QR codes the prompts leave out, also in brief, and nothing where none', () => {
    expect(describeGenerate({ ...generated, qrPictures: 76 }, { brief: true })).toEqual([
      'generated 2 requests for 2 topics with 1 templates (mcq_quiz)',
      'left out of the prompts: 76 QR-code pictures (links to material online, which a chat cannot open)',
    ]);
    expect(describeGenerate({ ...generated, qrPictures: 1 }).join('\n')).toContain('1 QR-code picture (');
    expect(describeGenerate(generated).join('\n')).not.toContain('QR');
  });
});
