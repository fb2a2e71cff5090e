// The pipeline as a library, end to end: the sample book through every stage with the real stages and
// SDKs, against the local OpenAI and Hub emulators, without the CLI.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clearRegisteredSecrets,
  RequestsManifestSchema,
  sha256File,
  silentReporter,
  workspacePaths,
} from '@kalvimate/core';
import { createTempDir, REPO_ROOT, type TempDir } from '@kalvimate/testkit';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PipelineEvent } from './events.js';
import type { FileHashCache } from './fingerprint.js';
import type { RunPipelineOptions } from './options.js';
import { runPipeline, runPipelineIter } from './run-pipeline.js';

// Real stages on a busy two-core machine can take a while; nothing here asserts on time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const epub = join(REPO_ROOT, 'samples', 'sample-science.epub');
const REPO = 'kalvimate-tester/science-sample';

let api: OpenAIEmulator;
let hub: HubEmulator;
let dir: TempDir;

beforeAll(async () => {
  api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
  hub = await startHubEmulator();
});
afterAll(async () => {
  await api?.close();
  await hub?.close();
});
beforeEach(async () => {
  dir = await createTempDir('km-pipeline-');
});
afterEach(async () => {
  await dir.remove();
  clearRegisteredSecrets();
});

/** A small run on the emulators; `env: {}` keeps the machine's own keys out of it. */
function options(extra: Partial<RunPipelineOptions> = {}): RunPipelineOptions {
  return {
    epub,
    dataDir: dir.join('data'),
    env: {},
    openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
    hub: { token: hub.token, hubUrl: hub.hubUrl },
    config: { split: { workers: 0 } },
    limit: 4,
    pollInterval: 0.01,
    ...extra,
  };
}

async function collect(run: AsyncGenerator<PipelineEvent, unknown>): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = [];
  for (let next = await run.next(); !next.done; next = await run.next()) events.push(next.value);
  return events;
}

describe('runPipeline against the emulators', () => {
  it('runs every stage, publishes one commit, and reports its progress as events', async () => {
    const events: PipelineEvent[] = [];
    const write = vi.spyOn(process.stdout, 'write');
    const result = await runPipeline(options({ yes: true, repoId: REPO, onEvent: (e) => events.push(e) }));
    const printed = write.mock.calls.length;
    write.mockRestore();
    expect(printed).toBe(0);
    expect(result.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      'extract:ran',
      'preprocess:ran',
      'generate:ran',
      'split:ran',
      'submit:ran',
      'judge:ran',
      'publish:ran',
    ]);
    expect(result.complete).toBe(true);
    expect(result.stopped).toBeUndefined();
    expect(result.spend).toEqual({ decision: 'submit', submitted: true });
    expect(result.estimate?.requests).toBeGreaterThan(0);
    expect(result.dataset?.dir).toBe(dir.join('data', 'dataset'));
    expect(result.dataset?.conversations).toBeGreaterThan(0);
    expect(result.reportFile).toBe(dir.join('data', 'report.html'));
    expect(hub.commits(REPO, 'dataset')).toHaveLength(1);
    const html = await readFile(result.reportFile, 'utf8');
    expect(html).toContain('Estimated and actual cost');
    expect(html).not.toContain('Not run yet');
    const kinds = events.map((e) =>
      e.type === 'stage-start' || e.type === 'stage-end' ? `${e.type}:${e.stage}` : e.type,
    );
    expect(kinds.filter((k) => k.startsWith('stage-'))).toEqual(
      ['extract', 'preprocess', 'generate', 'split', 'submit', 'judge', 'publish'].flatMap((s) => [
        `stage-start:${s}`,
        `stage-end:${s}`,
      ]),
    );
    expect(kinds.indexOf('estimate')).toBeLessThan(kinds.indexOf('stage-start:submit'));
    expect(kinds.at(-1)).toBe('report');
    expect(events.some((e) => e.type === 'phase' && e.stage === 'submit')).toBe(true);
  });

  it('skips every stage on a second run, even with the config keys in another order', async () => {
    const config = { split: { workers: 0, maxRequests: 1000 }, publish: { testSplit: 0.2, jsonl: true } };
    await runPipeline(options({ yes: true, config }));
    const calls = api.calls.length;
    const reordered = { publish: { jsonl: true, testSplit: 0.2 }, split: { maxRequests: 1000, workers: 0 } };
    const events = await collect(runPipelineIter(options({ yes: true, config: reordered })));
    expect(events.filter((e) => e.type === 'stage-skipped')).toHaveLength(7);
    expect(api.calls.length).toBe(calls);
  });

  it('writes the report page again only when what it shows changed', async () => {
    await runPipeline(options({ yes: true }));
    const page = dir.join('data', 'report.html');
    const marked = `${await readFile(page, 'utf8')}<!-- unchanged -->`;
    await writeFile(page, marked);
    await runPipeline(options({ yes: true }));
    expect(await readFile(page, 'utf8')).toBe(marked);
    // A stage that runs again (new durations in the run state) brings a new page.
    await runPipeline(options({ yes: true, from: 'publish' }));
    expect(await readFile(page, 'utf8')).not.toContain('<!-- unchanged -->');
  });
});

