import { z } from 'zod';

/** Options of the generate stage; also the `generate` section of kalvimate.config.json. */
export const GenerateOptionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    /** Template names to use (default: every template in the prompt folder). */
    templates: z.array(z.string()).optional(),
    /** Keep only the first N topics, spread over chapters (a cheap pilot). */
    limit: z.number().int().positive().optional(),
    /** Topics whose text is longer than this many tokens are cut into parts at block boundaries. */
    topicTokenBudget: z.number().int().min(200).default(6000),
  })
  .strict();
export type GenerateOptions = z.infer<typeof GenerateOptionsSchema>;
export type GenerateOptionsInput = z.input<typeof GenerateOptionsSchema>;
