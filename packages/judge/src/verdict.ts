import { conversationId } from '@kalvimate/conversations';
import { JUDGMENT_SCHEMA_VERSION, type Judgment } from '@kalvimate/core';
import type { Flag } from './checks/types.js';
import { criteriaBelow, type JudgeProblem } from './llm/judge-result.js';

/**
 * The judgment of one conversation from its flags: set aside when any flag's code is in `setAside`, kept
 * (and marked) otherwise. `where` is the result file and line, which tell apart runs of the same requests. Each flag gives one reason, `code: detail`; the codes are listed once each.
 */
export function judgmentOf(
  customId: string,
  index: number,
  flags: readonly Flag[],
  setAside: ReadonlySet<string>,
  where: { file: string; line: number },
): Judgment {
  const codes = [...new Set(flags.map((f) => f.code))];
  return {
    schemaVersion: JUDGMENT_SCHEMA_VERSION,
    id: conversationId(customId, index),
    custom_id: customId,
    file: where.file,
    line: where.line,
    flags: codes,
    scores: null,
    verdict: codes.some((c) => setAside.has(c)) ? 'set-aside' : 'keep',
    reasons: flags.map((f) => `${f.code}: ${f.detail}`),
  };
}

/** The flag of a conversation the LLM judge scored below `judge.minScore` on some criterion. */
export const LOW_SCORE_FLAG = 'low-score';

/**
 * A judgment with the LLM judge's scores: any criterion below `minScore` (0: none) adds the `low-score` flag
 * and sets the conversation aside, with one reason per such criterion naming its score and the problems the
 * judge found for it.
 */
export function withScores(
  judgment: Judgment,
  answer: { scores: Record<string, number>; problems: readonly JudgeProblem[] },
  minScore: number,
): Judgment {
  const below = criteriaBelow(answer.scores, minScore);
  if (below.length === 0) return { ...judgment, scores: answer.scores };
  const reasons = below.map((criterion) => {
    const problems = answer.problems
      .filter((p) => p.criterion === criterion)
      .map((p) => `turn ${p.turn}: ${p.problem}`);
    return `${LOW_SCORE_FLAG}: ${criterion} ${answer.scores[criterion]} < ${minScore}${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`;
  });
  return {
    ...judgment,
    scores: answer.scores,
    flags: [...judgment.flags, LOW_SCORE_FLAG],
    verdict: 'set-aside',
    reasons: [...judgment.reasons, ...reasons],
  };
}
