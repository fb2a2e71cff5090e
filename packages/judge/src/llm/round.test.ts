import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { countTextTokens, type Judgment, type RequestsManifest, sha256File } from '@kalvimate/core';
import { createTempDir, REPO_ROOT } from '@kalvimate/testkit';
import { describe, expect, it } from 'vitest';
import { withScores } from '../verdict.js';
import { estimateJudgeRound } from './estimate-round.js';
import { readJudgeAnswers } from './judge-answers.js';
import { parseRubric } from './rubric.js';

const RUBRIC_FILE = `${REPO_ROOT}/prompts/judges/tutor.md`;
const rubric = async () => parseRubric(RUBRIC_FILE, await readFile(RUBRIC_FILE, 'utf8'));

const kept: Judgment = {
  schemaVersion: 1,
  id: 'req_1#0',
  custom_id: 'req_1',
  file: 'out.jsonl',
  line: 1,
  flags: ['number-unsupported'],
  scores: null,
  verdict: 'keep',
  reasons: ['number-unsupported: 343 m/s'],
};

describe('scores in a judgment', () => {
  const scores = { faithfulness: 5, correctness: 2, pedagogy: 4, clarity: 5, language: 5 };
  const problems = [{ criterion: 'correctness', turn: 4, problem: 'praises B, A is right' }];

  it('sets aside a conversation with a criterion below minScore, naming the score and the problem', () => {
    expect(withScores(kept, { scores, problems }, 3)).toEqual({
      ...kept,
      scores,
      flags: ['number-unsupported', 'low-score'],
      verdict: 'set-aside',
      reasons: [
        'number-unsupported: 343 m/s',
        'low-score: correctness 2 < 3 (turn 4: praises B, A is right)',
      ],
    });
  });

  it('only adds the scores when every criterion reaches minScore, or minScore is 0', () => {
    expect(withScores(kept, { scores, problems }, 2)).toEqual({ ...kept, scores });
    expect(withScores(kept, { scores: { ...scores, correctness: 1 }, problems: [] }, 0).verdict).toBe('keep');
  });
});

function requestLine(customId: string, topic: string, maxTokens: number) {
  return JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Write tutor conversations.' },
        { role: 'user', content: topic },
      ],
      max_completion_tokens: maxTokens,
    },
  });
}

