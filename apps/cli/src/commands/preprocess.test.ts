import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOOK_SCHEMA_VERSION, clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';

let dir: TempDir;

const chapter = {
  schemaVersion: BOOK_SCHEMA_VERSION,
  number: 1,
  title: 'Motion',
  topics: [
    {
      id: 'c1-t001',
      number: '1.1',
      title: 'Acceleration',
      kind: 'topic',
      path: ['1'],
      blocks: [
        { type: 'paragraph', text: 'g is 9.8 metre second power minus two , sometimes.' },
        { type: 'paragraph', text: 'K = open bracket F plus 460 close bracket into 5 by 9' },
      ],
    },
  ],
};
const book = {
  schemaVersion: BOOK_SCHEMA_VERSION,
  title: 'Science',
  language: 'en',
  identifier: 'cli-test',
  source: { file: 'science.epub', sha256: 'b'.repeat(64) },
  chapters: [{ number: 1, title: 'Motion', file: 'chapter_1.json' }],
};

async function writeBookFolder(folder: string, chapterJson: unknown = chapter): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'book.json'), JSON.stringify(book));
  await writeFile(join(folder, 'chapter_1.json'), JSON.stringify(chapterJson));
}

function readChapter(folder: string): typeof chapter {
  return JSON.parse(readFileSync(join(folder, 'chapter_1.json'), 'utf8')) as typeof chapter;
}

beforeEach(async () => {
  dir = await createTempDir('km-cli-preprocess-');
});
afterEach(async () => {
  clearRegisteredSecrets();
  await dir.remove();
});

describe('kalvimate preprocess', () => {
  it('cleans <data-dir>/structured_chapters into <data-dir>/preprocessed_chapters', async () => {
    await writeBookFolder(dir.join('data', 'structured_chapters'));
    const { code, stdout, stderr } = await runCli(['preprocess'], { cwd: dir.path });
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/preprocessed 1 chapter, 1 topic, 2 blocks: \d+ edits? in /);
    expect(stdout).toContain('spoken-powers 1');
    const out = dir.join('data', 'preprocessed_chapters');
    expect(readChapter(out).topics[0]?.blocks.map((b) => b.text)).toEqual([
      'g is 9.8 m s⁻², sometimes.',
      'K = (F + 460) into 5/9',
    ]);
    expect(existsSync(join(out, 'changes.json'))).toBe(true);
    expect(existsSync(join(out, 'book.json'))).toBe(true);
  });

  it('takes --in and --out, and prints a JSON summary with --json', async () => {
    await writeBookFolder(dir.join('mine'));
    const { code, stdout } = await runCli(['preprocess', '--in', 'mine', '--out', 'clean', '--json'], {
      cwd: dir.path,
    });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { chapters: number; rules: Record<string, number>; outDir: string };
    expect(summary.chapters).toBe(1);
    expect(summary.rules['spoken-fractions']).toBe(1);
    expect(summary.outDir).toBe(dir.join('clean'));
    expect(existsSync(dir.join('clean', 'chapter_1.json'))).toBe(true);
  });

  it('switches rules off from the config file and from --skip', async () => {
    await writeBookFolder(dir.join('data', 'structured_chapters'));
    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ preprocess: { rules: { 'spoken-fractions': false } } }),
    );
    const { code, stdout } = await runCli(['preprocess', '--skip', 'spoken-brackets'], { cwd: dir.path });
    expect(code).toBe(0);
    expect(stdout).toContain('switched off: spoken-brackets, spoken-fractions');
    const texts = readChapter(dir.join('data', 'preprocessed_chapters')).topics[0]?.blocks.map((b) => b.text);
    expect(texts?.[1]).toBe('K = open bracket F + 460 close bracket into 5 by 9');
  });

  it('refuses an unknown rule in the config file with exit 2', async () => {
    await writeBookFolder(dir.join('data', 'structured_chapters'));
    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ preprocess: { rules: { tidy: false } } }),
    );
    const { code, stderr } = await runCli(['preprocess'], { cwd: dir.path });
    expect(code).toBe(2);
    expect(stderr).toContain('tidy');
    expect(existsSync(dir.join('data', 'preprocessed_chapters'))).toBe(false);
  });

  it('refuses an unknown rule for --skip with exit 2', async () => {
    await writeBookFolder(dir.join('data', 'structured_chapters'));
    const { code, stderr } = await runCli(['preprocess', '--skip', 'tidy'], { cwd: dir.path });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unknown rule\(s\) for --skip: tidy/);
    expect(existsSync(dir.join('data', 'preprocessed_chapters'))).toBe(false);
  });

  it('answers a folder without book.json with one line naming the file, exit 2 and no output', async () => {
    await mkdir(dir.join('data', 'structured_chapters'), { recursive: true });
    const { code, stderr } = await runCli(['preprocess'], { cwd: dir.path });
    expect(code).toBe(2);
    const errors = stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: book\.json not found: .*structured_chapters[/\\]book\.json$/);
    expect(stderr).toContain('hint:');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir.join('data', 'preprocessed_chapters'))).toBe(false);
  });

  it('answers a chapter file that fails the schema with the file and field, exit 2 and no output', async () => {
    const broken = structuredClone(chapter);
    (broken.topics[0] as { kind: string }).kind = 'lecture';
    await writeBookFolder(dir.join('data', 'structured_chapters'), broken);
    const { code, stderr } = await runCli(['preprocess'], { cwd: dir.path });
    expect(code).toBe(2);
    const errors = stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: .*chapter_1\.json: field topics\.0\.kind: /);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir.join('data', 'preprocessed_chapters'))).toBe(false);
  });

  it('explains what it reads and writes in --help', async () => {
    const { code, stdout } = await runCli(['preprocess', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('<data-dir>/structured_chapters');
    expect(stdout).toContain('<data-dir>/preprocessed_chapters');
    expect(stdout).toContain('changes.json');
    expect(stdout).toContain('spoken-powers');
  });
});
