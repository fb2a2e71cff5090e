import { z } from 'zod';

export const JUDGMENT_SCHEMA_VERSION = 1;

/** What the judge decided for a conversation: keep it, or set it aside (publish writes it to rejects.jsonl). */
export const VerdictSchema = z.enum(['keep', 'set-aside']);
export type Verdict = z.infer<typeof VerdictSchema>;

/**
 * One line of `judgments/judgments.jsonl`: the judge's record of one conversation. `id` is
 * `<custom_id>#<n>` (the conversation's index in its response); `flags` are the codes of the checks it
 * failed; `scores` are the LLM judge's per-criterion scores, null when no LLM judged it; `reasons` say, per
 * flag, what was found. `file` and `line` name the result line, as two runs of the same requests give the same ids.
 */
export const JudgmentSchema = z
  .object({
    schemaVersion: z.literal(JUDGMENT_SCHEMA_VERSION),
    id: z.string().min(1),
    custom_id: z.string().min(1),
    /** The result file (its name) and 1-based line the conversation came from: two runs of one request share ids. */
    file: z.string().min(1),
    line: z.number().int().positive(),
    flags: z.array(z.string().min(1)),
    scores: z.record(z.string(), z.number()).nullable(),
    verdict: VerdictSchema,
    reasons: z.array(z.string()),
  })
  .strict();
export type Judgment = z.infer<typeof JudgmentSchema>;