describe('the estimate of the judge round before its requests exist', () => {
  it('counts one judge request per conversation the template asks for, with the rubric and topic text', async () => {
    await using dir = await createTempDir('km-judge-estimate-');
    const file = dir.join('requests.jsonl');
    await writeFile(
      file,
      `${requestLine('a', 'Force is a push or a pull.', 1000)}\n${requestLine('b', 'Heat flows.', 900)}\n`,
    );
    const provenance = {
      book: 'B',
      chapter: 1,
      chapterTitle: 'C',
      topicId: 't',
      topicTitle: 'T',
      part: 1,
      parts: 1,
      inputTokens: 10,
    };
    const manifest = {
      schemaVersion: 1,
      model: 'gpt-4o-mini',
      book: { title: 'B', identifier: 'b', language: 'en' },
      requestsFile: 'requests.jsonl',
      requestsSha256: 'x',
      templates: {
        quiz: { shape: 'session', count: 1, turns: 10, maxOutputTokens: 1000, file: 'quiz.md' },
        pairs: { shape: 'dialogues', count: 3, turns: 2, maxOutputTokens: 900, file: 'pairs.md' },
      },
      requests: { a: { ...provenance, template: 'quiz' }, b: { ...provenance, template: 'pairs' } },
    } as RequestsManifest;
    const r = await rubric();
    const estimate = await estimateJudgeRound({
      requestsFile: file,
      manifest,
      rubric: r,
      model: 'gpt-4o-mini',
    });
    expect(estimate.requests).toBe(4);
    expect(estimate.perTemplate.pairs?.requests).toBe(3);
    expect(estimate.outputTokens).toBe(4 * r.maxOutputTokens);
    // The conversation counts at its share of the answer: 1000 for the session, 300 for each dialogue.
    const quizInput = estimate.perTemplate.quiz?.inputTokens ?? 0;
    const pairInput = (estimate.perTemplate.pairs?.inputTokens ?? 0) / 3;
    expect(quizInput - pairInput).toBeGreaterThan(650);
    expect(estimate.costUsd).toBeGreaterThan(0);
    expect(estimate.costUsdStandard).toBeCloseTo(estimate.costUsd * 2, 10);
  });

  it('takes the topics’ tokens from a manifest written with the very file, without reading it', async () => {
    await using dir = await createTempDir('km-judge-estimate-');
    const file = dir.join('requests.jsonl');
    const topics = {
      a: 'Force is a push or a pull.',
      b: 'Heat flows from hot to cold.',
      c: 'Heat flows from hot to cold.',
    };
    const lines = Object.entries(topics).map(([id, topic]) =>
      requestLine(id, topic, id === 'a' ? 1000 : 900),
    );
    await writeFile(file, `${lines.join('\n')}\n`);
    const sha = await sha256File(file);
    const provenance = (template: string, topic: string) => ({
      book: 'B',
      chapter: 1,
      chapterTitle: 'C',
      topicId: 't',
      topicTitle: 'T',
      template,
      part: 1,
      parts: 1,
      inputTokens: 10,
      topicTokens: countTextTokens(topic),
    });
    const manifest: RequestsManifest = {
      schemaVersion: 1,
      model: 'gpt-4o-mini',
      encoding: 'o200k_base',
      book: { title: 'B', identifier: 'b', language: 'en' },
      requestsFile: 'requests.jsonl',
      requestsSha256: sha,
      templates: {
        quiz: { shape: 'session', count: 1, turns: 10, maxOutputTokens: 1000, file: 'quiz.md' },
        pairs: { shape: 'dialogues', count: 3, turns: 2, maxOutputTokens: 900, file: 'pairs.md' },
      },
      requests: {
        a: provenance('quiz', topics.a),
        b: provenance('pairs', topics.b),
        c: provenance('pairs', topics.c),
      },
    };
    const r = await rubric();
    const base = { rubric: r, model: 'gpt-4o-mini' };
    const fromFile = await estimateJudgeRound({
      ...base,
      requestsFile: file,
      manifest: { ...manifest, encoding: undefined },
    });
    expect(fromFile.requests).toBe(7);
    // The same figures from the manifest alone: the file named here does not even exist.
    expect(
      await estimateJudgeRound({
        ...base,
        requestsFile: dir.join('gone.jsonl'),
        requestsSha256: sha,
        manifest,
      }),
    ).toEqual(fromFile);
    // Hashed here when the caller does not know the file's hash.
    expect(await estimateJudgeRound({ ...base, requestsFile: file, manifest })).toEqual(fromFile);
    // A manifest of another version of the file, or counted with another tokenizer, is not trusted.
    const other = { ...base, requestsFile: dir.join('gone.jsonl') };
    await expect(estimateJudgeRound({ ...other, requestsSha256: 'other', manifest })).rejects.toThrow(/gone/);
    await expect(
      estimateJudgeRound({
        ...other,
        requestsSha256: sha,
        manifest: { ...manifest, encoding: 'cl100k_base' },
      }),
    ).rejects.toThrow(/gone/);
    const { topicTokens: _t, ...withoutTokens } = manifest.requests.a as RequestsManifest['requests'][string];
    await expect(
      estimateJudgeRound({
        ...other,
        requestsSha256: sha,
        manifest: { ...manifest, requests: { ...manifest.requests, a: withoutTokens } },
      }),
    ).rejects.toThrow(/gone/);
  });
});

function resultLine(customId: string, content: string | null, status = 200) {
  return JSON.stringify({
    id: `batch_req_${customId}`,
    custom_id: customId,
    response: {
      status_code: status,
      request_id: 'r',
      body:
        status === 200
          ? {
              model: 'gpt-4o-mini',
              choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
              usage: {
                prompt_tokens: 100,
                completion_tokens: 20,
                prompt_tokens_details: { cached_tokens: 0 },
              },
            }
          : { error: { message: 'server error' } },
    },
    error: null,
  });
}

describe('reading the judge round’s results', () => {
  it('keeps a later good answer over an earlier failure, and counts what failed and what was asked', async () => {
    await using dir = await createTempDir('km-judge-answers-');
    const out = dir.join('judge_outputs');
    await mkdir(out);
    const scores = { faithfulness: 5, correctness: 4, pedagogy: 4, clarity: 5, language: 5 };
    await writeFile(
      `${out}/a.errors.jsonl`,
      `${resultLine('judge-1', null, 500)}\n${resultLine('judge-2', null, 500)}\n`,
    );
    await writeFile(
      `${out}/a.retry-1.output.jsonl`,
      `${resultLine('judge-1', JSON.stringify({ scores, problems: [] }))}\n${resultLine('judge-3', '{"scores":{}}')}\n`,
    );
    const answers = await readJudgeAnswers(out, await rubric());
    expect([...answers.scored.keys()]).toEqual(['judge-1']);
    expect(answers.scored.get('judge-1')?.scores).toEqual(scores);
    expect([...answers.asked].sort()).toEqual(['judge-1', 'judge-2', 'judge-3']);
    expect(answers.failed).toEqual({ 'error-line': 1, 'bad-score:faithfulness': 1 });
    expect(answers.usage).toMatchObject({ promptTokens: 200, completionTokens: 40, lines: 2 });
    expect((await readJudgeAnswers(dir.join('none'), await rubric())).asked.size).toBe(0);
  });
});
