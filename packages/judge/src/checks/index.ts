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

// The codes live in a module of their own: the options (and a config file's check) need them, not the checks.
export { FLAG_CODES, type FlagCode } from './flag-codes.js';

/** Runs every deterministic check on one conversation. */
export function runChecks(conversation: JudgedConversation): Flag[] {
  return CHECKS.flatMap((check) => check(conversation));
}
