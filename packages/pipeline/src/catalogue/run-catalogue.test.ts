// A catalogue run through the library: generated books (English and Tamil) with the real stages and
// SDKs against the local OpenAI emulator, without the CLI.
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clearRegisteredSecrets,
  RequestsManifestSchema,
  sha256File,
  silentReporter,
  workspacePaths,
} from '@kalvimate/core';
import { buildEpub, createTempDir, generatedCatalogue, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultPromptsDir } from '../prompts.js';
import { collectReportData } from '../report/collect.js';
import { runPipeline } from '../run-pipeline.js';
import { judgeStage } from '../stages/judge.js';
import { publishStage } from '../stages/publish.js';
import { runCatalogue } from './run-catalogue.js';
import { catalogueStatus } from './status.js';
import type { CatalogueEvent, RunCatalogueOptions } from './types.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

let api: OpenAIEmulator;
let dir: TempDir;
const shelf = generatedCatalogue(4, 3);

beforeAll(async () => {
  api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
});
afterAll(async () => {
  await api?.close();
});
beforeEach(async () => {
  dir = await createTempDir('km-catalogue-');
  for (const book of shelf) await writeFile(dir.join(book.file), buildEpub(book.epub));
});
afterEach(async () => {
  await dir.remove();
  clearRegisteredSecrets();
});

/** A catalogue file of the first `count` generated books. */
async function catalogueFile(count: number, extra: (i: number) => object = () => ({})): Promise<string> {
  const books = shelf.slice(0, count).map((b, i) => ({
    file: b.file,
    id: b.id,
    subject: b.subject,
    grade: b.grade,
    ...extra(i),
  }));
  const file = dir.join('kalvimate.catalogue.json');
  await writeFile(file, JSON.stringify({ books }));
  return file;
}

function options(extra: Partial<RunCatalogueOptions> = {}): RunCatalogueOptions {
  return {
    dataDir: dir.join('data'),
    env: {},
    openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
    config: { split: { workers: 0 } },
    limit: 2,
    templates: ['mcq_quiz'],
    pollInterval: 0.01,
    upload: false,
    concurrency: 2,
    // The LLM judge round has batches of its own: these tests count the first round's.
    judge: false,
    ...extra,
  };
}

/** The `kalvimate_part` of the batches created since `since` batches existed. */
function newBatchParts(since: number, emulator: OpenAIEmulator = api): string[] {
  const all = emulator.listBatches();
  return all
    .slice(0, all.length - since)
    .map((b) => b.metadata?.kalvimate_part ?? '')
    .sort();
}

