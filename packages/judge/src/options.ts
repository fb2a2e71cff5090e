import { z } from 'zod';
import { FLAG_CODES } from './checks/flag-codes.js';

/**
 * The flags that set a conversation aside by default; the others only mark it. Chosen from the measurements on
 * the seed's real responses (README, "Checks"): the flags whose rule names a fault a tutor must not learn and
 * that were right when read (feedback against the key 18 of 20, meta talk 2 of 2) or are too narrow to cost much
 * when wrong (changed numbers: 4 flags in 6,528); together they set aside 1.5 % of the conversations.
 */
export const DEFAULT_SET_ASIDE: readonly string[] = [
  'number-changed',
  'language-mismatch',
  'meta-talk',
  'repetition',
  'runaway-length',
  'feedback-contradicts-key',
];

/** The default judge model: a cheap one, as the rubric asks for scores, not prose. */
export const DEFAULT_JUDGE_MODEL = 'gpt-4o-mini';

/**
 * The default `judge.minScore`: on the rubric's 1–5 scale a 2 or less on any criterion names a real fault (a
 * contradiction of the text, a wrong judgement of an answer, no teaching), while 3 is "harmless but plain".
 */
export const DEFAULT_MIN_SCORE = 3;

/** Options of the judge stage; also the `judge` section of kalvimate.config.json. */
export const JudgeOptionsSchema = z
  .object({
    /** Flag codes that set a conversation aside; the other flags only mark it. */
    setAside: z
      .array(
        z.enum(FLAG_CODES, {
          error: `expected one of the flag codes: ${FLAG_CODES.join(', ')}`,
        }),
      )
      .default([...DEFAULT_SET_ASIDE] as Array<(typeof FLAG_CODES)[number]>),
    /** The book's language (`en`, `ta`) when the request manifest does not name it. */
    language: z.string().min(2).optional(),
    /** `NAME=session` or `NAME=dialogues:K`, for custom_ids the request manifest does not know. */
    shapes: z.array(z.string()).default([]),
    /** Run the LLM judge round (a second batch round); false: the deterministic checks only. */
    llm: z.boolean().default(true),
    /** The model of the LLM judge round. */
    model: z.string().min(1).default(DEFAULT_JUDGE_MODEL),
    /** A conversation scored below this on any criterion is set aside (`low-score`); 0 turns it off. */
    minScore: z.number().int().min(0).max(10).default(DEFAULT_MIN_SCORE),
  })
  .strict();
export type JudgeOptions = z.infer<typeof JudgeOptionsSchema>;
export type JudgeOptionsInput = z.input<typeof JudgeOptionsSchema>;
