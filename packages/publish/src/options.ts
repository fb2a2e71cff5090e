import { bookLanguage } from '@kalvimate/core';
import { z } from 'zod';
import { isRepoId, TEST_SPLIT_MAX } from './flag-rules.js';

export { parseShapeRule } from '@kalvimate/conversations/shape';

export { assertRepoId, isRepoId, TEST_SPLIT_MAX } from './flag-rules.js';

/**
 * The system message every row starts with, unless the user gives their own. Its last sentence names the
 * book's language (`{{book_language}}`), and goes when the language is unknown.
 */
export const DEFAULT_SYSTEM_MESSAGE =
  'You are KalviMate, a patient tutor for school students who teaches from their textbook. ' +
  'Explain one idea at a time in plain words, ask what the student already thinks, and build on it. ' +
  'When an answer is wrong, say what was right about it, then give the correct answer with a short reason. ' +
  'Keep to what the book teaches, and say so when a question goes beyond it. ' +
  'Talk with the student in {{book_language}}.';

const LANGUAGE_PLACEHOLDER = /\{\{\s*book_language\s*\}\}/g;

/**
 * The system message for a book: `{{book_language}}` becomes the book's language named in English and in
 * itself ("Tamil (தமிழ்)"); when the language is unknown, each sentence that names it is left out.
 * @example systemMessageFor(DEFAULT_SYSTEM_MESSAGE, 'ta') // '… Talk with the student in Tamil (தமிழ்).'
 */
export function systemMessageFor(message: string, language: string | undefined): string {
  const known = bookLanguage(language ?? '');
  if (known.english) return message.replace(LANGUAGE_PLACEHOLDER, known.label);
  return message
    .split(/(?<=[.!?])\s+/u)
    .filter((sentence) => !new RegExp(LANGUAGE_PLACEHOLDER.source).test(sentence))
    .join(' ')
    .trim();
}

/** Options of the publish stage; also the `publish` section of kalvimate.config.json. */
export const PublishOptionsSchema = z
  .object({
    /** The dataset repo on the Hub, `OWNER/NAME`; without it the files are only written locally. */
    repoId: z
      .string()
      .refine(
        isRepoId,
        'expected OWNER/NAME (letters, digits, ".", "_" and "-"), e.g. my-org/science-9-tutor',
      )
      .optional(),
    /** Create the repo as private (only when it does not exist yet). */
    private: z.boolean().default(false),
    /** Upload to the Hub when a repo id is known (false: write the folder only). */
    upload: z.boolean().default(true),
    /** The system message put first in every conversation (`{{book_language}}`: the book's language). */
    systemMessage: z.string().trim().min(1).default(DEFAULT_SYSTEM_MESSAGE),
    /** `NAME=session` or `NAME=dialogues:K`, matched against the end of custom_ids the manifest does not know. */
    shapes: z.array(z.string()).default([]),
    /** Share of the topics whose rows go to the test split. */
    testSplit: z.number().min(0).max(TEST_SPLIT_MAX).default(0.1),
    /** Seed of the topic → split choice. */
    seed: z.string().min(1).default('kalvimate'),
    /** Also write `jsonl/train.jsonl` and `jsonl/test.jsonl`. */
    jsonl: z.boolean().default(false),
    /** The dataset card's `license` (the source book's licence decides what you may use). */
    license: z.string().min(1).default('other'),
    /** With `license: other`: the card's `license_name` (default `source-textbook-terms`). */
    licenseName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"')
      .optional(),
    /** With `license: other`: the card's `license_link`, a URL or a file of the dataset repo. */
    licenseLink: z.string().min(1).optional(),
    /** Language code(s) for the card when the request manifest does not name the book's language. */
    language: z.string().min(2).optional(),
    /** The book's title when the request manifest is absent. */
    book: z.string().min(1).optional(),
    /** Rows per Parquet row group. */
    rowGroupRows: z.number().int().min(1).max(100_000).default(1000),
    /** Start a new Parquet shard past this many bytes. */
    maxShardBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .default(256 * 1024 * 1024),
  })
  .strict();
export type PublishOptions = z.infer<typeof PublishOptionsSchema>;
export type PublishOptionsInput = z.input<typeof PublishOptionsSchema>;