describe('runCatalogue', () => {
  it('runs each book in its own workspace, then one submit, judge and publish for all of them', async () => {
    const events: CatalogueEvent[] = [];
    const before = api.listBatches().length;
    const result = await runCatalogue(
      options({ catalogueFile: await catalogueFile(3), yes: true, onEvent: (e) => events.push(e) }),
    );
    expect(result.books.map((b) => b.id)).toEqual(shelf.slice(0, 3).map((b) => b.id));
    for (const book of result.books) {
      expect(book.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
        'extract:ran',
        'preprocess:ran',
        'generate:ran',
        'split:ran',
      ]);
      expect(existsSync(dir.join('data', 'books', book.id, 'preprocessed_chapters', 'book.json'))).toBe(true);
      const parts = await readdir(dir.join('data', 'openai_inputs', 'parts', book.id));
      // Parts per book and template: a changed template changes its own parts only.
      expect(parts).toContain(`${book.id}.mcq_quiz.part-0001.jsonl`);
    }
    expect(result.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      'submit:ran',
      'judge:ran',
      'publish:ran',
    ]);
    expect(result.complete).toBe(true);
    // One ledger holds the parts of every book.
    const ledger = JSON.parse(await readFile(dir.join('data', 'batches', 'ledger.json'), 'utf8'));
    const ledgerParts = (ledger.parts as { file: string }[]).map((p) => p.file.split('.')[0]).sort();
    expect([...new Set(ledgerParts)]).toEqual(
      shelf
        .slice(0, 3)
        .map((b) => b.id)
        .sort(),
    );
    expect(newBatchParts(before)).toHaveLength(ledgerParts.length);
    // The spend guard announced each book's estimate and the total before submit started.
    const kinds = events.map((e) =>
      e.type === 'estimate'
        ? `estimate:${'book' in e ? e.book : 'total'}`
        : `${e.type}:${'stage' in e ? e.stage : ''}`,
    );
    const submitStart = kinds.indexOf('stage-start:submit');
    for (const book of result.books) expect(kinds.indexOf(`estimate:${book.id}`)).toBeLessThan(submitStart);
    expect(kinds.indexOf('estimate:total')).toBeLessThan(submitStart);
    const total = result.books.reduce((sum, b) => sum + (b.estimate?.requests ?? 0), 0);
    expect(result.estimate?.requests).toBe(total);
    // The pilot applies per book: at most 2 topics each (one template, one part per topic here).
    for (const book of result.books) expect(book.estimate?.requests).toBeLessThanOrEqual(2);
    expect(result.dataset?.conversations).toBeGreaterThan(0);
    // status: every request of every book done, the batches' latency observed, nothing left to wait for.
    const status = await catalogueStatus(dir.join('data'));
    expect(status?.books.map((b) => [b.id, b.done, b.waiting, b.inFlight])).toEqual(
      result.books.map((b) => [b.id, b.estimate?.requests, 0, 0]),
    );
    expect(status?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(status?.etaMs).toBe(0);
  });

  it('skips every stage of every book on a second run and calls no API', async () => {
    const file = await catalogueFile(2);
    await runCatalogue(options({ catalogueFile: file, yes: true }));
    const calls = api.calls.length;
    const combined = dir.join('data', 'openai_inputs', 'requests.jsonl');
    const written = (await stat(combined)).mtimeMs;
    const result = await runCatalogue(options({ catalogueFile: file, yes: true }));
    for (const book of result.books) expect(book.stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(result.stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(api.calls.length).toBe(calls);
    // The shared requests file is not written again either.
    expect((await stat(combined)).mtimeMs).toBe(written);
  });

  it('names what a run that did nothing read (the sources, every EPUB, the data folder), and nothing after work', async () => {
    const folder = dir.join('books-folder');
    const [one, two, three] = shelf;
    if (!one || !two || !three) throw new Error('the shelf has three books');
    for (const book of [one, two]) await cp(dir.join(book.file), join(folder, book.file));
    const offline = options({ epubs: ['books-folder'], openai: undefined, cwd: dir.path });
    expect((await runCatalogue(offline)).unchanged).toBeUndefined();
    const again = await runCatalogue(offline);
    expect(again.books.every((b) => b.stages.every((s) => s.status === 'skipped'))).toBe(true);
    const epubs = [one, two].map((b) => join(folder, b.file));
    expect(again.unchanged?.paths).toEqual(expect.arrayContaining([folder, ...epubs, dir.join('data')]));
    const requests = dir.join('data', 'books', one.id, 'openai_inputs', 'requests.jsonl');
    expect(again.unchanged?.paths).toContain(requests);
    expect(again.unchanged?.hashes[requests]?.sha256).toBe(await sha256File(requests));
    expect(again.unchanged?.hashes[epubs[0] as string]?.sha256).toBe(await sha256File(epubs[0] as string));
    // A book added to the folder is work: that run names nothing.
    await cp(dir.join(three.file), join(folder, three.file));
    expect((await runCatalogue(offline)).unchanged).toBeUndefined();
    // The answer to a question is not in any file: a run that asked is never taken as one that did nothing.
    const declined = await runCatalogue({ ...offline, openai: options().openai, confirm: async () => false });
    expect(declined.stopped?.reason).toBe('declined');
    expect(declined.unchanged).toBeUndefined();
  });

  it('reports every book, and their estimates and parts together', async () => {
    await runCatalogue(options({ catalogueFile: await catalogueFile(2), openai: undefined }));
    const data = await collectReportData({ dataDir: dir.join('data') });
    const ids = shelf.slice(0, 2).map((b) => b.id);
    expect(data.book).toBeUndefined();
    expect(data.books?.map((b) => b.id)).toEqual(ids);
    expect(data.books?.every((b) => b.cleaned && b.chapters.length > 0)).toBe(true);
    const paths = workspacePaths(dir.join('data'));
    const estimates = await Promise.all(
      ids.map(
        async (id) => JSON.parse(await readFile(paths.book(id).estimate, 'utf8')) as { requests: number },
      ),
    );
    expect(data.estimate?.requests).toBe(estimates.reduce((n, e) => n + e.requests, 0));
    expect(data.books?.map((b) => b.estimate?.requests)).toEqual(estimates.map((e) => e.requests));
    const manifests = await Promise.all(
      ids.map(
        async (id) =>
          JSON.parse(await readFile(join(paths.parts, id, 'manifest.json'), 'utf8')) as { parts: unknown[] },
      ),
    );
    expect(data.parts?.parts).toBe(manifests.reduce((n, m) => n + m.parts.length, 0));
    expect(await readFile(paths.report, 'utf8')).toContain('KalviMate report: a catalogue of 2 books');
  });

  it("runs only a book added later, and submits only that book's parts", async () => {
    // An emulator of its own: earlier tests' batches of the same parts would be found and reused.
    const own = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
    const openai = new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 });
    await runCatalogue(options({ catalogueFile: await catalogueFile(2), yes: true, openai }));
    const before = own.listBatches().length;
    const events: CatalogueEvent[] = [];
    const result = await runCatalogue(
      options({ catalogueFile: await catalogueFile(3), yes: true, openai, onEvent: (e) => events.push(e) }),
    );
    await own.close();
    expect(events.filter((e) => e.type === 'estimate').map((e) => ('book' in e ? e.book : 'total'))).toEqual([
      shelf[2]?.id,
      'total',
    ]);
    const added = shelf[2]?.id as string;
    for (const book of result.books) {
      const ran = book.stages.filter((s) => s.status === 'ran').map((s) => s.stage);
      expect(ran).toEqual(book.id === added ? ['extract', 'preprocess', 'generate', 'split'] : []);
    }
    const parts = newBatchParts(before, own);
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) expect(part.startsWith(`${added}.`)).toBe(true);
    // The guard held only the added book's estimate: the others have nothing left to pay for.
    expect(result.estimate?.requests).toBe(result.books.find((b) => b.id === added)?.estimate?.requests);
  });

  it('runs the books on threads and on the main thread alike: a run on one skips everything on the other', async () => {
    const file = await catalogueFile(3);
    const threaded = await runCatalogue(options({ catalogueFile: file, concurrency: 2 }));
    expect(threaded.books.every((b) => b.stages.every((s) => s.status === 'ran'))).toBe(true);
    const main = await runCatalogue(options({ catalogueFile: file, threads: false }));
    expect(main.books.every((b) => b.stages.every((s) => s.status === 'skipped'))).toBe(true);
    expect(main.books.map((b) => b.estimate)).toEqual(threaded.books.map((b) => b.estimate));
  });

  it('starts the largest EPUB first, so that it does not end the run alone on one core', async () => {
    // The last book of the catalogue made the largest: 300 KB of bytes that do not compress.
    const last = shelf[2] as (typeof shelf)[number];
    const noise = new Uint8Array(300_000).map((_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 0xff);
    await writeFile(
      dir.join(last.file),
      buildEpub({ ...last.epub, extraFiles: { 'OEBPS/noise.bin': noise } }),
    );
    const started: string[] = [];
    await runCatalogue(
      options({
        catalogueFile: await catalogueFile(3),
        concurrency: 2,
        onEvent: (e) => {
          if (e.type === 'stage-start' && e.stage === 'extract' && 'book' in e) started.push(e.book);
        },
      }),
    );
    // Two threads take two books at once; the third starts when one is done, and it is never the largest.
    expect(started).toHaveLength(3);
    expect(started.slice(0, 2)).toContain(last.id);
    expect(started[2]).not.toBe(last.id);
  });

  for (const threads of [true, false]) {
    it(`leaves a broken book out and goes on with the others; publish waits for the fix (threads: ${threads})`, async () => {
      await writeFile(dir.join('broken.epub'), 'not a zip at all');
      const events: CatalogueEvent[] = [];
      const result = await runCatalogue(
        options({
          epubs: [dir.join(shelf[0]?.file as string), dir.join('broken.epub')],
          yes: true,
          threads,
          onEvent: (e) => events.push(e),
        }),
      );
      const [good, broken] = result.books;
      // The error comes back from its thread as the user error it was, naming the book's file.
      expect(broken?.failed).toMatchObject({
        stage: 'extract',
        code: expect.stringMatching(/^EPUB_/),
        message: expect.stringContaining('broken.epub'),
      });
      expect(events.find((e) => e.type === 'book-failed')).toMatchObject({ book: broken?.id });
      expect(good?.failed).toBeUndefined();
      expect(good?.stages.map((s) => s.status)).toEqual(['ran', 'ran', 'ran', 'ran']);
      expect(result.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
        'submit:ran',
        'judge:ran',
        'publish:not-run',
      ]);
      expect(result.complete).toBe(false);
      expect(result.estimate?.requests).toBe(good?.estimate?.requests);
    });
  }

  it('applies an entry’s own limit and templates over the run’s', async () => {
    const result = await runCatalogue(
      options({ catalogueFile: await catalogueFile(2, (i) => (i === 0 ? { limit: 1 } : {})), limit: 3 }),
    );
    const [first, second] = result.books;
    expect(first?.estimate?.requests).toBe(1);
    expect(second?.estimate?.requests).toBeGreaterThan(1);
  });
});

