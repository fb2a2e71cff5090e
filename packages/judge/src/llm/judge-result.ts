import { firstChoice } from '@kalvimate/conversations';
import type { ResultLine } from '@kalvimate/core';
import type { Rubric } from './rubric.js';

/** A problem the judge model named. */
export interface JudgeProblem {
  criterion: string;
  turn: number;
  problem: string;
}

export type JudgeResult =
  | { ok: true; scores: Record<string, number>; problems: JudgeProblem[] }
  | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the judge model's answer to one request: every criterion of the rubric an integer from 1 to its scale,
 * and the problems it listed. Anything else (an error line, a refusal, a cut-off answer, a score out of range) is
 * not a judgment, with the reason why, so that the conversation can be judged again rather than guessed.
 */
export function parseJudgeResult(line: ResultLine, rubric: Rubric): JudgeResult {
  if (line.error || line.response?.status_code !== 200) return { ok: false, reason: 'error-line' };
  const choice = firstChoice(line.response.body);
  if (!choice?.content) return { ok: false, reason: choice?.refusal ? 'refusal' : 'empty' };
  if (choice.finishReason === 'length') return { ok: false, reason: 'truncated' };
  let value: unknown;
  try {
    value = JSON.parse(choice.content);
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
  if (!isRecord(value) || !isRecord(value.scores)) return { ok: false, reason: 'no-scores' };
  const scores: Record<string, number> = {};
  for (const criterion of rubric.criteria) {
    const score = value.scores[criterion];
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > rubric.scale)
      return { ok: false, reason: `bad-score:${criterion}` };
    scores[criterion] = score;
  }
  const problems: JudgeProblem[] = [];
  for (const p of Array.isArray(value.problems) ? value.problems : []) {
    if (isRecord(p) && typeof p.criterion === 'string' && typeof p.problem === 'string')
      problems.push({
        criterion: p.criterion,
        turn: typeof p.turn === 'number' ? p.turn : 0,
        problem: p.problem,
      });
  }
  return { ok: true, scores, problems };
}

export { DEFAULT_MIN_SCORE } from '../options.js';

/** The criteria scored below `minScore` (a conversation with any is set aside). */
export function criteriaBelow(scores: Readonly<Record<string, number>>, minScore: number): string[] {
  return Object.entries(scores)
    .filter(([, score]) => score < minScore)
    .map(([criterion]) => criterion);
}
