import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { silentReporter, workspacePaths } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentResultFiles } from './current-results.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-current-results-');
});
afterEach(async () => dir.remove());

/** A ledger part whose one attempt saved `files`, split from `inputPath` (relative to the data folder). */
function part(stem: string, sha256: string, inputPath: string, files: string[]) {
  return {
    file: `${stem}.jsonl`,
    stem,
    sha256,
    requests: 1,
    tokens: 1,
    attempts: [
      {
        number: 1,
        file: `${stem}.jsonl`,
        inputPath,
        sha256,
        requests: 1,
        tokens: 1,
        mode: 'batch',
        state: 'finished',
        batches: [],
        capacityRetries: 0,
        resultFiles: files,
      },
    ],
  };
}

describe('currentResultFiles', () => {
  it("leaves out a replaced part's results, and keeps the rest of the folder", async () => {
    const paths = workspacePaths(dir.join('data'));
    const ctx = { paths, config: {}, reporter: silentReporter };
    expect(await currentResultFiles(ctx)).toBeUndefined();
    await mkdir(paths.parts, { recursive: true });
    await mkdir(paths.outputs, { recursive: true });
    await mkdir(dirname(paths.ledger), { recursive: true });
    const entry = (file: string, sha256: string) => ({ file, sha256, requests: 1, bytes: 1, tokens: 1 });
    await writeFile(
      paths.partsManifest,
      JSON.stringify({
        schemaVersion: 1,
        source: { file: 'requests.jsonl', sha256: 'x', requests: 2 },
        model: 'gpt-4o-mini',
        url: '/v1/chat/completions',
        limits: { maxRequests: 1, maxBytes: 1, maxTokens: 1, countOutputTokens: false },
        parts: [
          entry('requests.quiz.part-0001.jsonl', 'quiz-new'),
          entry('requests.story.part-0001.jsonl', 'story'),
        ],
      }),
    );
    await writeFile(
      paths.ledger,
      JSON.stringify({
        schemaVersion: 2,
        parts: [
          // The quiz template was edited: its old part is replaced by one of the same name.
          part('requests.quiz.part-0001', 'quiz-old', 'openai_inputs/parts/requests.quiz.part-0001.jsonl', [
            'requests.quiz.part-0001.output.jsonl',
          ]),
          // A template dropped since: its part is no longer listed.
          part('requests.gone.part-0001', 'gone', 'openai_inputs/parts/requests.gone.part-0001.jsonl', [
            'requests.gone.part-0001.output.jsonl',
          ]),
          part('requests.quiz.part-0001', 'quiz-new', 'openai_inputs/parts/requests.quiz.part-0001.jsonl', [
            'requests.quiz.part-0001.output.jsonl',
          ]),
          part('requests.story.part-0001', 'story', 'openai_inputs/parts/requests.story.part-0001.jsonl', [
            'requests.story.part-0001.output.jsonl',
            'requests.story.part-0001.errors.jsonl',
          ]),
          // Submitted by hand from elsewhere (`submit --parts`): not the split's, so still read.
          part('mine', 'mine', 'elsewhere/mine.jsonl', ['mine.output.jsonl']),
        ],
      }),
    );
    for (const name of [
      'requests.quiz.part-0001.output.jsonl',
      'requests.gone.part-0001.output.jsonl',
      'requests.story.part-0001.output.jsonl',
      'requests.story.part-0001.errors.jsonl',
      'mine.output.jsonl',
      'brought-along.jsonl',
    ])
      await writeFile(join(paths.outputs, name), '');
    expect((await currentResultFiles(ctx))?.sort()).toEqual([
      'brought-along.jsonl',
      'mine.output.jsonl',
      'requests.quiz.part-0001.output.jsonl',
      'requests.story.part-0001.errors.jsonl',
      'requests.story.part-0001.output.jsonl',
    ]);
  });
});