/** Every row of the dataset (both splits). */
async function datasetRows(): Promise<Record<string, unknown>[]> {
  const folder = dir.join('data', 'dataset', 'data');
  const rows: Record<string, unknown>[] = [];
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.parquet')))
    rows.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(join(folder, name)) })));
  return rows;
}

describe('one dataset for the catalogue', () => {
  it('tags each row with its book, and drops the rows of a book removed from the catalogue', async () => {
    await runCatalogue(options({ catalogueFile: await catalogueFile(3), yes: true }));
    const first = await datasetRows();
    const [english, tamil] = shelf;
    expect(first.find((r) => r.book_id === tamil?.id)).toMatchObject({
      language: 'ta',
      subject: tamil?.subject,
      grade: String(tamil?.grade),
    });
    expect(new Set(first.map((r) => r.book_id)).size).toBe(3);
    const result = await runCatalogue(options({ catalogueFile: await catalogueFile(2), yes: true }));
    expect(result.stages.find((s) => s.stage === 'publish')?.status).toBe('ran');
    const second = await datasetRows();
    expect(new Set(second.map((r) => r.book_id))).toEqual(new Set([english?.id, tamil?.id]));
    const stats = JSON.parse(await readFile(dir.join('data', 'dataset', 'stats.json'), 'utf8'));
    expect(stats.books.map((b: { id: string }) => b.id)).toEqual([english?.id, tamil?.id]);
    // The removed book's results stay on disk (paid for), but are no longer read.
    const outputs = await readdir(dir.join('data', 'clean_outputs'));
    expect(outputs.some((n) => n.startsWith(`${shelf[2]?.id}.`))).toBe(true);
  });

  it('redoes exactly what depends on a changed template: its parts of that book, nothing else', async () => {
    const own = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
    const openai = new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 });
    const prompts = dir.join('prompts');
    await cp(defaultPromptsDir(), prompts, { recursive: true });
    const file = await catalogueFile(2, (i) => ({
      templates: i === 0 ? ['mcq_quiz', 'misconceptions'] : ['misconceptions'],
    }));
    const run = (templates?: string[]) =>
      runCatalogue(options({ catalogueFile: file, yes: true, openai, prompts, templates }));
    await run();
    const [quiz, other] = shelf;
    const before = own.listBatches().length;
    const template = join(prompts, 'mcq_quiz.md');
    await writeFile(template, `${await readFile(template, 'utf8')}\nKeep every question short.\n`);
    const result = await run();
    const ran = (id: string) =>
      result.books
        .find((b) => b.id === id)
        ?.stages.filter((s) => s.status === 'ran')
        .map((s) => s.stage);
    expect(ran(quiz?.id as string)).toEqual(['generate', 'split']);
    // The other book's requests come out the same, so its parts are not split or sent again.
    expect(ran(other?.id as string)).toEqual(['generate']);
    // Only the changed template's parts of the first book are sent again: its misconceptions parts were not.
    const parts = newBatchParts(before, own);
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) expect(part.startsWith(`${quiz?.id}.mcq_quiz.part-`)).toBe(true);
    expect((await datasetRows()).some((r) => r.template === 'mcq_quiz')).toBe(true);

    // A template dropped from the book: nothing is sent, and its rows leave the dataset though its
    // results stay on disk.
    const file2 = await catalogueFile(2, () => ({ templates: ['misconceptions'] }));
    const again = own.listBatches().length;
    await runCatalogue(options({ catalogueFile: file2, yes: true, openai, prompts, templates: undefined }));
    await own.close();
    expect(own.listBatches().length).toBe(again);
    const rows = await datasetRows();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.template === 'mcq_quiz')).toBe(false);
    const outputs = await readdir(dir.join('data', 'clean_outputs'));
    expect(outputs.some((n) => n.startsWith(`${quiz?.id}.mcq_quiz.`))).toBe(true);
  });
});

