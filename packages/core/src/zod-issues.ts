import type { z } from 'zod';

/** How the place of a zod issue is worded in a message. */
export interface IssueWording {
  /** Put before the field path, e.g. `field ` or `option `. */
  fieldPrefix?: string;
  /** Quote the field path (`option "a.b"`). */
  quote?: boolean;
  /** What to name when the issue is about the value as a whole; without it only the message is given. */
  topLevel?: string;
}

interface IssueLike {
  path?: readonly PropertyKey[];
  message?: string;
}

function firstIssue(error: unknown): IssueLike | undefined {
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues))
    return error.issues[0] as IssueLike | undefined;
  return undefined;
}

/**
 * The first issue of a zod error as one phrase for a message: `field a.b: Expected number` (or the top-level
 * wording when the value as a whole is wrong). Anything that is not a zod error gives its message.
 * @example describeZodIssue(error, { fieldPrefix: 'field ', topLevel: 'the file' }) // "field chapters.0.title: Required"
 */
export function describeZodIssue(error: unknown, wording: IssueWording = {}): string {
  const issue = firstIssue(error);
  if (!issue) return error instanceof Error ? error.message : String(error);
  const message = issue.message ?? 'invalid value';
  const path = (issue.path ?? []).map(String).join('.');
  if (path === '') return wording.topLevel === undefined ? message : `${wording.topLevel}: ${message}`;
  const field = wording.quote ? `"${path}"` : path;
  return `${wording.fieldPrefix ?? ''}${field}: ${message}`;
}

/**
 * Validates `value` with `schema`; on failure throws what `toError` makes of the first issue (worded by
 * `wording`) and the zod error, so that a user's mistake becomes a `UserInputError` naming the field.
 * @example parseWith(LedgerSchema, raw, (issue) => new UserInputError('LEDGER_INVALID', `${path}: ${issue}`), { topLevel: 'top level' })
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  toError: (issue: string, cause: z.ZodError) => Error,
  wording: IssueWording = {},
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw toError(describeZodIssue(parsed.error, wording), parsed.error);
}
