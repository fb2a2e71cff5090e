import { z } from 'zod';

/** Default chapter heading patterns: "Unit 3", "UNIT-3", "UNIT -1 LAWS OF MOTION", "Chapter 3", Tamil "அலகு 3", "பாடம் 3". */
export const DEFAULT_CHAPTER_PATTERNS = [
  '^(?:unit|chapter|lesson)\\s*[-–—:.]?\\s*(\\d{1,3})\\b[\\s\\-–—:.]*(.*)$',
  '^(?:அலகு|பாடம்|இயல்)\\s*[-–—:.]?\\s*(\\d{1,3})\\b[\\s\\-–—:.]*(.*)$',
];

/** Default topic number pattern: "3.1", "3.1.2", optionally followed by a dot. */
export const DEFAULT_TOPIC_NUMBER_PATTERN = '^(\\d{1,3}(?:\\.\\d{1,3}){1,4})\\.?(?![\\d])\\s*(.*)$';

/** Headings that mark a section kind, matched case-insensitively against the whole heading. */
export const DEFAULT_KIND_PATTERNS = {
  'solved-problems': ['^solved\\s*(?:problems?|examples?)\\b', '^worked\\s+examples?\\b', '^தீர்க்கப்பட்ட'],
  exercises: [
    '^text\\s*book\\s*evaluation\\b',
    '^exercises?\\b',
    '^evaluation\\b',
    '^questions\\b',
    '^மதிப்பீடு',
  ],
  summary: ['^points\\s+to\\s+remember\\b', '^summary\\b', '^key\\s+points\\b', '^நினைவில்'],
  activity: ['^activity\\b', '^practicals?\\b', '^experiments?\\b', '^செயல்பாடு'],
  glossary: ['^glossary\\b', '^கலைச்சொற்கள்', '^சொற்களஞ்சியம்'],
  other: ['^learning\\s*objectives?\\b', '^notes?$', '^references?\\b', '^கற்றல்\\s+நோக்கங்கள்'],
} as const;

/** Limits checked on the zip's central directory before anything is inflated. */
export const ExtractLimitsSchema = z
  .object({
    /** Largest uncompressed size of one entry, bytes. */
    maxEntryBytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024 * 1024),
    /** Largest uncompressed size of the whole book, bytes. */
    maxTotalBytes: z
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024 * 1024),
    /** Largest compression ratio of an entry over 1 MiB uncompressed. */
    maxRatio: z.number().positive().default(100),
    /** Most entries in the zip. */
    maxEntries: z.number().int().positive().default(20_000),
  })
  .strict();
export type ExtractLimits = z.infer<typeof ExtractLimitsSchema>;

/** Options of the extract stage; the `extract` section of kalvimate.config.json. */
export const ExtractOptionsSchema = z
  .object({
    /** Regexes (case-insensitive) whose group 1 is the chapter number and group 2 the title (may be empty). */
    chapterPatterns: z.array(z.string()).default([...DEFAULT_CHAPTER_PATTERNS]),
    /** Regex whose group 1 is the topic number and group 2 the title. */
    topicNumberPattern: z.string().default(DEFAULT_TOPIC_NUMBER_PATTERN),
    /** Extra headings per kind, added to the defaults. */
    kindPatterns: z.record(z.string(), z.array(z.string())).default({}),
    limits: ExtractLimitsSchema.default(ExtractLimitsSchema.parse({})),
  })
  .strict();
export type ExtractOptions = z.infer<typeof ExtractOptionsSchema>;
export type ExtractOptionsInput = z.input<typeof ExtractOptionsSchema>;
