import { workspacePaths } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import type { ExtractStageSummary } from '../stages/extract.js';
import { describeCatalogueEvent } from './describe.js';

const paths = workspacePaths('data');

describe('describeCatalogueEvent', () => {
  it('tags a book’s skipped stage, and says again under it the letters a conversion lost', () => {
    const skipped = (summary?: Partial<ExtractStageSummary>) =>
      describeCatalogueEvent(
        {
          type: 'stage-skipped',
          book: 'science-ta',
          stage: 'extract',
          outcome: {
            stage: 'extract',
            status: 'skipped',
            ...(summary ? { summary: summary as ExtractStageSummary } : {}),
          },
        },
        { paths },
      );
    expect(skipped()).toEqual(['[science-ta] extract skipped: unchanged']);
    const lostLetters = {
      scripts: { Tamil: { words: 241, loneConsonants: 69 } },
      unreadable: 0,
      words: 400,
      legacyFontWords: 0,
    };
    expect(skipped({ lostLetters })).toEqual([
      '[science-ta] extract skipped: unchanged',
      "  letters lost in a conversion (prompts would teach broken words): Tamil (60.3 % of the book's words): 69 of 241 words left as a consonant alone",
    ]);
  });
});
