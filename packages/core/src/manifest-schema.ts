import { z } from 'zod';

/** How a template's responses are shaped; later stages read it instead of guessing. */
export const TemplateShapeSchema = z
  .object({
    /** `session`: one conversation per response; `dialogues`: `count` independent conversations of `turns` turns. */
    shape: z.enum(['session', 'dialogues']),
    count: z.number().int().positive(),
    /** Messages per conversation (a turn is one message: a question and its answer are 2); even for `dialogues`. */
    turns: z.number().int().positive(),
  })
  .strict();
export type TemplateShape = z.infer<typeof TemplateShapeSchema>;

/** Where one request came from. */
export const RequestProvenanceSchema = z
  .object({
    book: z.string(),
    chapter: z.number().int().nonnegative(),
    chapterTitle: z.string(),
    topicId: z.string(),
    /** The book's own topic number ("3.1.2") when it has one. */
    topicNumber: z.string().optional(),
    topicTitle: z.string(),
    template: z.string(),
    /** 1-based part of a topic that was cut at block boundaries; `parts` is how many there are. */
    part: z.number().int().positive(),
    parts: z.number().int().positive(),
    /** Prompt tokens as OpenAI bills them. */
    inputTokens: z.number().int().nonnegative(),
    /**
     * Tokens of the topic text the request gives the model (`topicSourceOf`), which the judge round's
     * estimate counts; absent when the requests file as written differs from the request (a secret removed).
     */
    topicTokens: z.number().int().nonnegative().optional(),
  })
  .strict();
export type RequestProvenance = z.infer<typeof RequestProvenanceSchema>;

export const REQUESTS_MANIFEST_VERSION = 1;

/** `openai_inputs/requests.manifest.json`: maps each custom_id of `requests.jsonl` to its provenance. */
export const RequestsManifestSchema = z
  .object({
    schemaVersion: z.literal(REQUESTS_MANIFEST_VERSION).default(REQUESTS_MANIFEST_VERSION),
    model: z.string(),
    /** The tokenizer the counts of `requests` were taken with (the model's). */
    encoding: z.enum(['o200k_base', 'cl100k_base']).optional(),
    book: z.object({ title: z.string(), identifier: z.string(), language: z.string() }).strict(),
    /** The requests file this manifest describes, and its sha256. */
    requestsFile: z.string(),
    requestsSha256: z.string(),
    templates: z.record(
      z.string(),
      TemplateShapeSchema.extend({ maxOutputTokens: z.number().int().positive(), file: z.string() }),
    ),
    requests: z.record(z.string(), RequestProvenanceSchema),
  })
  .strict();
export type RequestsManifest = z.infer<typeof RequestsManifestSchema>;

export const PARTS_MANIFEST_VERSION = 1;

/** One part file written by the splitter. */
export const PartEntrySchema = z
  .object({
    file: z.string(),
    sha256: z.string(),
    requests: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    tokens: z.number().int().nonnegative(),
    /** custom_id of the first and last request, for orientation. */
    firstCustomId: z.string().optional(),
    lastCustomId: z.string().optional(),
    /** The group (template) every request of the part belongs to, when the split grouped them. */
    group: z.string().optional(),
  })
  .strict();
export type PartEntry = z.infer<typeof PartEntrySchema>;

/** `openai_inputs/parts/manifest.json`. */
export const PartsManifestSchema = z
  .object({
    schemaVersion: z.literal(PARTS_MANIFEST_VERSION).default(PARTS_MANIFEST_VERSION),
    source: z
      .object({ file: z.string(), sha256: z.string(), requests: z.number().int().nonnegative() })
      .strict(),
    model: z.string(),
    url: z.string(),
    limits: z
      .object({
        maxRequests: z.number().int().positive(),
        maxBytes: z.number().int().positive(),
        maxTokens: z.number().int().positive(),
        countOutputTokens: z.boolean(),
      })
      .strict(),
    parts: z.array(PartEntrySchema),
  })
  .strict();
export type PartsManifest = z.infer<typeof PartsManifestSchema>;
