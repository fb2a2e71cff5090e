// Reads every README.md of the repository (the root's, apps/cli's and each package's): every command
// line in a ```sh block that calls kalvimate must parse with today's commands and flags, so that the
// docs cannot drift from the code unnoticed. Commands are parsed, never run: each command's action
// hands its work to an `execute` that does nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';
import { buildProgram } from '../src/program.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function readmes(): string[] {
  const files = [join(root, 'README.md'), join(root, 'apps', 'cli', 'README.md')];
  for (const name of readdirSync(join(root, 'packages'))) {
    const readme = join(root, 'packages', name, 'README.md');
    if (existsSync(readme)) files.push(readme);
  }
  return files;
}

/** Splits a shell command line into words, honouring single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** The kalvimate arguments of every command line in the ```sh blocks of a Markdown text. */
export function kalvimateCommands(markdown: string): string[][] {
  const commands: string[][] = [];
  for (const block of markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    const lines = (block[1] ?? '').replace(/\\\n/g, ' ').split('\n');
    for (const line of lines) {
      for (const segment of line.replace(/\s#.*$/, '').split(/&&|\|\||;/)) {
        const words = shellWords(segment.trim());
        let start = 0;
        if (words[0] === 'pnpm' || words[0] === 'npx') start = words[1] === '-s' ? 2 : 1;
        if (words[start] === 'kalvimate') commands.push(words.slice(start + 1));
      }
    }
  }
  return commands;
}

let dir: TempDir;
beforeAll(async () => {
  dir = await createTempDir('km-readme-');
});
afterAll(async () => {
  await dir.remove();
});

/** Parses a command line through the real program, with every command's work left out. */
async function parse(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const errors = new PassThrough();
  errors.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const io = { stdout: new PassThrough(), stderr: errors, stdin: new PassThrough(), env: {}, cwd: dir.path };
  const parseOnly = COMMANDS.map((module) => ({
    ...module,
    register: (command: Parameters<typeof module.register>[0]) =>
      module.register(command, async () => undefined),
  }));
  let code = 0;
  const program = buildProgram(
    io,
    (exit) => {
      code = exit;
    },
    parseOnly,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (!['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) code = 2;
  }
  return { code, stderr };
}

const documented = readmes().flatMap((file) =>
  kalvimateCommands(readFileSync(file, 'utf8')).map(
    (argv) => [`${file.slice(root.length)}: kalvimate ${argv.join(' ')}`, argv] as const,
  ),
);

describe('every kalvimate command line in the READMEs', () => {
  it('finds the documented command lines', () => {
    expect(documented.length).toBeGreaterThan(10);
  });

  it.each(documented)('%s parses', async (_where, argv) => {
    const { code, stderr } = await parse([...argv]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('the README check itself', () => {
  it('reads pnpm, pnpm -s and chained command lines, and skips other commands', () => {
    const markdown = [
      '```sh',
      'npm install -g pnpm@10 && pnpm install && pnpm kalvimate run',
      'pnpm -s kalvimate --json publish --system-message "Teach gently." # a comment',
      'kalvimate split \\',
      '  --max-requests 10',
      'ls data',
      '```',
    ].join('\n');
    expect(kalvimateCommands(markdown)).toEqual([
      ['run'],
      ['--json', 'publish', '--system-message', 'Teach gently.'],
      ['split', '--max-requests', '10'],
    ]);
  });

  it('catches a command line that drifted from the code', async () => {
    expect((await parse(['run', '--shape', 'a=session', '--frobnicate'])).code).toBe(2);
    expect((await parse(['publish', '--test-split', '5'])).code).toBe(2);
    expect((await parse(['extrakt'])).code).toBe(2);
  });
});
