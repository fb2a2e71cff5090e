import { z } from 'zod';

export const DatasetMessageSchema = z
  .object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) })
  .strict();
export type DatasetMessage = z.infer<typeof DatasetMessageSchema>;

/** One conversation of the published dataset, with its provenance and what the judge found. */
export const DatasetRowSchema = z
  .object({
    /** `<custom_id>#<n>`: the request and the conversation's index in its response. */
    id: z.string().min(1),
    messages: z.array(DatasetMessageSchema).min(2),
    /** The book's title; null when neither the request manifest nor the custom_id names it. */
    book: z.string().min(1).nullable(),
    /** The book's id in a catalogue (its folder under `books/`); null in a one-book run. */
    book_id: z.string().min(1).nullable(),
    /** The book's language (BCP 47, as the catalogue or the EPUB names it); null when unknown. */
    language: z.string().min(1).nullable(),
    /** Subject and class or grade, as a catalogue names them; null when it does not. */
    subject: z.string().min(1).nullable(),
    grade: z.string().min(1).nullable(),
    /** The chapter's number (an integer, so rows sort 1, 2, 10); null when nothing names it. */
    chapter: z.number().int().nonnegative().nullable(),
    /** The chapter's title; null when unknown. */
    chapter_title: z.string().min(1).nullable(),
    topic: z.string(),
    template: z.string(),
    custom_id: z.string(),
    model: z.string(),
    /** Codes of the judge's flags (possibly empty; empty too when no judgments were read). */
    flags: z.array(z.string().min(1)),
    /** The LLM judge's score per criterion, null when no LLM judged the conversation. */
    scores: z.record(z.string(), z.number()).nullable(),
  })
  .strict();
export type DatasetRow = z.infer<typeof DatasetRowSchema>;