describe('the spend guard', () => {
  it('stops before submit without yes and without anyone to ask: nothing is sent', async () => {
    const batches = api.listBatches().length;
    const result = await runPipeline(options());
    expect(result.stopped?.reason).toBe('needs-yes');
    expect(result.stopped?.error).toMatchObject({ code: 'RUN_NEEDS_YES', exitCode: 2 });
    expect(result.stages.slice(4).map((s) => s.status)).toEqual(['not-run', 'not-run', 'not-run']);
    expect(api.listBatches().length).toBe(batches);
  });

  it('asks confirm with the estimate, and a no submits nothing', async () => {
    const asked: string[] = [];
    const result = await runPipeline(
      options({
        confirm: async (question, estimate) => {
          asked.push(question);
          expect(estimate.requests).toBeGreaterThan(0);
          return false;
        },
      }),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(
      /^Submit \d+ requests to gpt-4o-mini and about \d+ judge requests to gpt-4o-mini at OpenAI for about \$/,
    );
    expect(result.stopped?.reason).toBe('declined');
  });

  it('refuses an estimate over maxCostUsd, even with yes', async () => {
    const result = await runPipeline(options({ yes: true, maxCostUsd: 0.000001 }));
    expect(result.stopped).toMatchObject({ reason: 'over-budget', error: { code: 'RUN_OVER_BUDGET' } });
    expect(result.spend).toEqual({ decision: 'over-budget', submitted: false });
  });

  it('ends after the offline stages when there is no key and no client', async () => {
    const result = await runPipeline({ ...options(), openai: undefined });
    expect(result.stopped?.reason).toBe('no-api-key');
    expect(result.stopped?.error).toBeUndefined();
  });

  it('names what a run that did nothing read, and nothing for a run that did work or asked', async () => {
    const offline = { ...options(), openai: undefined };
    expect((await runPipeline(offline)).unchanged).toBeUndefined();
    const again = await runPipeline(offline);
    expect(again.stages.map((s) => s.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'not-run',
      'not-run',
      'not-run',
    ]);
    const paths = workspacePaths(dir.join('data'));
    expect(again.unchanged?.paths).toEqual(expect.arrayContaining([epub, paths.dataDir, paths.requests]));
    expect(again.unchanged?.hashes[epub]?.sha256).toBe(await sha256File(epub));
    expect(again.unchanged?.hashes[paths.requests]?.sha256).toBe(await sha256File(paths.requests));
    // The answer to a question is not in any file: a run that asked is never taken as one that did nothing.
    const declined = await runPipeline(options({ confirm: async () => false }));
    expect(declined.stopped?.reason).toBe('declined');
    expect(declined.unchanged).toBeUndefined();
  });

  it("gives the hashes it took, which the same run at once trusts: even the files just written aren't read", async () => {
    const offline = { ...options(), openai: undefined };
    const first = await runPipeline(offline);
    const paths = workspacePaths(dir.join('data'));
    const requests = first.fileHashes?.[paths.requests];
    expect(requests?.sha256).toBe(await sha256File(paths.requests));
    // A made-up hash of the book, trusted over the one the run state recorded while the file looks the
    // same: extract's fingerprint then differs, so the run extracts again (a rehearsal would stop there).
    const book = first.fileHashes?.[epub];
    if (!book) throw new Error('the book was not hashed');
    const trusting = await runPipeline({
      ...offline,
      trustedFiles: { [epub]: { ...book, sha256: 'f'.repeat(64) } },
    });
    expect(trusting.stages[0]).toMatchObject({ stage: 'extract', status: 'ran' });
    // The real ones: every stage is skipped, as in a run that read every file again.
    const again = await runPipeline({ ...offline, trustedFiles: (await runPipeline(offline)).fileHashes });
    expect(again.unchanged).toBeDefined();
  });

  it("splits with generate's token counts (parts per template), the same as counting again", async () => {
    const result = await runPipeline({ ...options({ limit: 6 }), openai: undefined });
    const split = result.stages.find((s) => s.stage === 'split');
    const summary = split?.summary as { tokens: number; parts: number } | undefined;
    expect(summary?.tokens).toBe(result.estimate?.generation?.inputTokens ?? result.estimate?.inputTokens);
    const { splitFile } = await import('@kalvimate/splitter');
    const recount = await splitFile(dir.join('data', 'openai_inputs', 'requests.jsonl'), {
      outDir: dir.join('recount'),
      workers: 0,
    });
    expect(summary?.tokens).toBe(recount.tokens);
    const parts = await readdir(dir.join('data', 'openai_inputs', 'parts'));
    expect(parts.some((n) => /^requests\.mcq_quiz\.part-0001\.jsonl$/.test(n))).toBe(true);
  });

  it('records the hashes of the files generate and split wrote, for the stages after them', async () => {
    await runPipeline({ ...options({ limit: 3 }), openai: undefined });
    const paths = workspacePaths(dir.join('data'));
    const { generateStage } = await import('./stages/generate.js');
    const files: FileHashCache = { known: {}, used: {} };
    await generateStage({ paths, config: {}, reporter: silentReporter, files }, { limit: 3 });
    expect(Object.keys(files.used)).toEqual([paths.requests]);
    expect(files.used[paths.requests]).toMatchObject({
      sha256: await sha256File(paths.requests),
      size: (await stat(paths.requests)).size,
    });
    // split records its parts the same way.
    const { splitStage } = await import('./stages/split.js');
    await splitStage({ paths, config: { split: { workers: 0 } }, reporter: silentReporter, files });
    const parts = (await readdir(paths.parts)).filter((name) => name.endsWith('.jsonl'));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) {
      const path = join(paths.parts, part);
      expect(files.used[path]?.sha256, part).toBe(await sha256File(path));
    }
  });

  it("checks the requests file against generate's manifest by the hash the run has, without reading it again", async () => {
    await runPipeline({ ...options({ limit: 3 }), openai: undefined });
    const paths = workspacePaths(dir.join('data'));
    const manifest = JSON.parse(await readFile(paths.requestManifest, 'utf8'));
    // Counts no tokenizer gives, under a hash the file does not have: split takes them only when the
    // run's cache vouches for that hash, and counts the requests itself when it reads the file.
    const requests = Object.values(manifest.requests) as { inputTokens: number }[];
    for (const request of requests) request.inputTokens = 7;
    manifest.requestsSha256 = 'f'.repeat(64);
    await writeFile(paths.requestManifest, JSON.stringify(manifest));
    const info = await stat(paths.requests);
    const entry = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
    const files = {
      known: {},
      used: { [paths.requests]: { ...entry, hashedAt: Date.now(), sha256: 'f'.repeat(64) } },
    };
    const { splitStage } = await import('./stages/split.js');
    const config = { split: { workers: 0 } };
    const cached = await splitStage({ paths, config, reporter: silentReporter, files });
    expect(cached.tokens).toBe(7 * requests.length);
    const read = await splitStage({ paths, config, reporter: silentReporter });
    expect(read.tokens).toBeGreaterThan(7 * requests.length);
  });

  it('keeps a workspace split before parts were per template in one group, saying so, so that nothing is sent again', async () => {
    await runPipeline({ ...options({ limit: 3 }), openai: undefined });
    const partsDir = dir.join('data', 'openai_inputs', 'parts');
    const manifestPath = join(partsDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    for (const part of manifest.parts) delete part.group;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const messages: string[] = [];
    const reporter = { ...silentReporter, info: (m: string) => messages.push(m) };
    const { splitStage } = await import('./stages/split.js');
    await splitStage({
      paths: workspacePaths(dir.join('data')),
      config: { split: { workers: 0 } },
      reporter,
    });
    const names = (await readdir(partsDir)).filter((n) => n.endsWith('.jsonl'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /^requests\.part-\d{4}\.jsonl$/.test(n))).toBe(true);
    expect(messages.join('\n')).toMatch(/split before parts were per template/);
  });

  it("keeps the judge round's planned estimate while what it was made from is unchanged", async () => {
    const first = await runPipeline({ ...options(), openai: undefined });
    const statePath = dir.join('data', 'run-state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    // A figure no count gives: the next run shows it only if it takes the recorded estimate.
    state.judgeEstimate.estimate.requests += 1000;
    await writeFile(statePath, JSON.stringify(state));
    const again = await runPipeline({ ...options(), openai: undefined });
    expect(again.estimate?.requests).toBe((first.estimate?.requests ?? 0) + 1000);
    // Another judge model is another estimate, counted afresh.
    const other = await runPipeline({ ...options(), openai: undefined, judgeModel: 'gpt-4o' });
    expect(other.estimate?.requests).toBe(first.estimate?.requests);
  });

  it("plans the judge round from generate's manifest with the figures that reading the requests gives", async () => {
    const run = await runPipeline({ ...options({ limit: undefined }), openai: undefined });
    const planned = run.estimate?.judge;
    expect(planned?.requests).toBeGreaterThan(0);
    const { estimateJudgeRound, loadRubric } = await import('@kalvimate/judge');
    const paths = workspacePaths(dir.join('data'));
    const manifest = RequestsManifestSchema.parse(JSON.parse(await readFile(paths.requestManifest, 'utf8')));
    expect(manifest.encoding).toBe('o200k_base');
    // Without the manifest's encoding its counts cannot be used: the requests file is read and counted.
    const counted = await estimateJudgeRound({
      requestsFile: paths.requests,
      manifest: { ...manifest, encoding: undefined },
      rubric: await loadRubric(join(REPO_ROOT, 'prompts', 'judges', 'tutor.md')),
      model: 'gpt-4o-mini',
    });
    expect(planned).toEqual(counted);
    // And the manifest's counts alone give them: a file that does not exist is not read.
    const fromManifest = await estimateJudgeRound({
      requestsFile: dir.join('gone.jsonl'),
      requestsSha256: manifest.requestsSha256,
      manifest,
      rubric: await loadRubric(join(REPO_ROOT, 'prompts', 'judges', 'tutor.md')),
      model: 'gpt-4o-mini',
    });
    expect(fromManifest).toEqual(counted);
  });
});

describe('bad input', () => {
  it('names a missing EPUB and writes nothing', async () => {
    await expect(runPipeline(options({ epub: dir.join('none.epub') }))).rejects.toMatchObject({
      code: 'EPUB_NOT_FOUND',
    });
    await expect(runPipeline(options({ epub: undefined }))).rejects.toMatchObject({ code: 'EPUB_MISSING' });
  });

  it('stops before the first stage when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(runPipeline(options({ signal: controller.signal }))).rejects.toThrow(
      'stopped by the caller',
    );
  });
});
