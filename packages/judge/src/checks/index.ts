import { checkEmptyTurn, checkRepetition, checkRunawayLength } from './degenerate.js';
import { checkDialogueAnswered } from './dialogue.js';
import { checkLanguage } from './language.js';
import { checkMetaTalk } from './meta-talk.js';
import { checkNumbers } from './numbers.js';
import { checkFeedbackKey, checkQuizStructure } from './quiz.js';
import type { Check, Flag, JudgedConversation } from './types.js';

/** Every deterministic check, in the order their flags are listed. */
export const CHECKS: readonly Check[] = [
  checkNumbers,
  checkLanguage,
  checkMetaTalk,
  checkRepetition,
  checkRunawayLength,
  checkEmptyTurn,
  checkQuizStructure,
  checkFeedbackKey,
  checkDialogueAnswered,
];

/** Every flag code a deterministic check can raise (the table in the README documents each rule). */
export const FLAG_CODES = [
  'number-changed',
  'number-unsupported',
  'language-mismatch',
  'meta-talk',
  'repetition',
  'runaway-length',
  'empty-turn',
  'quiz-structure',
  'feedback-contradicts-key',
  'dialogue-unanswered',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

/** Runs every deterministic check on one conversation. */
export function runChecks(conversation: JudgedConversation): Flag[] {
  return CHECKS.flatMap((check) => check(conversation));
}
