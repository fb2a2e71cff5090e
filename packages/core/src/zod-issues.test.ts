import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UserInputError } from './errors.js';
import { describeZodIssue, parseWith } from './zod-issues.js';

const Schema = z.object({ chapters: z.array(z.object({ title: z.string() })) });
const failure = (value: unknown) => {
  const parsed = Schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

describe('describeZodIssue', () => {
  it('names the field of the first issue with the wording asked for', () => {
    const error = failure({ chapters: [{ title: 3 }] });
    expect(describeZodIssue(error)).toMatch(/^chapters\.0\.title: /);
    expect(describeZodIssue(error, { fieldPrefix: 'field ' })).toMatch(/^field chapters\.0\.title: /);
    expect(describeZodIssue(error, { fieldPrefix: 'option ', quote: true })).toMatch(
      /^option "chapters\.0\.title": /,
    );
  });

  it('uses the top-level wording when the value as a whole is wrong, or the message alone without one', () => {
    const error = failure('not an object');
    expect(describeZodIssue(error, { topLevel: 'the file' })).toMatch(/^the file: \S/);
    expect(describeZodIssue(error)).toBe(error.issues[0]?.message);
  });

  it("gives any other error's message", () => {
    expect(describeZodIssue(new Error('boom'))).toBe('boom');
  });
});

describe('parseWith', () => {
  it('returns the parsed value', () => {
    expect(parseWith(Schema, { chapters: [] }, () => new Error('no'))).toEqual({ chapters: [] });
  });

  it('throws the error the caller makes of the issue, with the zod error as its cause', () => {
    let thrown: unknown;
    try {
      parseWith(
        Schema,
        { chapters: 1 },
        (issue, cause) => new UserInputError('X_INVALID', `book.json: ${issue}`, { cause }),
        {
          fieldPrefix: 'field ',
        },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserInputError);
    expect(thrown).toMatchObject({
      code: 'X_INVALID',
      message: expect.stringMatching(/^book\.json: field chapters: /),
    });
    expect((thrown as Error).cause).toBeInstanceOf(z.ZodError);
  });
});
