import { UserInputError } from '@kalvimate/core/errors';

// Rules of publish's options that a command line checks as it parses its flags, with no dependency
// beyond core's errors (no schema library): the options schema (options.ts) applies the same ones.

/** The largest share of topics the test split may take. */
export const TEST_SPLIT_MAX = 0.9;

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
