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
