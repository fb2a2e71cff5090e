import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOptions } from './options.js';

const Schema = z.object({ maxRequests: z.number().int().max(50_000).default(50_000) }).strict();

describe('parseOptions', () => {
  it('returns the parsed options with their defaults', () => {
    expect(parseOptions(Schema, {}, 'split')).toEqual({ maxRequests: 50_000 });
  });

  it('names the section and the option of a bad value, as a user error (exit 2)', () => {
    let error: unknown;
    try {
      parseOptions(Schema, { maxRequests: 60_000 }, 'split');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', exitCode: 2 });
    expect((error as Error).message).toMatch(/^split: option "maxRequests": /);
  });
});
