import { workspacePaths } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { describeEvent } from './describe-run.js';
import type { StageOutcome } from './stage-step.js';
import type { ExtractStageSummary } from './stages/extract.js';

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
  it("gives a stage's headline after its name in a column, with its time, and what must not be missed; the files written only when verbose", () => {
    const lines = describeEvent(
      { type: 'stage-end', stage: 'split', outcome: split },
      { paths, dataDir: '/work/data' },
    );
    expect(lines).toEqual([
      'split      split requests.jsonl: 12 requests, 3,400 tokens into 1 part(s) (limits: 50,000 requests, 200,000,000 bytes, 2,000,000 tokens per part) (1.23 s)',
      '           set aside 2 invalid line(s) in openai_inputs/parts/rejected.jsonl',
    ]);
    const clean = describeEvent(
      {
        type: 'stage-end',
        stage: 'split',
        outcome: { ...split, summary: { ...split.summary, rejected: 0 } } as never,
      },
      { paths, dataDir: '/work/data' },
    );
    expect(clean).toEqual(lines.slice(0, 1));
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

  it("shows submit's requests left without a result, not where the results went", () => {
    const submit = {
      stage: 'submit',
      status: 'ran',
      durationMs: 60_000,
      summary: {
        mode: 'batch',
        parts: 2,
        requests: 1200,
        succeeded: 1197,
        pending: 0,
        failed: 3,
        missing: [
          {
            customId: 'c1-t001__mcq_quiz',
            part: 'requests.mcq_quiz.part-0001.jsonl',
            reason: 'rate limited',
          },
        ],
        batchesCreated: 2,
        retryParts: 1,
        capacityResubmits: 0,
        usage: { inputTokens: 1_000_000, outputTokens: 200_000 },
        costUsd: 0.12,
        nothingToDo: false,
        switchedToDirect: false,
        ledgerPath: '/work/data/batches/ledger.json',
        outDir: '/work/data/clean_outputs',
      },
    } as never as StageOutcome;
    const event = { type: 'stage-end', stage: 'submit', outcome: submit } as const;
    expect(describeEvent(event, { paths, dataDir: '/work/data' })).toEqual([
      'submit     submit (batch mode): 2 batch(es) created, 1 retry part(s), 0 resubmission(s) for queue capacity (60.0 s)',
      '           1,197/1,200 request(s) have a result; cost so far $0.12 (1,000,000 input, 200,000 output tokens)',
      '           3 request(s) have no result after 3 attempt(s):',
      '           c1-t001__mcq_quiz (requests.mcq_quiz.part-0001.jsonl): rate limited',
    ]);
    expect(describeEvent(event, { paths, dataDir: '/work/data', verbose: true }).at(-1)).toBe(
      '           results in clean_outputs, ledger ledger.json in batches',
    );
  });

  it("ends with publish's every line: what was set aside and where the dataset went", () => {
    const summary = {
      outDir: '/work/data/dataset',
      responses: { in: 59, accepted: 58, rejected: 1 },
      rejectsByReason: { runaway: 1 },
      conversations: 228,
      splits: { train: 200, test: 28 },
      perTemplate: { concept_explanations: 228 },
      duplicates: { exact: 0, near: 0 },
      invalidConversations: 0,
      retryRequests: 1,
      files: [],
    };
    const publish = (extra: object) =>
      describeEvent(
        {
          type: 'stage-end',
          stage: 'publish',
          outcome: {
            stage: 'publish',
            status: 'ran',
            durationMs: 300,
            summary: { ...summary, ...extra },
          } as never,
        },
        { paths, dataDir: '/work/data', repoId: 'me/tutor' },
      );
    const uploaded = publish({
      repoUrl: 'https://huggingface.co/datasets/me/tutor',
      commitOid: '0123456789abcdef',
      created: true,
    });
    expect(uploaded.slice(3)).toEqual([
      '           see rejects.jsonl for what was set aside; retry.jsonl holds 1 request(s) to submit again',
      '           created and committed to https://huggingface.co/datasets/me/tutor (commit 0123456)',
    ]);
    expect(publish({}).at(-1)).toBe(
      '           not uploaded (--no-upload); run again without it to push to me/tutor',
    );
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
    // What a conversion lost of the book is said again, from the summary the last run kept.
    const lostLetters = {
      scripts: { Tamil: { words: 241, loneConsonants: 69 } },
      unreadable: 0,
      words: 400,
      legacyFontWords: 0,
    };
    const kept = describeEvent(
      {
        type: 'stage-skipped',
        stage: 'extract',
        outcome: { stage: 'extract', status: 'skipped', summary: { lostLetters } as ExtractStageSummary },
      },
      { paths },
    );
    expect(kept).toEqual([
      'extract    skipped: unchanged since its last run',
      "           letters lost in a conversion (prompts would teach broken words): Tamil (60.3 % of the book's words): 69 of 241 words left as a consonant alone",
    ]);
    expect(describeEvent({ type: 'stopped', reason: 'declined' }, { paths })).toEqual([
      'nothing was submitted (you answered no)',
    ]);
    expect(describeEvent({ type: 'progress', stage: 'split', done: 1, total: 2 }, { paths })).toEqual([]);
  });
});
