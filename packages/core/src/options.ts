import type { z } from 'zod';
import { UserInputError } from './errors.js';
import { parseWith } from './zod-issues.js';

/**
 * Validates a stage's options with its zod schema; a bad value is a UserInputError (exit 2) that
 * names the option, instead of a raw ZodError.
 * @example const opts = parseOptions(SplitOptionsSchema, input, 'split');
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, section: string): z.infer<S> {
  return parseWith(
    schema,
    value,
    (issue, cause) =>
      new UserInputError('INVALID_OPTIONS', `${section}: ${issue}`, {
        cause,
        hint: `Fix the flag, or the "${section}" section of kalvimate.config.json.`,
      }),
    { fieldPrefix: 'option ', quote: true, topLevel: 'options' },
  );
}
