import { readJsonFile } from '@kalvimate/core';
import { z } from 'zod';
import { BookStatsSchema } from './catalogue.js';

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);

/** Counts per template in stats.json and the dataset card. */
export const TemplateStatsSchema = z.object({
  /** `session` or `dialogues:K`. */
  shape: z.string(),
  /** Responses read for this template. */
  responses: count,
  /** Of those, set aside whole (see rejects.jsonl). */
  rejected: count,
  /** Conversations written to the dataset. */
  conversations: count,
});
export type TemplateStats = z.infer<typeof TemplateStatsSchema>;

export const PUBLISH_STATS_VERSION = 1;

/**
 * `stats.json`: every count of a publish run. The sums hold:
 * `responses.in = responses.accepted + responses.rejected`, and
 * `conversations.found = conversations.invalid + conversations.setAside + duplicates.exact + duplicates.near + conversations.written`,
 * and `conversations.written = splits.train + splits.test`. Files of the first version, without
 * `perTemplate`, `duplicatesRemoved` and `repoId`, read with those derived from the other counts.
 */
export const PublishStatsSchema = z
  .object({
    schemaVersion: z.literal(PUBLISH_STATS_VERSION).default(PUBLISH_STATS_VERSION),
    book: z.object({ title: z.string(), language: z.string().nullable() }),
    input: z.array(z.object({ file: z.string(), kind: z.enum(['results', 'requests']), lines: count })),
    responses: z.object({ in: count, accepted: count, rejected: count }),
    /** Responses set aside whole, by reason (`runaway`, `truncated`, `unparseable`, `invalid-shape`, `error-line`, …). */
    rejectsByReason: counts,
    conversations: z.object({
      /** Conversations cut from accepted responses. */
      found: count,
      /** Set aside one by one (rejects.jsonl, scope `conversation`). */
      invalid: count,
      invalidByReason: counts,
      /** Set aside by the judge (rejects.jsonl, reason `judge`); 0 in files written before the judge. */
      setAside: count.default(0),
      duplicates: z.object({ exact: count, near: count }),
      written: count,
    }),
    splits: z.object({ train: count, test: count }),
    /** What the judge found: whether judgments were read, flags of the set-aside and of the kept conversations. */
    quality: z
      .object({
        judged: z.boolean(),
        setAsideByFlag: counts,
        keptWithFlag: counts,
        /** Rows with LLM scores. */
        scored: count,
        /** Per template and criterion, how many rows got each score (`"1"` … `"5"`). */
        scores: z.record(z.string(), z.record(z.string(), counts)).default({}),
        /** The LLM judge's model and `minScore`, when judgments/summary.json names them. */
        llm: z.object({ model: z.string(), minScore: count }).nullable().default(null),
      })
      .default({
        judged: false,
        setAsideByFlag: {},
        keptWithFlag: {},
        scored: 0,
        scores: {},
        llm: null,
      }),
    files: z.object({ train: z.array(z.string()), test: z.array(z.string()) }),
    /** Bytes of each split's Parquet files (the card's `dataset_info`); 0 in files written before. */
    bytes: z.object({ train: count, test: count }).default({ train: 0, test: 0 }),
    byTemplate: z.record(z.string(), TemplateStatsSchema),
    /** Conversations written per template (the same as `byTemplate[name].conversations`). */
    perTemplate: counts.optional(),
    /** `duplicates.exact + duplicates.near`. */
    duplicatesRemoved: count.optional(),
    /** The Hub dataset repo this folder is meant for, when one was given. */
    repoId: z.string().nullable().optional(),
    byChapter: counts,
    /** Accepted responses per generating model. */
    models: counts,
    /** How often each repair was needed (code fences, runaway tails, merged messages, …). */
    repairs: counts,
    retry: z.object({ rejectedRequests: count, written: count, requestFileKnown: z.boolean() }),
    testSplit: z.number(),
    seed: z.string(),
    systemMessage: z.string(),
    /** A catalogue's books, each with its counts (absent for one book). */
    books: z.array(BookStatsSchema).optional(),
    /** Result lines of books no longer in the catalogue, left out. */
    notInCatalogue: count.optional(),
  })
  .transform((stats) => ({
    ...stats,
    perTemplate:
      stats.perTemplate ??
      Object.fromEntries(Object.entries(stats.byTemplate).map(([name, t]) => [name, t.conversations])),
    duplicatesRemoved:
      stats.duplicatesRemoved ?? stats.conversations.duplicates.exact + stats.conversations.duplicates.near,
    repoId: stats.repoId ?? null,
  }));
export type PublishStats = z.output<typeof PublishStatsSchema>;

/**
 * Reads and validates a dataset folder's `stats.json` (any version this package wrote); a missing or
 * invalid file is a `UserInputError` (`PUBLISH_STATS_MISSING`, `…_NOT_JSON`, `…_INVALID`) naming it.
 * @example const stats = await readPublishStats(workspacePaths('data').datasetStats);
 */
export function readPublishStats(path: string): Promise<PublishStats> {
  return readJsonFile(path, PublishStatsSchema, {
    code: 'PUBLISH_STATS',
    what: 'dataset stats',
    missingHint: 'Run "kalvimate publish" first; it writes stats.json into the dataset folder.',
    invalidHint: 'Run "kalvimate publish" again to rewrite the dataset folder.',
  });
}

/** Stats with every count at zero. */
export function emptyStats(): PublishStats {
  return {
    schemaVersion: 1,
    book: { title: '', language: null },
    input: [],
    responses: { in: 0, accepted: 0, rejected: 0 },
    rejectsByReason: {},
    conversations: {
      found: 0,
      invalid: 0,
      invalidByReason: {},
      setAside: 0,
      duplicates: { exact: 0, near: 0 },
      written: 0,
    },
    splits: { train: 0, test: 0 },
    quality: { judged: false, setAsideByFlag: {}, keptWithFlag: {}, scored: 0, scores: {}, llm: null },
    files: { train: [], test: [] },
    bytes: { train: 0, test: 0 },
    byTemplate: {},
    perTemplate: {},
    duplicatesRemoved: 0,
    repoId: null,
    byChapter: {},
    models: {},
    repairs: {},
    retry: { rejectedRequests: 0, written: 0, requestFileKnown: false },
    testSplit: 0,
    seed: '',
    systemMessage: '',
  };
}
