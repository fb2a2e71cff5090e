import { describe, expect, it } from 'vitest';
import {
  ExitCode,
  ExternalServiceError,
  InternalError,
  isKalvimateError,
  KalvimateError,
  locationOf,
  UserInputError,
} from './errors.js';

describe('error classes', () => {
  it('carry a stable code and the exit code the CLI uses: 2 user, 3 service, 1 internal', () => {
    const cause = new Error('ENOENT');
    const user = new UserInputError('EPUB_NOT_A_ZIP', 'book.epub: not a zip', {
      hint: 'Give an .epub',
      file: 'book.epub',
      line: 3,
      cause,
    });
    expect(user).toMatchObject({
      code: 'EPUB_NOT_A_ZIP',
      exitCode: ExitCode.userInput,
      hint: 'Give an .epub',
      file: 'book.epub',
      line: 3,
      name: 'UserInputError',
    });
    expect(user.exitCode).toBe(2);
    expect(user.cause).toBe(cause);
    expect(new ExternalServiceError('OPENAI_DOWN', 'x').exitCode).toBe(3);
    expect(new InternalError('BUG', 'x').exitCode).toBe(1);
    expect(user).toBeInstanceOf(KalvimateError);
  });

  it('tells ours from other errors, and formats file:line', () => {
    expect(isKalvimateError(new UserInputError('X', 'x'))).toBe(true);
    expect(isKalvimateError(new Error('x'))).toBe(false);
    expect(locationOf('a.jsonl', 7)).toBe('a.jsonl:7');
    expect(locationOf('a.jsonl')).toBe('a.jsonl');
  });
});
