import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shapeRules } from './templates.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-shapes-'));
  await writeFile(join(dir, 'quiz.md'), '---\nname: quiz\nshape: session\n---\nAsk.\n');
  await writeFile(
    join(dir, 'talk.md'),
    '---\nname: talk\nshape: dialogues\ncount: 3\nturns: 4\n---\nTalk.\n',
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shapeRules', () => {
  it('takes the flags first and the templates for the names the flags do not give', async () => {
    const rules = await shapeRules(['quiz=dialogues:2'], dir);
    expect(rules.map((r) => r.name)).toEqual(['quiz', 'talk']);
    expect(rules[0]?.shape).toEqual({ shape: 'dialogues', turns: 2 });
  });

  it('gives the flags alone without a prompt folder', async () => {
    expect((await shapeRules(['x=session'], undefined)).map((r) => r.name)).toEqual(['x']);
  });
});
