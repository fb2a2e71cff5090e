import { z } from 'zod';

const count = z.number().int().nonnegative();

/** One book of a catalogue as publish needs it: how to know its requests, and what its rows carry. */
export const PublishCatalogueBookSchema = z
  .object({
    /** The book's id in the catalogue (its folder under `books/`). */
    id: z.string().min(1),
    /** The tag every custom_id of the book starts with (`b1a2b3c` of `b1a2b3c-c3-t012-mcq_quiz-p1`). */
    tag: z.string().min(1),
    title: z.string(),
    language: z.string().min(1).nullable(),
    subject: z.string().min(1).nullable(),
    grade: z.string().min(1).nullable(),
    /** What the book's batches cost (USD), for the card; null when not known. */
    costUsd: z.number().nonnegative().nullable(),
  })
  .strict();
export type PublishCatalogueBook = z.infer<typeof PublishCatalogueBookSchema>;

/** The counts of one book of a catalogue in stats.json and on the card. */
export const BookStatsSchema = PublishCatalogueBookSchema.omit({ tag: true }).extend({
  responses: z.object({ in: count, accepted: count, rejected: count }),
  conversations: z.object({
    invalid: count,
    setAside: count,
    duplicates: count,
    written: count,
  }),
  splits: z.object({ train: count, test: count }),
});
export type BookStats = z.infer<typeof BookStatsSchema>;

/**
 * The books of a catalogue, found by the tag that starts each custom_id. Results of a request whose book
 * is not in the catalogue (a book removed from it) are left out of the dataset.
 */
export class CatalogueBooks {
  private readonly byTag = new Map<string, PublishCatalogueBook>();
  private readonly stats = new Map<string, BookStats>();

  constructor(books: readonly PublishCatalogueBook[]) {
    for (const book of books) {
      const parsed = PublishCatalogueBookSchema.parse(book);
      this.byTag.set(parsed.tag, parsed);
      const { tag: _tag, ...rest } = parsed;
      this.stats.set(parsed.id, {
        ...rest,
        responses: { in: 0, accepted: 0, rejected: 0 },
        conversations: { invalid: 0, setAside: 0, duplicates: 0, written: 0 },
        splits: { train: 0, test: 0 },
      });
    }
  }

  /** The book of a request, by its custom_id's tag; undefined when the catalogue does not hold it. */
  bookOf(customId: string): PublishCatalogueBook | undefined {
    return this.byTag.get(customId.split('-', 1)[0] ?? '');
  }

  /** The running counts of a book. */
  statsOf(book: PublishCatalogueBook): BookStats {
    return this.stats.get(book.id) as BookStats;
  }

  /** Every book's counts, in the catalogue's order. */
  all(): BookStats[] {
    return [...this.stats.values()];
  }
}
