import { z } from 'zod';

/** Version of the Book / Chapter files. Bump when a change is not backwards compatible. */
export const BOOK_SCHEMA_VERSION = 1;

export const TOPIC_KINDS = [
  'topic',
  'solved-problems',
  'activity',
  'exercises',
  'summary',
  'glossary',
  'front-matter',
  'other',
] as const;
export const TopicKindSchema = z.enum(TOPIC_KINDS);
export type TopicKind = z.infer<typeof TopicKindSchema>;

const text = z.string();

export const ParagraphBlockSchema = z
  .object({
    type: z.literal('paragraph'),
    text,
    /** The paragraph is a sub-heading inside its topic (a heading that opened no topic of its own). */
    heading: z.literal(true).optional(),
  })
  .strict();
export const ListBlockSchema = z
  .object({ type: z.literal('list'), text, items: z.array(z.string()), ordered: z.boolean().optional() })
  .strict();
export const TableBlockSchema = z
  .object({
    type: z.literal('table'),
    text,
    rows: z.array(z.array(z.string())),
    caption: z.string().optional(),
  })
  .strict();
export const FigureBlockSchema = z
  .object({ type: z.literal('figure'), text, alt: z.string(), caption: z.string().optional() })
  .strict();
export const MathBlockSchema = z.object({ type: z.literal('math'), text, latex: z.string() }).strict();
/** A footnote or an aside (sidebar, tip, warning); `title` is the aside's own heading ("Note", "Tip"). */
export const NoteBlockSchema = z
  .object({ type: z.literal('note'), text, title: z.string().optional() })
  .strict();

/**
 * Text whose lines and spacing are its own (`<pre>`: a program's code, a verse set line by line): `text`
 * keeps every line break and indent, and preprocess leaves it as written.
 */
export const PreformattedBlockSchema = z.object({ type: z.literal('preformatted'), text }).strict();

/** One unit of content. `text` is always a readable plain rendering of the whole block. */
export const BlockSchema = z.discriminatedUnion('type', [
  ParagraphBlockSchema,
  ListBlockSchema,
  TableBlockSchema,
  FigureBlockSchema,
  MathBlockSchema,
  NoteBlockSchema,
  PreformattedBlockSchema,
]);
export type Block = z.infer<typeof BlockSchema>;
export type BlockType = Block['type'];

/** Which piece of a section cut to a prompt's size this topic is: `{ part: 2, of: 3 }` is "part 2 of 3". */
export const TopicSplitSchema = z
  .object({ part: z.number().int().positive(), of: z.number().int().positive() })
  .strict()
  .refine((s) => s.part <= s.of, { message: 'part must not exceed of' });
export type TopicSplit = z.infer<typeof TopicSplitSchema>;

/**
 * A section of a chapter. `number` is the book's own numbering ("3.1.2"); `path` the numbers of its
 * parents; `split` is set when a section longer than the topic bound was cut into several topics.
 */
export const TopicSchema = z
  .object({
    id: z.string().min(1),
    number: z.string().min(1).optional(),
    title: z.string(),
    kind: TopicKindSchema,
    path: z.array(z.string()),
    split: TopicSplitSchema.optional(),
    blocks: z.array(BlockSchema),
  })
  .strict();
export type Topic = z.infer<typeof TopicSchema>;

/**
 * A chapter. `number` is unique in the book (0 is front matter); `label` is the book's own designation
 * when it has one ("Unit 3", "SLE", "一", "الفصل الثاني"); `part` the part of the book it belongs to.
 */
export const ChapterSchema = z
  .object({
    schemaVersion: z.literal(BOOK_SCHEMA_VERSION).default(BOOK_SCHEMA_VERSION),
    number: z.number().int().nonnegative(),
    label: z.string().optional(),
    part: z.string().optional(),
    title: z.string(),
    topics: z.array(TopicSchema),
  })
  .strict();
export type Chapter = z.infer<typeof ChapterSchema>;

export const ChapterRefSchema = z
  .object({
    number: z.number().int().nonnegative(),
    label: z.string().optional(),
    part: z.string().optional(),
    title: z.string(),
    file: z.string().min(1),
  })
  .strict();
export type ChapterRef = z.infer<typeof ChapterRefSchema>;

export const BookSchema = z
  .object({
    schemaVersion: z.literal(BOOK_SCHEMA_VERSION).default(BOOK_SCHEMA_VERSION),
    title: z.string(),
    language: z.string(),
    identifier: z.string(),
    source: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    chapters: z.array(ChapterRefSchema),
  })
  .strict();
export type Book = z.infer<typeof BookSchema>;
