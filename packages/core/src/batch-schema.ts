import { z } from 'zod';

/** A chat message as the OpenAI chat completions API takes it (text content only). */
export const ChatMessageSchema = z
  .object({
    role: z.string().min(1),
    content: z.union([z.string(), z.array(z.unknown()), z.null()]),
    name: z.string().optional(),
  })
  .passthrough();
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** Exactly one line of a Batch API input file. */
export const RequestLineSchema = z
  .object({
    custom_id: z.string().min(1),
    method: z.literal('POST'),
    url: z.string().min(1),
    body: z.record(z.string(), z.unknown()),
  })
  .strict();
export type RequestLine = z.infer<typeof RequestLineSchema>;

/** The body of a chat completions request line, as far as KalviMate reads it. */
export const ChatRequestBodySchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(ChatMessageSchema).min(1),
    max_completion_tokens: z.number().int().positive().optional(),
    max_tokens: z.number().int().positive().optional(),
  })
  .passthrough();
export type ChatRequestBody = z.infer<typeof ChatRequestBodySchema>;

export const UsageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative(),
    completion_tokens: z.number().int().nonnegative(),
    total_tokens: z.number().int().nonnegative(),
    prompt_tokens_details: z
      .object({ cached_tokens: z.number().int().nonnegative().optional() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type Usage = z.infer<typeof UsageSchema>;

/** Exactly one line of a Batch API output or error file, kept verbatim (unknown keys pass through). */
export const ResultLineSchema = z
  .object({
    id: z.string(),
    custom_id: z.string().min(1),
    response: z
      .object({
        status_code: z.number().int(),
        request_id: z.string().optional(),
        body: z.unknown(),
      })
      .passthrough()
      .nullable(),
    error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).passthrough().nullable(),
  })
  .passthrough();
export type ResultLine = z.infer<typeof ResultLineSchema>;
