import type { z } from 'zod';
import { UserInputError } from './errors.js';

/**
 * Validates a stage's options with its zod schema; a bad value is a UserInputError (exit 2) that
 * names the option, instead of a raw ZodError.
 * @example const opts = parseOptions(SplitOptionsSchema, input, 'split');
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, section: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `option "${issue.path.join('.')}"` : 'options';
  throw new UserInputError('INVALID_OPTIONS', `${section}: ${where}: ${issue?.message ?? 'invalid value'}`, {
    cause: parsed.error,
    hint: `Fix the flag, or the "${section}" section of kalvimate.config.json.`,
  });
}
