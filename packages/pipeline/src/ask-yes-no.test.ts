import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askYesNo } from './ask-yes-no.js';

async function ask(answer: string): Promise<{ yes: boolean; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  const asked = askYesNo('Submit 3 requests?', input, output);
  input.end(answer);
  return { yes: await asked, shown };
}

describe('askYesNo', () => {
  it('takes y or yes, in any case, as a yes and shows the question with its default', async () => {
    for (const answer of ['y\n', 'YES\n', '  yes \n']) expect((await ask(answer)).yes).toBe(true);
    expect((await ask('y\n')).shown).toBe('Submit 3 requests? [y/N] ');
  });

  it('takes anything else, and no answer at all, as a no', async () => {
    for (const answer of ['n\n', '\n', 'yess\n', 'sure\n', '']) expect((await ask(answer)).yes).toBe(false);
  });
});
