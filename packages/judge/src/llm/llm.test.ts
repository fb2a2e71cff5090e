import { readFile } from 'node:fs/promises';
import type { ResultLine } from '@kalvimate/core';
import { REPO_ROOT } from '@kalvimate/testkit/fixtures';
import { describe, expect, it } from 'vitest';
import { judgeCustomId, judgeRequestFor } from './judge-request.js';
import { criteriaBelow, parseJudgeResult } from './judge-result.js';
import { parseRubric } from './rubric.js';

const RUBRIC_FILE = `${REPO_ROOT}/prompts/judges/tutor.md`;
const rubric = async () => parseRubric(RUBRIC_FILE, await readFile(RUBRIC_FILE, 'utf8'));

function answer(content: string, finish = 'stop'): ResultLine {
  return {
    id: 'b',
    custom_id: 'judge-1',
    response: {
      status_code: 200,
      body: { model: 'gpt-4o-mini', choices: [{ message: { content }, finish_reason: finish }] },
    },
    error: null,
  } as ResultLine;
}

describe('the tutor rubric', () => {
  it('has the five criteria on a 1–5 scale and an instruction without the topic', async () => {
    const r = await rubric();
    expect(r.criteria).toEqual(['faithfulness', 'correctness', 'pedagogy', 'clarity', 'language']);
    expect(r.scale).toBe(5);
    expect(r.system).not.toContain('{{topic_text}}');
    expect(r.user).toContain('{{conversation}}');
  });

  it('refuses a rubric without the topic line or with an unknown key, naming the file', () => {
    const front = '---\nname: t\ncriteria: [a]\nscale: 5\nmax_output_tokens: 100\ntemperature: 0\n---\n';
    expect(() => parseRubric('r.md', `${front}Judge {{conversation}}`)).toThrow(/r\.md: no "<!-- topic -->"/);
    expect(() => parseRubric('r.md', front.replace('scale: 5', 'scale: 5\nextra: 1'))).toThrow(/r\.md: /);
  });

  it('reads nested YAML front matter with the YAML parser, and names YAML that does not parse', () => {
    const body = 'Judge.\n<!-- topic -->\n{{conversation}}';
    // Block lists are beyond the flat reader: the YAML parser reads them the same.
    const nested =
      '---\nname: t\ncriteria:\n  - a\n  - b\nscale: 5\nmax_output_tokens: 100\ntemperature: 0\n---\n';
    expect(parseRubric('r.md', `${nested}${body}`)).toMatchObject({
      criteria: ['a', 'b'],
      maxOutputTokens: 100,
    });
    expect(() => parseRubric('r.md', `---\nname: [unclosed\n---\n${body}`)).toThrow(
      expect.objectContaining({
        code: 'JUDGE_BAD_RUBRIC',
        message: expect.stringMatching(/r\.md: front matter is not valid YAML/),
      }),
    );
    expect(() => parseRubric('r.md', body)).toThrow(/r\.md: no YAML front matter/);
  });
});

describe('judge requests', () => {
  it('asks with the rubric as system message, numbered turns and a strict schema of the criteria', async () => {
    const r = await rubric();
    const line = judgeRequestFor(r, {
      customId: judgeCustomId('out.jsonl', 3, 'req_1#0'),
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'What is {{topic_text}}?' },
        { role: 'assistant', content: 'Force is a push or a pull.' },
      ],
      topicTitle: 'Force',
      topicText: 'A push or a pull is a force.',
      bookLanguage: 'English',
      model: 'gpt-4o-mini',
    });
    expect(line.custom_id).toMatch(/^judge-[0-9a-f]{32}$/);
    expect(line.body.messages[0]?.content).toContain('the tutor writes in English');
    expect(line.body.messages[1]?.content).toContain(
      '1. student: What is {{topic_text}}?\n2. tutor: Force is a push or a pull.',
    );
    expect(line.body.messages[1]?.content).toContain('A push or a pull is a force.');
    const schema = (
      line.body.response_format as {
        json_schema: { strict: boolean; schema: { properties: { scores: { required: string[] } } } };
      }
    ).json_schema;
    expect(schema.strict).toBe(true);
    expect(schema.schema.properties.scores.required).toEqual(r.criteria);
  });

  it('gives the same custom_id to the same conversation and different ones to two runs of a request', () => {
    expect(judgeCustomId('a.jsonl', 1, 'x#0')).toBe(judgeCustomId('a.jsonl', 1, 'x#0'));
    expect(judgeCustomId('a.jsonl', 1, 'x#0')).not.toBe(judgeCustomId('b.jsonl', 1, 'x#0'));
  });
});

describe('judge results', () => {
  const scores = { faithfulness: 5, correctness: 2, pedagogy: 4, clarity: 5, language: 5 };
  it('reads the scores and problems, and names the criteria below the minimum', async () => {
    const result = parseJudgeResult(
      answer(
        JSON.stringify({
          scores,
          problems: [{ criterion: 'correctness', turn: 4, problem: 'praises B, A is right' }],
        }),
      ),
      await rubric(),
    );
    expect(result).toEqual({
      ok: true,
      scores,
      problems: [{ criterion: 'correctness', turn: 4, problem: 'praises B, A is right' }],
    });
    expect(result.ok && criteriaBelow(result.scores, 3)).toEqual(['correctness']);
  });

  it('is no judgment when a score is missing or out of range, or the answer was cut off', async () => {
    const r = await rubric();
    expect(
      parseJudgeResult(answer(JSON.stringify({ scores: { ...scores, clarity: 9 }, problems: [] })), r),
    ).toEqual({
      ok: false,
      reason: 'bad-score:clarity',
    });
    expect(parseJudgeResult(answer('{"scores": {', 'length'), r)).toEqual({ ok: false, reason: 'truncated' });
  });
});
