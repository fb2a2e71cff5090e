import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RequestsManifestSchema } from '@kalvimate/core';
import { REPO_ROOT } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBook } from '../test/test-book.js';
import { estimateRequestFile, generateRequestFile } from './generate.js';
import { loadTemplates } from './template.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
  const { book, chapters } = testBook();
  await mkdir(dir.join('book'));
  await writeFile(dir.join('book', 'book.json'), JSON.stringify(book));
  for (const c of chapters) await writeFile(dir.join('book', `chapter_${c.number}.json`), JSON.stringify(c));
});
afterEach(async () => dir.remove());

const prompts = join(REPO_ROOT, 'prompts');

describe('the shipped templates', () => {
  it('are five valid templates covering quiz, explanations, misconceptions, analogies and openers', async () => {
    const templates = await loadTemplates(prompts);
    expect(templates.map((t) => t.name).sort()).toEqual([
      'concept_explanations',
      'lesson_openers',
      'mcq_quiz',
      'misconceptions',
      'real_world_analogies',
    ]);
    expect(templates.find((t) => t.name === 'mcq_quiz')?.shape).toBe('session');
  });
});

describe('generateRequestFile', () => {
  it('writes requests and a manifest that maps every custom_id to its provenance, byte-identical on a re-run', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const first = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    const bytes = readFileSync(outFile);
    await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    expect(readFileSync(outFile).equals(bytes)).toBe(true);
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(first.manifestFile, 'utf8')));
    const ids = bytes
      .toString()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
    expect(Object.keys(manifest.requests).sort()).toEqual([...ids].sort());
    expect(manifest.templates.mcq_quiz).toMatchObject({ shape: 'session', count: 1 });
    expect(first.estimate.requests).toBe(ids.length);
  });

  it('refuses a folder without book.json, naming it', async () => {
    await expect(
      generateRequestFile({ inDir: dir.join('nothing'), promptsDir: prompts, outFile: dir.join('r.jsonl') }),
    ).rejects.toMatchObject({
      code: 'BOOK_FILE_MISSING',
      exitCode: 2,
    });
  });

  it('refuses an unknown template name', async () => {
    await expect(
      generateRequestFile({
        inDir: dir.join('book'),
        promptsDir: prompts,
        outFile: dir.join('r.jsonl'),
        templates: ['nope'],
      }),
    ).rejects.toMatchObject({
      code: 'TEMPLATE_UNKNOWN',
    });
  });

  it('estimates any request file, per template when the manifest is beside it', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const generated = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    const estimate = await estimateRequestFile(outFile);
    expect(estimate.inputTokens).toBe(generated.estimate.inputTokens);
    expect(Object.keys(estimate.perTemplate)).toContain('mcq_quiz');
  });
});
