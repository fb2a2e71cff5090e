import { z } from 'zod';
import { FLAG_CODES } from './checks/index.js';

/**
 * The flags that set a conversation aside by default; the others only mark it. Chosen from the measurements on
 * the seed's 1,079 real responses (see the README): each of these was right in at least 17 of 20 flagged
 * conversations read by hand, and together they set aside a few percent of the conversations.
 */
export const DEFAULT_SET_ASIDE: readonly string[] = [
  'number-changed',
  'language-mismatch',
  'meta-talk',
  'repetition',
  'runaway-length',
  'feedback-contradicts-key',
];

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
  })
  .strict();
export type JudgeOptions = z.infer<typeof JudgeOptionsSchema>;
export type JudgeOptionsInput = z.input<typeof JudgeOptionsSchema>;
