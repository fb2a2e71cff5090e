import { describe, expect, it } from 'vitest';
import { JudgmentSchema } from './index.js';

const judgment = {
  schemaVersion: 1,
  id: 'req_0_chap1_topic1_1_MCQ_based#0',
  custom_id: 'req_0_chap1_topic1_1_MCQ_based',
  file: 'iteration_2_mcq_response.jsonl',
  line: 1,
  flags: ['meta-talk'],
  scores: null,
  verdict: 'set-aside',
  reasons: ['meta-talk: turn 2: "the passage provided"'],
};

describe('JudgmentSchema', () => {
  it('takes a judgment without LLM scores and one with them', () => {
    expect(JudgmentSchema.parse(judgment)).toEqual(judgment);
    expect(JudgmentSchema.parse({ ...judgment, scores: { faithfulness: 4 } }).scores).toEqual({
      faithfulness: 4,
    });
  });

  it('refuses an unknown verdict, a missing schemaVersion and unknown keys', () => {
    expect(JudgmentSchema.safeParse({ ...judgment, verdict: 'maybe' }).success).toBe(false);
    expect(JudgmentSchema.safeParse({ ...judgment, schemaVersion: undefined }).success).toBe(false);
    expect(JudgmentSchema.safeParse({ ...judgment, extra: 1 }).success).toBe(false);
  });
});
