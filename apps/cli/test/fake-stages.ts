import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@kalvimate/core';
import { DEFAULT_STAGES, type StageRunners } from '@kalvimate/pipeline';
import type { PublishStats } from '@kalvimate/publish';

/**
 * Stage runners for tests of `run`: extract, generate and split are the real ones; preprocess copies
 * the chapters; judge is the real one; submit and publish write plausible files (a ledger, Batch API result lines, dataset
 * rows, rejects and stats) without any network. Every call is logged in `calls`.
 */
export function fakeRunners(calls: string[], overrides: Partial<StageRunners> = {}): StageRunners {
  const fakes: StageRunners = {
    extract: async (ctx, o) => {
      calls.push('extract');
      return DEFAULT_STAGES.extract(ctx, o);
    },
    preprocess: async (ctx) => {
      calls.push('preprocess');
      await cp(ctx.paths.structured, ctx.paths.preprocessed, { recursive: true });
      return {
        inDir: ctx.paths.structured,
        outDir: ctx.paths.preprocessed,
        chapters: 0,
        topics: 0,
        blocks: 0,
        fields: 0,
        fieldsChanged: 0,
        edits: 0,
        rules: {},
        disabledRules: [],
        emptiedBlocks: 0,
      };
    },
    generate: async (ctx, o) => {
      calls.push('generate');
      return DEFAULT_STAGES.generate(ctx, o);
    },
    split: async (ctx, o) => {
      calls.push('split');
      return DEFAULT_STAGES.split(ctx, o);
    },
    submit: async (ctx, o) => {
      calls.push(`submit${o.pollInterval !== undefined ? ` poll=${o.pollInterval}` : ''}`);
      const requests = (await readFile(ctx.paths.requests, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { custom_id: string });
      const lines = requests.map((r, i) =>
        JSON.stringify(
          i === 0
            ? {
                id: `batch_req_${i}`,
                custom_id: r.custom_id,
                response: null,
                error: { code: 'x', message: 'y' },
              }
            : {
                id: `batch_req_${i}`,
                custom_id: r.custom_id,
                response: {
                  status_code: 200,
                  body: {
                    model: 'gpt-4o-mini-2024-07-18',
                    usage: {
                      prompt_tokens: 300 + i,
                      completion_tokens: 200 + 10 * i,
                      total_tokens: 500 + 11 * i,
                      prompt_tokens_details: { cached_tokens: i > 2 ? 128 : 0 },
                    },
                  },
                },
                error: null,
              },
        ),
      );
      await writeFileAtomic(join(ctx.paths.outputs, 'part-0001.output.jsonl'), `${lines.join('\n')}\n`);
      const usage = {
        inputTokens: 300 * requests.length,
        cachedInputTokens: 128,
        outputTokens: 250 * requests.length,
      };
      // The ledger names the parts split wrote (by sha256), so that judge and publish read their results.
      const manifest = JSON.parse(await readFile(ctx.paths.partsManifest, 'utf8')) as {
        parts: { file: string; sha256: string }[];
      };
      await writeJsonAtomic(ctx.paths.ledger, {
        schemaVersion: 2,
        parts: manifest.parts.map((part, index) => ({
          file: part.file,
          stem: part.file.replace(/\.jsonl$/, ''),
          sha256: part.sha256,
          requests: index === 0 ? requests.length : 0,
          tokens: 0,
          attempts: [
            {
              number: 1,
              file: part.file,
              inputPath: `openai_inputs/parts/${part.file}`,
              sha256: part.sha256,
              requests: index === 0 ? requests.length : 0,
              tokens: 0,
              mode: 'batch',
              state: 'finished',
              batches: [{ id: `batch_${index + 1}`, status: 'completed', createdAt: '2026-01-01T00:00:00Z' }],
              capacityRetries: 0,
              resultFiles: index === 0 ? ['part-0001.output.jsonl'] : [],
              ...(index === 0
                ? { result: { good: requests.length - 1, missing: 1, reasons: { error: 1 }, usage } }
                : {}),
            },
          ],
        })),
      });
      return {
        mode: 'batch',
        model: 'gpt-4o-mini',
        parts: 1,
        requests: requests.length,
        succeeded: requests.length - 1,
        pending: 0,
        failed: 0,
        missing: [],
        batchesCreated: 1,
        retryParts: 0,
        capacityResubmits: 0,
        usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 },
        costUsd: 0,
        nothingToDo: false,
        switchedToDirect: false,
        ledgerPath: ctx.paths.ledger,
        outDir: ctx.paths.outputs,
      };
    },
    judge: async (ctx, o) => {
      calls.push('judge');
      return DEFAULT_STAGES.judge(ctx, o);
    },
    publish: async (ctx, o) => {
      calls.push(`publish${o.repoId ? ` repo=${o.repoId}` : ''}${o.upload === false ? ' no-upload' : ''}`);
      const dir = ctx.paths.dataset;
      await mkdir(join(dir, 'jsonl'), { recursive: true });
      const templates = ['mcq_quiz', 'lesson_openers', 'misconceptions'];
      const rows = Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          messages: [
            { role: 'user', content: `Question ${i} about the topic ${'and more '.repeat(i)}` },
            { role: 'assistant', content: `An answer ${'with detail '.repeat(i * 2)}` },
          ],
          template: templates[i % 3],
        }),
      );
      await writeFileAtomic(join(dir, 'jsonl', 'train.jsonl'), `${rows.join('\n')}\n`);
      await writeFileAtomic(
        join(dir, 'rejects.jsonl'),
        `${[
          { custom_id: 'a', reason: 'truncated' },
          { custom_id: 'b', reason: 'truncated' },
          { custom_id: 'c', reason: 'unparseable' },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n')}\n`,
      );
      const templateCounts = { mcq_quiz: 10, lesson_openers: 10, misconceptions: 10 };
      const stats: PublishStats = {
        schemaVersion: 1,
        book: { title: 'Sample', language: 'en' },
        input: [],
        responses: { in: 30, accepted: 30, rejected: 0 },
        rejectsByReason: {},
        conversations: {
          found: 32,
          invalid: 0,
          invalidByReason: {},
          setAside: 0,
          duplicates: { exact: 2, near: 0 },
          written: 30,
        },
        splits: { train: 27, test: 3 },
        quality: { judged: false, setAsideByFlag: {}, keptWithFlag: {}, scored: 0, scores: {}, llm: null },
        bytes: { train: 0, test: 0 },
        files: { train: [], test: [] },
        byTemplate: Object.fromEntries(
          Object.entries(templateCounts).map(([name, n]) => [
            name,
            { shape: 'session', responses: n, rejected: 0, conversations: n },
          ]),
        ),
        perTemplate: templateCounts,
        duplicatesRemoved: 2,
        repoId: null,
        byChapter: {},
        models: {},
        repairs: {},
        retry: { rejectedRequests: 0, written: 0, requestFileKnown: true },
        testSplit: 0.1,
        seed: 'kalvimate',
        systemMessage: 'You are a tutor.',
      };
      await writeJsonAtomic(ctx.paths.datasetStats, stats);
      return {
        outDir: dir,
        responses: { in: 30, accepted: 30, rejected: 0 },
        rejectsByReason: {},
        conversations: 30,
        splits: { train: 27, test: 3 },
        perTemplate: { mcq_quiz: 10, lesson_openers: 10, misconceptions: 10 },
        duplicates: { exact: 2, near: 0 },
        invalidConversations: 0,
        retryRequests: 0,
        files: ['jsonl/train.jsonl'],
      };
    },
  };
  return { ...fakes, ...overrides };
}
