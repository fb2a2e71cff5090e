// `kalvimate run` with several books: the flags and the rendering (the run itself is the pipeline's).
import { mkdir, writeFile } from 'node:fs/promises';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { buildEpub, createTempDir, generatedCatalogue, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli-harness.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: TempDir;
const shelf = generatedCatalogue(2, 5);
beforeEach(async () => {
  dir = await createTempDir('km-run-catalogue-');
  await writeFile(dir.join('kalvimate.config.json'), JSON.stringify({ split: { workers: 0 } }));
  await mkdir(dir.join('shelf'));
  for (const book of shelf) await writeFile(dir.join('shelf', book.file), buildEpub(book.epub));
});
afterEach(async () => {
  clearRegisteredSecrets();
  await dir.remove();
});

describe('kalvimate run with several books', () => {
  it('runs a folder of EPUBs as a catalogue: a line per book stage, each book’s estimate, then the total', async () => {
    const { code, stdout } = await runCli(['run', 'shelf', '--limit', '2'], { cwd: dir.path, env: {} });
    expect(code).toBe(0);
    expect(stdout).toContain('catalogue: 2 books');
    for (const book of shelf) {
      expect(stdout).toMatch(new RegExp(`^\\[${book.id}\\] extract `, 'm'));
      expect(stdout).toMatch(new RegExp(`^estimate of \\[${book.id}\\]: \\d+ requests, \\$`, 'm'));
    }
    const lastBook = Math.max(...shelf.map((b) => stdout.indexOf(`estimate of [${b.id}]`)));
    expect(lastBook).toBeLessThan(stdout.indexOf('before submitting:'));
    expect(stdout).toContain('no OPENAI_API_KEY is set');
  });

  it('leaves a broken EPUB of the folder out with a line naming it, goes on with the rest, and exits 2', async () => {
    await writeFile(dir.join('shelf', 'broken.epub'), 'not a zip at all');
    const { code, stdout } = await runCli(['run', 'shelf', '--limit', '2'], { cwd: dir.path, env: {} });
    expect(stdout).toMatch(/^\[[^\]]+\] extract failed, the book is left out of this run: .*broken\.epub/m);
    for (const book of shelf) expect(stdout).toMatch(new RegExp(`^estimate of \\[${book.id}\\]: `, 'm'));
    expect(code).toBe(2);
  });

  it('is shown per book by kalvimate status: requests done, in flight and waiting', async () => {
    await runCli(['run', 'shelf', '--limit', '2'], { cwd: dir.path, env: {} });
    const { code, stdout } = await runCli(['status'], { cwd: dir.path, env: {} });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^book +requests +done +in flight +waiting +failed +spent$/m);
    for (const book of shelf)
      expect(stdout).toMatch(new RegExp(`^${book.id} +(\\d+) +0 +0 +\\1 +0 +\\$0\\.00$`, 'm'));
    expect(stdout).toContain('no batch has completed yet');
  });

  it('gives the books of a catalogue file in the --json summary', async () => {
    const books = shelf.map((b) => ({
      file: `shelf/${b.file}`,
      id: b.id,
      subject: b.subject,
      grade: b.grade,
    }));
    await writeFile(dir.join('kalvimate.catalogue.json'), JSON.stringify({ books }));
    const { code, stdout } = await runCli(['--json', 'run', '--catalogue', 'kalvimate.catalogue.json'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.books.map((b: { id: string }) => b.id)).toEqual(shelf.map((b) => b.id));
    expect(summary.stopped).toBe('no-api-key');
  });

  it('refuses a catalogue entry whose EPUB is missing in one line naming the entry, exit 2', async () => {
    await writeFile(dir.join('k.yaml'), 'books:\n  - file: shelf/gone.epub\n');
    const { code, stdout, stderr } = await runCli(['run', '--catalogue', 'k.yaml'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const first = stderr.split('\n')[0];
    expect(first).toMatch(/^error: .*k\.yaml: books\[0\] \(shelf\/gone\.epub\): EPUB not found: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses EPUBs and --catalogue together', async () => {
    const { code, stderr } = await runCli(['run', 'shelf', '--catalogue', 'k.yaml'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toContain('error: give EPUBs or --catalogue FILE, not both');
  });
});
