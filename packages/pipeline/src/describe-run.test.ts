import { workspacePaths } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { describeEvent } from './describe-run.js';
import type { StageOutcome } from './stage-step.js';

const paths = workspacePaths('/work/data');
const split: StageOutcome = {
  stage: 'split',
  status: 'ran',
  durationMs: 1234,
  summary: {
    requests: 12,
    tokens: 3400,
    parts: 1,
    rejected: 2,
    limits: { maxRequests: 50_000, maxBytes: 200_000_000, maxTokens: 2_000_000 },
  } as never,
};

describe('describeEvent', () => {
  it("gives a stage's headline after its name in a column, with its time, the rest only when verbose", () => {
    const lines = describeEvent(
      { type: 'stage-end', stage: 'split', outcome: split },
      { paths, dataDir: '/work/data' },
    );
    expect(lines).toEqual([
      'split      split requests.jsonl: 12 requests, 3,400 tokens into 1 part(s) (limits: 50,000 requests, 200,000,000 bytes, 2,000,000 tokens per part) (1.23 s)',
    ]);
    const verbose = describeEvent(
      { type: 'stage-end', stage: 'split', outcome: split },
      { paths, verbose: true, dataDir: '/work/data' },
    );
    // Paths inside the data folder are shown relative to it, under the stage's column.
    expect(verbose.slice(1)).toEqual([
      '           wrote openai_inputs/parts',
      '           set aside 2 invalid line(s) in openai_inputs/parts/rejected.jsonl',
    ]);
  });

  it("shows the judge's headline, its flags and what the LLM round scored and set aside", () => {
    const judge = {
      stage: 'judge',
      status: 'ran',
      durationMs: 5000,
      summary: {
        outDir: '/work/data/judgments',
        summary: {
          conversations: { judged: 38, kept: 36, setAside: 2, flagged: 3 },
          responses: { in: 13, withoutRequest: 0 },
          byFlag: { 'quiz-structure': { flagged: 1, setAside: 0 } },
          llm: {
            model: 'gpt-4o-mini',
            scored: 30,
            setAside: 2,
            minScore: 3,
            unscored: 0,
            requestsWritten: 30,
          },
        },
      },
    } as never as StageOutcome;
    const lines = describeEvent({ type: 'stage-end', stage: 'judge', outcome: judge }, { paths });
    expect(lines).toEqual([
      'judge      judged 38 conversations of 13 responses: 36 kept, 2 set aside, 3 flagged (5.00 s)',
      '           flags: quiz-structure 1',
      '           LLM judge (gpt-4o-mini): 30 scored, 2 set aside below 3, 0 without scores; 30 asked in this run',
    ]);
  });

  it('says when a stage was skipped, why a run stopped, and nothing for progress', () => {
    const skipped = describeEvent(
      {
        type: 'stage-skipped',
        stage: 'extract',
        outcome: { stage: 'extract', status: 'skipped' },
        finishedAt: '2026-11-30T09:10:11.123Z',
      },
      { paths },
    );
    expect(skipped).toEqual(['extract    skipped: unchanged since its last run (2026-11-30 09:10 UTC)']);
    expect(describeEvent({ type: 'stopped', reason: 'declined' }, { paths })).toEqual([
      'nothing was submitted (you answered no)',
    ]);
    expect(describeEvent({ type: 'progress', stage: 'split', done: 1, total: 2 }, { paths })).toEqual([]);
  });
});
