import { z } from 'zod';

export const DatasetMessageSchema = z
  .object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) })
  .strict();
export type DatasetMessage = z.infer<typeof DatasetMessageSchema>;

/** One conversation of the published dataset, with its provenance. */
export const DatasetRowSchema = z
  .object({
    messages: z.array(DatasetMessageSchema).min(2),
    book: z.string(),
    chapter: z.string(),
    topic: z.string(),
    template: z.string(),
    custom_id: z.string(),
    model: z.string(),
  })
  .strict();
export type DatasetRow = z.infer<typeof DatasetRowSchema>;
