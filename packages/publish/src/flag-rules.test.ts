import { isKalvimateError } from '@kalvimate/core/errors';
import { describe, expect, it } from 'vitest';
import { assertRepoId, parseSystemMessage, parseTestSplit, TEST_SPLIT_MAX } from './flag-rules.js';

function codeOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return isKalvimateError(error) ? error.code : 'not a KalvimateError';
  }
}

describe('flag rules', () => {
  it('takes a test split from 0 to the largest share, and refuses anything else', () => {
    expect(parseTestSplit('0')).toBe(0);
    expect(parseTestSplit(' 0.25 ')).toBe(0.25);
    expect(parseTestSplit(String(TEST_SPLIT_MAX))).toBe(TEST_SPLIT_MAX);
    for (const value of ['', ' ', '-0.1', '0.95', '5', 'abc', 'NaN'])
      expect(
        codeOf(() => parseTestSplit(value)),
        value,
      ).toBe('PUBLISH_BAD_TEST_SPLIT');
  });

  it('trims a system message and refuses a blank one', () => {
    expect(parseSystemMessage('  You are a tutor.\n')).toBe('You are a tutor.');
    expect(codeOf(() => parseSystemMessage(' \t\n'))).toBe('PUBLISH_BLANK_SYSTEM_MESSAGE');
  });

  it('takes a repo id as the Hub does', () => {
    expect(codeOf(() => assertRepoId('my-org/science-9'))).toBeUndefined();
    for (const id of ['science', 'a/b/c', 'my-org/-x', 'my--org/x'])
      expect(
        codeOf(() => assertRepoId(id)),
        id,
      ).toBe('PUBLISH_BAD_REPO_ID');
  });
});
