import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from './json-file.js';

const Schema = z.object({ schemaVersion: z.literal(1), count: z.number() });
const description = {
  code: 'THING',
  what: 'thing file',
  missingHint: 'Make one.',
  invalidHint: 'Make it again.',
};
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-json-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readJsonFile', () => {
  it('reads and validates a file', async () => {
    await writeFile(join(dir, 'a.json'), '{"schemaVersion":1,"count":2}');
    expect(await readJsonFile(join(dir, 'a.json'), Schema, description)).toEqual({
      schemaVersion: 1,
      count: 2,
    });
  });

  it('names a missing file and says what to do', async () => {
    const file = join(dir, 'none.json');
    await expect(readJsonFile(file, Schema, description)).rejects.toMatchObject({
      code: 'THING_MISSING',
      message: `thing file not found: ${file}`,
      hint: 'Make one.',
      file,
    });
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"count":');
    await expect(readJsonFile(file, Schema, description)).rejects.toMatchObject({
      code: 'THING_NOT_JSON',
      message: expect.stringMatching(new RegExp(`^${file}: not valid JSON`)),
    });
  });

  it('refuses a value the schema does not accept, naming the file and the field', async () => {
    const file = join(dir, 'wrong.json');
    await writeFile(file, '{"schemaVersion":1,"count":"two"}');
    await expect(readJsonFile(file, Schema, description)).rejects.toMatchObject({
      code: 'THING_INVALID',
      message: expect.stringMatching(new RegExp(`^${file}: field count: `)),
      hint: 'Make it again.',
    });
  });
});