describe('the spend guard over the catalogue', () => {
  it('holds the total to maxCostUsd: over it, nothing is submitted', async () => {
    const before = api.listBatches().length;
    const events: CatalogueEvent[] = [];
    const result = await runCatalogue(
      options({ epubs: [dir.path], yes: true, maxCostUsd: 0.000001, onEvent: (e) => events.push(e) }),
    );
    expect(result.books).toHaveLength(shelf.length);
    expect(result.stopped?.reason).toBe('over-budget');
    expect(result.stopped?.error).toMatchObject({ code: 'RUN_OVER_BUDGET', exitCode: 2 });
    expect(api.listBatches().length).toBe(before);
    expect(events.filter((e) => e.type === 'estimate')).toHaveLength(shelf.length + 1);
    expect(existsSync(dir.join('data', 'batches', 'ledger.json'))).toBe(false);
  });

  it('counts the LLM judge round in the total, as a one-book run does', async () => {
    const before = api.listBatches().length;
    const result = await runCatalogue(
      options({ catalogueFile: await catalogueFile(2), yes: true, judge: true, maxCostUsd: 0.000001 }),
    );
    expect(result.stopped?.reason).toBe('over-budget');
    const estimate = result.estimate as { generation?: { requests: number }; judge?: { requests: number } };
    const firstRound = result.books.reduce((sum, b) => sum + (b.estimate?.requests ?? 0), 0);
    expect(estimate.generation?.requests).toBe(firstRound);
    expect(estimate.judge?.requests).toBeGreaterThan(0);
    expect(api.listBatches().length).toBe(before);
    // The shared requests file holds the books' requests byte for byte: its manifest names its hash as
    // written and keeps the books' topic counts, with their one tokenizer.
    const shared = workspacePaths(dir.join('data'));
    const manifest = RequestsManifestSchema.parse(JSON.parse(await readFile(shared.requestManifest, 'utf8')));
    expect(manifest.requestsSha256).toBe(await sha256File(shared.requests));
    expect(manifest.encoding).toBe('o200k_base');
    const counts = Object.values(manifest.requests).map((r) => r.topicTokens);
    expect(counts.length).toBe(firstRound);
    expect(counts.every((n) => typeof n === 'number' && n > 0)).toBe(true);
  });

  it('estimates the judge round for the books that will spend only: a book added later, not the shelf', async () => {
    const own = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
    const openai = new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 });
    const judged = (result: Awaited<ReturnType<typeof runCatalogue>>) =>
      (result.estimate as { judge?: { requests: number } }).judge?.requests;
    const whole = await runCatalogue(
      options({ catalogueFile: await catalogueFile(3), judge: true, openai, maxCostUsd: 0.000001 }),
    );
    await runCatalogue(options({ catalogueFile: await catalogueFile(2), yes: true, judge: true, openai }));
    const added = await runCatalogue(
      options({ catalogueFile: await catalogueFile(3), judge: true, openai, maxCostUsd: 0.000001 }),
    );
    await own.close();
    expect(added.stopped?.reason).toBe('over-budget');
    const third = added.books[2]?.estimate?.requests ?? 0;
    expect((added.estimate as { generation?: { requests: number } }).generation?.requests).toBe(third);
    // The judge round's figure is the added book's alone, a part of the whole shelf's.
    expect(judged(added)).toBeGreaterThan(0);
    expect(judged(added)).toBeLessThan(judged(whole) ?? 0);
  });

  it('stops before submit without yes and without anyone to ask', async () => {
    const result = await runCatalogue(options({ catalogueFile: await catalogueFile(2) }));
    expect(result.stopped?.reason).toBe('needs-yes');
    expect(result.stages.map((s) => s.status)).toEqual(['not-run', 'not-run', 'not-run']);
  });
});

