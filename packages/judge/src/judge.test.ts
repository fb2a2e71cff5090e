import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Judgment } from '@kalvimate/core';
import { createTempDir, REPO_ROOT, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeResults } from './judge.js';
import { judgeCustomId } from './llm/judge-request.js';
import { loadRubric } from './llm/rubric.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
const ID = 'req_1_chap1_topic1_smart_assistant';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-judge-');
  await mkdir(dir.join('out'));
  await writeFile(
    dir.join('out', 'results.jsonl'),
    jsonl([
      {
        id: 'b1',
        custom_id: ID,
        response: {
          status_code: 200,
          body: {
            model: 'gpt-4o-mini',
            choices: [
              {
                message: {
                  role: 'assistant',
                  content: JSON.stringify({
                    dialogues: [
                      u('How fast do things fall?'),
                      a('Things fall with an acceleration of 9.8 m/s² near the Earth.'),
                      u('Who are you?'),
                      a('As an AI language model, I explain the passage provided to me.'),
                      u('What pulls them down?'),
                      a('The pull of the Earth, called gravity, pulls every object down.'),
                    ],
                  }),
                },
                finish_reason: 'stop',
              },
            ],
          },
        },
        error: null,
      },
    ]),
  );
  await writeFile(
    dir.join('requests.jsonl'),
    jsonl([
      {
        custom_id: ID,
        method: 'POST',
        url: '/v1/chat/completions',
        body: {
          model: 'gpt-4o-mini',
          messages: [
            { role: 'system', content: 'Write dialogues.' },
            { role: 'user', content: 'Objects fall with an acceleration of 9.8 m/s², pulled by gravity.' },
          ],
        },
      },
    ]),
  );
});
afterEach(async () => {
  await dir.remove();
});

const base = () => ({
  inDir: dir.join('out'),
  outDir: dir.join('judgments'),
  requestFiles: [dir.join('requests.jsonl')],
  shapes: ['smart_assistant=dialogues:2'],
});

async function judgments(): Promise<Judgment[]> {
  const text = await readFile(dir.join('judgments', 'judgments.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Judgment);
}

describe('judgeResults with the LLM round', () => {
  it('writes a judge request for each conversation the checks keep and no earlier round asked', async () => {
    const rubric = await loadRubric(`${REPO_ROOT}/prompts/judges/tutor.md`);
    const asked = new Set([judgeCustomId('results.jsonl', 1, `${ID}#2`)]);
    const file = dir.join('judge_inputs', 'next.jsonl');
    const { summary, judgeRequestsFile } = await judgeResults({
      ...base(),
      judgeRequests: { file, rubric, asked },
    });
    expect(judgeRequestsFile).toBe(file);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { custom_id: string; body: { messages: Array<{ content: string }> } });
    // #1 is set aside for meta talk, #2 was asked before: only #0 is asked.
    expect(lines.map((l) => l.custom_id)).toEqual([judgeCustomId('results.jsonl', 1, `${ID}#0`)]);
    expect(lines[0]?.body.messages[1]?.content).toContain('pulled by gravity');
    expect(lines[0]?.body.messages[1]?.content).toContain('2. tutor: Things fall with an acceleration');
    expect(summary.llm).toMatchObject({ model: 'gpt-4o-mini', minScore: 3, requestsWritten: 1, unscored: 2 });
  });

  it('writes no requests file when there is nothing to ask', async () => {
    const rubric = await loadRubric(`${REPO_ROOT}/prompts/judges/tutor.md`);
    const asked = new Set([0, 2].map((n) => judgeCustomId('results.jsonl', 1, `${ID}#${n}`)));
    const file = dir.join('judge_inputs', 'next.jsonl');
    const result = await judgeResults({ ...base(), judgeRequests: { file, rubric, asked } });
    expect(result.judgeRequestsFile).toBeUndefined();
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('puts the scores into the judgments and sets aside one below minScore', async () => {
    const good = { faithfulness: 5, correctness: 5, pedagogy: 4, clarity: 5, language: 5 };
    const answers = new Map([
      [judgeCustomId('results.jsonl', 1, `${ID}#0`), { ok: true as const, scores: good, problems: [] }],
      [
        judgeCustomId('results.jsonl', 1, `${ID}#2`),
        {
          ok: true as const,
          scores: { ...good, faithfulness: 2 },
          problems: [{ criterion: 'faithfulness', turn: 2, problem: 'gravity is not named so' }],
        },
      ],
    ]);
    const { summary } = await judgeResults({ ...base(), answers });
    const [first, second, third] = await judgments();
    expect(first).toMatchObject({ scores: good, verdict: 'keep' });
    expect(second).toMatchObject({ scores: null, verdict: 'set-aside', flags: ['meta-talk'] });
    expect(third).toMatchObject({ verdict: 'set-aside', flags: ['low-score'] });
    expect(third?.reasons).toEqual(['low-score: faithfulness 2 < 3 (turn 2: gravity is not named so)']);
    expect(summary.llm).toMatchObject({ scored: 2, setAside: 1, unscored: 0 });
    expect(summary.byFlag['low-score']).toEqual({ flagged: 1, setAside: 1 });
    expect(summary.scores.smart_assistant?.faithfulness).toEqual({ '5': 1, '2': 1 });
    const { summary: lenient } = await judgeResults({ ...base(), answers, minScore: 0 });
    expect(lenient.llm.setAside).toBe(0);
  });
});

describe('judgeResults on a catalogue', () => {
  it("checks each conversation in its own book's language (languageOf), else the run's", async () => {
    await judgeResults({ ...base(), language: 'en' });
    expect((await judgments()).some((j) => j.flags.includes('language-mismatch'))).toBe(false);
    // The same English conversations, from a Tamil book of the catalogue.
    await judgeResults({ ...base(), language: 'en', languageOf: (id) => (id === ID ? 'ta' : undefined) });
    expect((await judgments()).every((j) => j.flags.includes('language-mismatch'))).toBe(true);
    // A request languageOf does not know keeps the run's language.
    await judgeResults({ ...base(), language: 'en', languageOf: () => undefined });
    expect((await judgments()).some((j) => j.flags.includes('language-mismatch'))).toBe(false);
  });

  it('rewrites its own folder, but never one that holds what it did not write (the results folder)', async () => {
    await judgeResults(base());
    await judgeResults(base());
    await expect(judgeResults({ ...base(), outDir: dir.join('out') })).rejects.toMatchObject({
      code: 'OUTPUT_FOLDER_NOT_OURS',
      exitCode: 2,
    });
    expect(await readFile(dir.join('out', 'results.jsonl'), 'utf8')).toContain(ID);
  });

  it('reads only the result files it is given (the current parts), not every file of the folder', async () => {
    await writeFile(dir.join('out', 'stale.output.jsonl'), 'not a result line\n');
    await expect(judgeResults(base())).rejects.toThrow(/stale\.output\.jsonl/);
    const { summary } = await judgeResults({ ...base(), resultFiles: ['results.jsonl'] });
    expect(summary.responses.in).toBe(1);
  });
});
