import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@kalvimate/core';
import { DEFAULT_RUNNERS, type StageRunners } from '../src/commands/run.js';

/**
 * Stage runners for tests of `run`: extract, generate and split are the real ones; preprocess copies
 * the chapters; submit and publish write plausible files (a ledger, Batch API result lines, dataset
 * rows, rejects and stats) without any network. Every call is logged in `calls`.
 */
export function fakeRunners(calls: string[], overrides: Partial<StageRunners> = {}): StageRunners {
  const fakes: StageRunners = {
    extract: async (ctx, o) => {
      calls.push('extract');
      return DEFAULT_RUNNERS.extract(ctx, o);
    },
    preprocess: async (ctx) => {
      calls.push('preprocess');
      await cp(ctx.dataPath('structured_chapters'), ctx.dataPath('preprocessed_chapters'), {
        recursive: true,
      });
      return { summary: { copied: true }, lines: ['copied the chapters unchanged (test stage)'] };
    },
    generate: async (ctx, o) => {
      calls.push('generate');
      return DEFAULT_RUNNERS.generate(ctx, o);
    },
    split: async (ctx, o) => {
      calls.push('split');
      return DEFAULT_RUNNERS.split(ctx, o);
    },
    submit: async (ctx, o) => {
      calls.push(`submit${o.pollInterval !== undefined ? ` poll=${o.pollInterval}` : ''}`);
      const requests = (await readFile(ctx.dataPath('openai_inputs', 'requests.jsonl'), 'utf8'))
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
      await writeFileAtomic(ctx.dataPath('clean_outputs', 'part-0001.output.jsonl'), `${lines.join('\n')}\n`);
      await writeJsonAtomic(ctx.dataPath('batches', 'ledger.json'), {
        batches: [{ id: 'batch_1', status: 'completed' }],
      });
      return { summary: { requests: requests.length }, lines: [`${requests.length} results (test stage)`] };
    },
    publish: async (ctx, o) => {
      calls.push(`publish${o.repoId ? ` repo=${o.repoId}` : ''}${o.upload === false ? ' no-upload' : ''}`);
      const dir = ctx.dataPath('dataset');
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
      await writeJsonAtomic(join(dir, 'stats.json'), { conversations: 30, duplicatesRemoved: 2 });
      return { summary: { conversations: 30 }, lines: ['30 conversations (test stage)'] };
    },
  };
  return { ...fakes, ...overrides };
}
