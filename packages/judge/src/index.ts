export type { TopicSource } from '@kalvimate/core';
// The topic text of a request, now core's (batch-gen counts it for the request manifest).
export { topicSourceOf } from '@kalvimate/core';
export { CHECKS, FLAG_CODES, type FlagCode, runChecks } from './checks/index.js';
export type { Check, Flag, JudgedConversation } from './checks/types.js';
export {
  type JudgeRequestsTarget,
  type JudgeResultsOptions,
  type JudgeResultsSummary,
  judgeResults,
} from './judge.js';
export { estimateJudgeRound, type JudgeRoundEstimateOptions } from './llm/estimate-round.js';
export { type JudgeAnswers, readJudgeAnswers } from './llm/judge-answers.js';
export {
  type JudgeRequestInput,
  judgeCustomId,
  judgeRequestFor,
  judgeResponseFormat,
  numberedTurns,
} from './llm/judge-request.js';
export {
  criteriaBelow,
  DEFAULT_MIN_SCORE,
  type JudgeProblem,
  type JudgeResult,
  parseJudgeResult,
} from './llm/judge-result.js';
export { loadRubric, parseRubric, type Rubric } from './llm/rubric.js';
export {
  DEFAULT_JUDGE_MODEL,
  DEFAULT_SET_ASIDE,
  type JudgeOptions,
  type JudgeOptionsInput,
  JudgeOptionsSchema,
} from './options.js';
export { emptySummary, type JudgeSummary } from './summary.js';
export { judgmentOf, LOW_SCORE_FLAG, withScores } from './verdict.js';
