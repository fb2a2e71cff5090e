import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { buildEpub } from '@kalvimate/testkit/epub-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { SAMPLE_EPUB } from '../paths.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-extract-cli-');
});
afterEach(async () => dir.remove());

const cli = (args: string[]) => runCli(args, { cwd: dir.path });

describe('kalvimate extract --help', () => {
  it('says what it reads and writes, with the defaults', async () => {
    const { code, stdout } = await cli(['extract', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('default: the one .epub in <data-dir>/raw/');
    expect(stdout).toContain('default: <data-dir>/structured_chapters');
    expect(stdout).toContain('book.json');
    expect(stdout).toContain('"extract" section of kalvimate.config.json');
  });
});

describe('kalvimate extract', () => {
  it('extracts a named EPUB and prints one JSON summary with --json', async () => {
    const { code, stdout, stderr } = await cli(['extract', SAMPLE_EPUB, '--out', 'chapters', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      chapters: expect.any(Number),
      topics: expect.any(Number),
      numberedTopics: 16,
    });
    expect(summary.outDir).toBe(dir.join('chapters'));
    expect(stderr).toContain('extracted sample-science.epub');
    expect(existsSync(dir.join('chapters', 'book.json'))).toBe(true);
  });

  it('reports the share of the text per kind against the templates given with --prompts', async () => {
    await mkdir(dir.join('only-glossary'));
    await writeFile(
      dir.join('only-glossary', 'terms.md'),
      '---\nname: terms\nshape: session\ncount: 1\nturns: 2\nkinds: [glossary]\nmin_chars: 10\nmax_output_tokens: 500\ntemperature: 0.2\n---\nTeach.\n<!-- topic -->\n{{topic_text}}',
    );
    const { code, stdout, stderr } = await cli([
      'extract',
      SAMPLE_EPUB,
      '--prompts',
      'only-glossary',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { promptShare: number; textShareByKind: Record<string, number> };
    expect(summary.promptShare).toBeCloseTo(summary.textShareByKind.glossary ?? 0);
    expect(stderr).toMatch(
      /% of the text is in topics the prompt templates take \(glossary\); the rest is in topic/,
    );
  });

  it('refuses a --prompts folder that does not exist, exit 2, with no output folder', async () => {
    const { code, stderr } = await cli(['extract', SAMPLE_EPUB, '--prompts', 'nowhere', '--out', 'never']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*prompt folder not found: .*nowhere/m);
    expect(existsSync(dir.join('never'))).toBe(false);
  });

  it('takes the one EPUB in <data-dir>/raw/ and writes <data-dir>/structured_chapters/', async () => {
    await mkdir(dir.join('work', 'raw'), { recursive: true });
    await copyFile(SAMPLE_EPUB, dir.join('work', 'raw', 'science.epub'));
    const { code } = await cli(['extract', '--data-dir', 'work']);
    expect(code).toBe(0);
    expect(existsSync(dir.join('work', 'structured_chapters', 'book.json'))).toBe(true);
  });

  it('names the choices when raw/ holds several EPUBs, and exits 2', async () => {
    await mkdir(dir.join('data', 'raw'), { recursive: true });
    await copyFile(SAMPLE_EPUB, dir.join('data', 'raw', 'a.epub'));
    await copyFile(SAMPLE_EPUB, dir.join('data', 'raw', 'b.epub'));
    const { code, stderr } = await cli(['extract']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*holds 2 EPUBs: a\.epub, b\.epub/);
    expect(stderr).toContain('hint:');
    expect(existsSync(dir.join('data', 'structured_chapters'))).toBe(false);
  });

  it('says where to put the book when there is none', async () => {
    const { code, stderr } = await cli(['extract']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: no EPUB given and none in .*raw/);
  });

  it('answers a file that is not an EPUB with one line, exit 2 and no output folder', async () => {
    await writeFile(dir.join('notes.epub'), 'not a zip at all, just text');
    const { code, stderr } = await cli(['extract', 'notes.epub']);
    expect(code).toBe(2);
    const errors = stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/notes\.epub: not a zip file/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir.join('data', 'structured_chapters'))).toBe(false);
  });

  it('uses heading patterns and limits from the "extract" section of the config', async () => {
    await writeFile(
      dir.join('book.epub'),
      buildEpub({ documents: [{ body: '<h1>Kapitel 2: Licht</h1><h2>2.1 Linsen</h2><p>Text.</p>' }] }),
    );
    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ extract: { chapterPatterns: ['^kapitel\\s+(\\d+):\\s*(.*)$'] } }),
    );
    expect((await cli(['extract', 'book.epub'])).code).toBe(0);
    const book = JSON.parse(await readFile(dir.join('data', 'structured_chapters', 'book.json'), 'utf8'));
    expect(book.chapters).toEqual([
      { number: 2, label: 'Kapitel 2', title: 'Licht', file: 'chapter_2.json' },
    ]);

    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ extract: { limits: { maxEntries: 2 } } }),
    );
    const refused = await cli(['extract', 'book.epub', '--out', 'other']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('zip entries (limit 2)');
    expect(existsSync(dir.join('other'))).toBe(false);
  });

  it('names an unknown key in the "extract" config section', async () => {
    await writeFile(dir.join('kalvimate.config.json'), JSON.stringify({ extract: { chapterPattern: [] } }));
    const { code, stderr } = await cli(['extract', SAMPLE_EPUB]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown key "chapterPattern" in extract');
  });
});
