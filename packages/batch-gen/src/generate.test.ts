import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  countChatTokens,
  countTextTokens,
  RequestsManifestSchema,
  readEstimateFile,
  sha256File,
  topicSourceOf,
} from '@kalvimate/core';
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
  it('are six valid templates covering quiz, explanations, misconceptions, analogies, openers and exercises', async () => {
    const templates = await loadTemplates(prompts);
    expect(templates.map((t) => t.name).sort()).toEqual([
      'concept_explanations',
      'guided_practice',
      'lesson_openers',
      'mcq_quiz',
      'misconceptions',
      'real_world_analogies',
    ]);
    expect(templates.find((t) => t.name === 'mcq_quiz')?.shape).toBe('session');
  });

  it('leave no kind of teaching text unused: a lesson, its worked problems, activities, exercises and summary', async () => {
    const templates = await loadTemplates(prompts);
    const taken = new Set(templates.flatMap((t) => t.kinds));
    for (const kind of ['topic', 'solved-problems', 'activity', 'exercises', 'summary'] as const)
      expect(taken.has(kind), kind).toBe(true);
    // A book's front matter and the rest are no lesson to teach from.
    expect(taken.has('front-matter')).toBe(false);
    expect(templates.filter((t) => t.kinds.includes('exercises')).map((t) => t.name)).toEqual([
      'guided_practice',
    ]);
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

  it('records each request’s topic tokens as the judge counts them from the file, unless a secret was removed', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const summary = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(summary.manifestFile, 'utf8')));
    expect(manifest.encoding).toBe('o200k_base');
    const lines = readFileSync(outFile, 'utf8').trim().split('\n');
    for (const line of lines) {
      const request = JSON.parse(line) as { custom_id: string; body: unknown };
      const topic = topicSourceOf(request.body)?.text ?? '';
      expect(manifest.requests[request.custom_id]?.topicTokens).toBe(countTextTokens(topic));
    }
    // A key in the book's text is removed from the file on the way to disk: counts of the text as built
    // would not be the file's, so none are recorded.
    const { book, chapters } = testBook();
    const [first] = chapters;
    const block = first?.topics[0]?.blocks[0];
    if (!first || !block) throw new Error('test book');
    block.text += ` The demo key is sk-proj-${'x'.repeat(40)}.`;
    await writeFile(dir.join('book', `chapter_${first.number}.json`), JSON.stringify(first));
    await writeFile(dir.join('book', 'book.json'), JSON.stringify(book));
    const redacted = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    const after = RequestsManifestSchema.parse(JSON.parse(readFileSync(redacted.manifestFile, 'utf8')));
    expect(readFileSync(outFile, 'utf8')).not.toContain('sk-proj-');
    expect(Object.values(after.requests).every((r) => r.topicTokens === undefined)).toBe(true);
  });

  it('counts the pictures of QR codes it left out of the prompts, in topics it wrote requests for', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const before = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    expect(before.qrPictures).toBe(0);
    const { book, chapters } = testBook();
    const [first] = chapters;
    const topic = first?.topics[0];
    if (!first || !topic) throw new Error('test book');
    const qr = 'A QR code is given with a code of YVR7Z';
    topic.blocks.push({ type: 'figure', text: qr, alt: qr }, { type: 'figure', text: qr, alt: qr });
    await writeFile(dir.join('book', `chapter_${first.number}.json`), JSON.stringify(first));
    await writeFile(dir.join('book', 'book.json'), JSON.stringify(book));
    const after = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    expect(after.qrPictures).toBe(2);
    expect(await readFile(outFile, 'utf8')).not.toContain('YVR7Z');
    expect(after.estimate.requests).toBe(before.estimate.requests);
  });

  it('writes its estimate to estimate.json beside the requests, for the spend guard and the report', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const summary = await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    expect(summary.estimateFile).toBe(dir.join('out', 'estimate.json'));
    const written = await readEstimateFile(summary.estimateFile, { requestsFile: outFile });
    expect(written).toEqual({
      schemaVersion: 1,
      requestsFile: 'requests.jsonl',
      requestsSha256: await sha256File(outFile),
      ...summary.estimate,
    });
    // Hashed as it was written: the same as reading it back.
    expect(summary.requestsSha256).toBe(await sha256File(outFile));
  });

  it('refuses a folder without book.json, naming it', async () => {
    await expect(
      generateRequestFile({ inDir: dir.join('nothing'), promptsDir: prompts, outFile: dir.join('r.jsonl') }),
    ).rejects.toMatchObject({
      code: 'BOOK_FILE_MISSING',
      exitCode: 2,
    });
  });

  it('refuses a bad option, naming it, and writes nothing', async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    const error = await generateRequestFile({
      inDir: dir.join('book'),
      promptsDir: prompts,
      outFile,
      limit: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', exitCode: 2 });
    expect((error as Error).message).toMatch(/^generate: option "limit"/);
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('names the template file with bad front matter, and writes nothing', async () => {
    await mkdir(dir.join('prompts'));
    await writeFile(
      dir.join('prompts', 'quiz.md'),
      '---\nname: quiz\nshape: essay\n---\nText {{topic_text}}\n',
    );
    const outFile = dir.join('out', 'requests.jsonl');
    const error = await generateRequestFile({
      inDir: dir.join('book'),
      promptsDir: dir.join('prompts'),
      outFile,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TEMPLATE_INVALID', exitCode: 2 });
    expect((error as Error).message).toContain(dir.join('prompts', 'quiz.md'));
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('estimates Tamil text with the real tokenizer, not a characters-per-token guess', async () => {
    const tamil = 'வெப்பம் என்பது ஆற்றலின் ஒரு வடிவம். '.repeat(40);
    const file = dir.join('tamil.jsonl');
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: tamil }] };
    await writeFile(
      file,
      `${JSON.stringify({ custom_id: 't', method: 'POST', url: '/v1/chat/completions', body })}\n`,
    );
    const estimate = await estimateRequestFile(file);
    expect(estimate.inputTokens).toBe(countChatTokens(body.messages));
    expect(estimate.inputTokens).not.toBe(Math.ceil(tamil.length / 4) + 7);
  });

  it('names the line of a request it cannot count', async () => {
    const file = dir.join('bad.jsonl');
    const ok = {
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    };
    await writeFile(
      file,
      `${JSON.stringify(ok)}\n${JSON.stringify({ ...ok, custom_id: 'b', body: { model: 'm' } })}\n`,
    );
    const error = await estimateRequestFile(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toMatch(/bad\.jsonl:2: field messages/);
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

  it("takes generate's counts for the file it wrote, and counts a file changed since", async () => {
    const outFile = dir.join('out', 'requests.jsonl');
    await generateRequestFile({ inDir: dir.join('book'), promptsDir: prompts, outFile });
    const manifestFile = dir.join('out', 'requests.manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
      requests: Record<string, { inputTokens: number }>;
    };
    const counts = Object.values(manifest.requests).map((r) => r.inputTokens);
    // A manifest whose counts are one more each: taken as they are while the file is the one it describes.
    for (const request of Object.values(manifest.requests)) request.inputTokens += 1;
    await writeFile(manifestFile, JSON.stringify(manifest));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect((await estimateRequestFile(outFile)).inputTokens).toBe(sum(counts) + counts.length);
    // A model of another encoding counts for itself.
    const cl100k = await estimateRequestFile(outFile, {
      models: { 'gpt-4o-mini': { encoding: 'cl100k_base' } },
    });
    expect(cl100k.inputTokens).not.toBe(sum(counts) + counts.length);
    // A line edited by hand: the file is no longer the manifest's, every request is counted.
    const lines = (await readFile(outFile, 'utf8')).trimEnd().split('\n');
    const first = JSON.parse(lines[0] as string) as { body: { messages: Array<{ content: string }> } };
    const last = first.body.messages.at(-1) as { content: string };
    last.content += ' One more sentence.';
    lines[0] = JSON.stringify(first);
    await writeFile(outFile, `${lines.join('\n')}\n`);
    const recounted = await estimateRequestFile(outFile);
    expect(recounted.inputTokens).toBeGreaterThan(sum(counts));
    expect(recounted.inputTokens).toBeLessThan(sum(counts) + 10);
  });
});
