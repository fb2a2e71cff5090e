import { writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpRequest, quickHelp } from './quick-help.js';

describe('helpRequest', () => {
  it('names the help screen of a command line that asks only for help', () => {
    expect(helpRequest([])).toBe('');
    expect(helpRequest(['--help'])).toBe('');
    expect(helpRequest(['-h'])).toBe('');
    expect(helpRequest(['extract', '--help'])).toBe('extract');
    expect(helpRequest(['run', '-h'])).toBe('run');
  });

  it('leaves every other command line to the full program', () => {
    for (const args of [
      ['run'],
      ['--json', '--help'],
      ['--help', 'run'],
      ['run', 'book.epub', '--help'],
      ['help', 'run'],
      ['--version'],
    ])
      expect(helpRequest(args), args.join(' ')).toBeUndefined();
  });
});

describe('quickHelp', () => {
  let dir: TempDir;
  let file: string;
  // The build renders these from the program (scripts/bundle.mjs); test/bundle-e2e.test.ts checks the
  // built ones against the program's own output.
  const texts = { '': 'program help\n', run: 'run help\n', extract: 'extract help\n' };

  beforeAll(async () => {
    dir = await createTempDir('km-quick-help-');
    file = dir.join('help.json');
    await writeFile(file, JSON.stringify(texts));
  });
  afterAll(async () => dir.remove());

  it('gives the stored text of the help screen a command line asks for', () => {
    for (const args of [[], ['--help'], ['-h']]) expect(quickHelp(args, file, () => false)).toBe(texts['']);
    expect(quickHelp(['run', '--help'], file, () => false)).toBe(texts.run);
    expect(quickHelp(['extract', '-h'], file, () => false)).toBe(texts.extract);
    expect(quickHelp(['extract'], file, () => false)).toBeUndefined();
  });

  it('asks whether stdout may be a terminal only of a command line that asks for help', () => {
    let asked = 0;
    const mayBeTerminal = () => {
      asked += 1;
      return false;
    };
    expect(quickHelp(['run'], file, mayBeTerminal)).toBeUndefined();
    expect(asked).toBe(0);
    expect(quickHelp(['run', '--help'], file, mayBeTerminal)).toBe(texts.run);
    expect(asked).toBe(1);
  });

  it('leaves a terminal, an unknown command and a missing or broken file to the full program', async () => {
    expect(quickHelp(['--help'], file, () => true)).toBeUndefined();
    for (const name of ['nosuch', 'constructor', '__proto__', 'toString'])
      expect(
        quickHelp([name, '--help'], file, () => false),
        name,
      ).toBeUndefined();
    expect(quickHelp(['--help'], dir.join('absent.json'), () => false)).toBeUndefined();
    for (const [name, content] of [
      ['broken.json', '{"":'],
      ['list.json', '["help"]'],
      ['number.json', '{"": 3}'],
      ['null.json', 'null'],
    ] as const) {
      await writeFile(dir.join(name), content);
      expect(
        quickHelp(['--help'], dir.join(name), () => false),
        name,
      ).toBeUndefined();
    }
  });
});