describe('a catalogue data folder', () => {
  it('refuses a one-book run, and judge or publish alone, naming the folder and how to go on', async () => {
    await runCatalogue(options({ catalogueFile: await catalogueFile(2), yes: true }));
    const data = dir.join('data');
    await expect(
      runPipeline({ epub: dir.join(shelf[0]?.file as string), dataDir: data, env: {} }),
    ).rejects.toMatchObject({ code: 'CATALOGUE_DATA_DIR', exitCode: 2 });
    // Nothing of a one-book run was written beside the catalogue's files.
    expect(existsSync(join(data, 'structured_chapters'))).toBe(false);
    const ctx = { paths: workspacePaths(data), config: {}, reporter: silentReporter };
    await expect(judgeStage(ctx, { llm: false })).rejects.toMatchObject({ code: 'CATALOGUE_STAGE_ALONE' });
    await expect(publishStage(ctx, { upload: false })).rejects.toMatchObject({
      code: 'CATALOGUE_STAGE_ALONE',
      hint: expect.stringContaining('kalvimate run'),
    });
  });
});

describe('a catalogue with a mistake', () => {
  it('names the entry whose EPUB is missing, and writes nothing', async () => {
    const file = dir.join('kalvimate.catalogue.json');
    await writeFile(
      file,
      JSON.stringify({ books: [{ file: shelf[0]?.file }, { file: 'gone.epub', id: 'gone' }] }),
    );
    const run = runCatalogue(options({ catalogueFile: file }));
    await expect(run).rejects.toMatchObject({
      code: 'CATALOGUE_EPUB_NOT_FOUND',
      message: expect.stringContaining('books[1] (gone.epub): EPUB not found'),
    });
    expect(existsSync(dir.join('data'))).toBe(false);
  });

  it('names the entry and the field of an invalid catalogue', async () => {
    const file = await catalogueFile(2, (i) => (i === 1 ? { limit: 0 } : {}));
    await expect(runCatalogue(options({ catalogueFile: file }))).rejects.toMatchObject({
      code: 'CATALOGUE_INVALID',
      message: expect.stringMatching(/books\[1\] \(.+\.epub\): limit/),
    });
    expect(existsSync(dir.join('data'))).toBe(false);
  });

  it('refuses one book listed twice under two ids before anything is submitted', async () => {
    const book = shelf[0]?.file as string;
    const result = runCatalogue(
      options({
        books: [
          { file: dir.join(book), id: 'one' },
          { file: dir.join(book), id: 'two' },
        ],
        yes: true,
      }),
    );
    await expect(result).rejects.toMatchObject({
      code: 'CATALOGUE_SAME_BOOK_TWICE',
      message: expect.stringContaining('books "one" and "two"'),
    });
    expect(existsSync(dir.join('data', 'batches'))).toBe(false);
  });

  it('refuses a folder without EPUBs, naming it', async () => {
    const empty = dir.join('empty');
    await import('node:fs/promises').then((fs) => fs.mkdir(empty));
    await expect(runCatalogue(options({ epubs: [empty] }))).rejects.toMatchObject({
      code: 'CATALOGUE_EMPTY_FOLDER',
      message: `${join(empty)}: the folder holds no .epub file`,
    });
  });
});
