import { isKalvimateError } from '@kalvimate/core';
import { assertRepoId, PublishOptionsSchema, parseShapeRule } from '@kalvimate/publish/options';
import { InvalidArgumentError } from 'commander';

// Publish's flags, shared by `publish` and `run`: each value is checked where commander parses it,
// by the rule publish itself applies (its options schema, its repo id and shape rules), so a mistake
// stops the command before any stage runs or anything is spent.

/** Turns a rule's UserInputError into commander's error for the flag (exit 2), hint included. */
function asFlagValue<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isKalvimateError(error)) throw error;
    throw new InvalidArgumentError(error.hint ? `${error.message}\nhint: ${error.hint}` : error.message);
  }
}

/** `--test-split SHARE`: publish's `testSplit` (0 to 0.9). */
export function testSplitOption(value: string): number {
  const parsed = PublishOptionsSchema.shape.testSplit.safeParse(
    value.trim() === '' ? Number.NaN : Number(value),
  );
  if (!parsed.success) throw new InvalidArgumentError('expected a share between 0 and 0.9, e.g. 0.1.');
  return parsed.data;
}

/** `--system-message TEXT`: publish's `systemMessage`, trimmed and not blank. */
export function systemMessageOption(value: string): string {
  const parsed = PublishOptionsSchema.shape.systemMessage.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(
      'the system message is blank; give its text, or leave the flag out for the default.',
    );
  return parsed.data;
}

/** `--repo-id OWNER/NAME`, as the Hub accepts it. */
export function repoIdOption(value: string): string {
  return asFlagValue(() => {
    assertRepoId(value);
    return value;
  });
}

/** `--shape NAME=SHAPE`, one rule per flag, repeatable (never variadic: a variadic flag swallows the EPUB). */
export function shapeOption(value: string, previous: string[] | undefined): string[] {
  asFlagValue(() => parseShapeRule(value));
  return [...(previous ?? []), value];
}
