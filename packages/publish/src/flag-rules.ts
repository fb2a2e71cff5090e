import { UserInputError } from '@kalvimate/core/errors';

// Rules of publish's options that a command line checks as it parses its flags, with no dependency
// beyond core's errors (no schema library): the options schema (options.ts) applies the same ones.

/** The largest share of topics the test split may take. */
export const TEST_SPLIT_MAX = 0.9;

/** The share of topics in the test split, from a flag's text: a number from 0 to TEST_SPLIT_MAX. */
export function parseTestSplit(value: string): number {
  const share = value.trim() === '' ? Number.NaN : Number(value);
  if (!(share >= 0 && share <= TEST_SPLIT_MAX))
    throw new UserInputError(
      'PUBLISH_BAD_TEST_SPLIT',
      `expected a share between 0 and ${TEST_SPLIT_MAX}, e.g. 0.1.`,
    );
  return share;
}

/** The system message from a flag's text: trimmed, and not blank. */
export function parseSystemMessage(value: string): string {
  const text = value.trim();
  if (text === '')
    throw new UserInputError(
      'PUBLISH_BLANK_SYSTEM_MESSAGE',
      'the system message is blank; give its text, or leave the flag out for the default.',
    );
  return text;
}

const NAME_PART = /^(?![.-])[A-Za-z0-9._-]{1,96}(?<![.-])$/;

/** Whether `repoId` is `OWNER/NAME` as the Hub accepts it. */
export function isRepoId(repoId: string): boolean {
  const parts = repoId.split('/');
  return (
    parts.length === 2 && parts.every((p) => NAME_PART.test(p) && !p.includes('--') && !p.includes('..'))
  );
}

/** Throws a UserInputError unless `repoId` is `OWNER/NAME` as the Hub accepts it. */
export function assertRepoId(repoId: string): void {
  if (!isRepoId(repoId)) {
    throw new UserInputError('PUBLISH_BAD_REPO_ID', `repo id "${repoId}" is not of the form OWNER/NAME`, {
      hint: 'Use your user or organisation name and a dataset name, e.g. --repo-id my-org/science-9-tutor (letters, digits, ".", "_" and "-").',
    });
  }
}
