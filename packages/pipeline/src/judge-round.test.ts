// The LLM judge round end to end: the sample book through runPipeline against the OpenAI emulator, whose
// judge answers are scores derived from the request (low for a conversation holding LOW_SCORE_MARKER).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets, type Judgment, silentReporter, workspacePaths } from '@kalvimate/core';
import { createTempDir, REPO_ROOT, type TempDir } from '@kalvimate/testkit';
import {
  defaultReply,
  LOW_SCORE_MARKER,
  type OpenAIEmulator,
  startOpenAIEmulator,
} from '@kalvimate/testkit/openai-emulator';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PipelineConfigSchema } from './config.js';
import type { PipelineEvent } from './events.js';
import type { RunPipelineOptions } from './options.js';
import { runPipeline } from './run-pipeline.js';
import { judgeStage } from './stages/judge.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const epub = join(REPO_ROOT, 'samples', 'sample-science.epub');
const JUDGE_PART = /^requests-[0-9a-f]{12}\.part-\d{4}/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends the marker to every assistant message of a first-round answer (not to judge answers). */
function markTutorTurns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markTutorTurns);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = markTutorTurns(v);
  if (out.role === 'assistant' && typeof out.content === 'string')
    out.content = `${out.content} ${LOW_SCORE_MARKER}`;
  return out;
}

let api: OpenAIEmulator;
let dir: TempDir;
// The custom_ids whose first-round answers carry the marker.
const marked = new Set<string>();

beforeAll(async () => {
  api = await startOpenAIEmulator({
    validatingMs: 1,
    batchLatencyMs: 5,
    finalizingMs: 1,
    respond: (body, customId) => {
      const reply = defaultReply(body, customId);
      if (!customId || !marked.has(customId) || !reply.content) return reply;
      return { ...reply, content: JSON.stringify(markTutorTurns(JSON.parse(reply.content))) };
    },
  });
});
afterAll(async () => {
  await api?.close();
});
beforeEach(async () => {
  dir = await createTempDir('km-judge-round-');
  marked.clear();
});
afterEach(async () => {
  await dir.remove();
  clearRegisteredSecrets();
});

function options(extra: Partial<RunPipelineOptions> = {}): RunPipelineOptions {
  return {
    epub,
    dataDir: dir.join('data'),
    env: {},
    openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
    config: { split: { workers: 0 } },
    limit: 3,
    pollInterval: 0.01,
    upload: false,
    ...extra,
  };
}

const judgeBatches = () => api.listBatches().filter((b) => JUDGE_PART.test(b.metadata?.kalvimate_part ?? ''));

async function judgments(): Promise<Judgment[]> {
  const text = await readFile(dir.join('data', 'judgments', 'judgments.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Judgment);
}

describe('the LLM judge round in a run', () => {
  it('announces the judge estimate before spending, sends one request per kept conversation in its own batch, and scores the rows', async () => {
    const events: PipelineEvent[] = [];
    const before = judgeBatches().length;
    const result = await runPipeline(options({ yes: true, onEvent: (e) => events.push(e) }));
    expect(result.complete).toBe(true);
    const kinds = events.map((e) => (e.type === 'stage-start' ? `start:${e.stage}` : e.type));
    expect(kinds.indexOf('estimate')).toBeLessThan(kinds.indexOf('start:submit'));
    const estimate = result.estimate;
    expect(estimate?.judge?.requests).toBeGreaterThan(0);
    expect(estimate?.generation?.requests).toBeGreaterThan(0);
    expect(estimate?.costUsd).toBeCloseTo(
      (estimate?.generation?.costUsd ?? 0) + (estimate?.judge?.costUsd ?? 0),
      10,
    );

    const all = await judgments();
    const kept = all.filter((j) => j.verdict === 'keep');
    expect(kept.length).toBeGreaterThan(0);
    for (const j of kept) expect(Object.keys(j.scores ?? {})).toHaveLength(5);
    const created = judgeBatches().length - before;
    expect(created).toBeGreaterThanOrEqual(1);
    const judge = result.stages.find((s) => s.stage === 'judge');
    const round = judge?.stage === 'judge' ? judge.summary?.llmRound : undefined;
    expect(round?.submits[0]?.requests).toBe(kept.length);
    // The exact figure of the requests is at most the estimate made before they existed.
    expect(round?.estimate?.requests).toBeLessThanOrEqual(estimate?.judge?.requests ?? 0);
    expect(round?.usage.lines).toBe(kept.length);

    const paths = workspacePaths(dir.join('data'));
    expect((await readdir(paths.judgeOutputs)).some((n) => n.endsWith('.output.jsonl'))).toBe(true);
    const ledger = JSON.parse(await readFile(paths.judgeLedger, 'utf8')) as { parts: unknown[] };
    expect(ledger.parts.length).toBe(created);
    const html = await readFile(result.reportFile, 'utf8');
    for (const chart of ['flags-template', 'flags-chapter', 'scores-template', 'scores-chapter'])
      expect(html).toContain(`id="chart-${chart}-title"`);
    expect(html).toContain(`The LLM judge round (<code>gpt-4o-mini</code>): ${kept.length} answers`);
    const rows = await readFile(dir.join('data', 'dataset', 'stats.json'), 'utf8');
    expect(JSON.parse(rows).quality.scored).toBe(JSON.parse(rows).conversations.written);

    // Again: nothing changed, so nothing is sent and no batch is created.
    const calls = api.calls.length;
    const again = await runPipeline(options({ yes: true }));
    expect(again.stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(api.calls.length).toBe(calls);
    expect(judgeBatches().length - before).toBe(created);
  });

  it('sets aside a conversation scored below judge.minScore, with the criterion and the judge’s problem', async () => {
    // The offline stages name the requests; the first one's answer gets the marker in every tutor turn. Other
    // requests than the other tests' (limit 5): the emulator is shared, and submit finds a batch of the same
    // part in the API's list and takes its results instead of paying twice.
    const own = { limit: 5 };
    await runPipeline({ ...options(own), openai: undefined });
    const first = (await readFile(dir.join('data', 'openai_inputs', 'requests.jsonl'), 'utf8')).split(
      '\n',
    )[0];
    const target = (JSON.parse(first ?? '{}') as { custom_id: string }).custom_id;
    marked.add(target);
    const result = await runPipeline(options({ ...own, yes: true }));
    expect(result.complete).toBe(true);
    const low = (await judgments()).filter((j) => j.flags.includes('low-score'));
    expect(low.length).toBeGreaterThan(0);
    for (const j of low) {
      expect(j.custom_id).toBe(target);
      expect(j.verdict).toBe('set-aside');
      expect(j.reasons.join('\n')).toMatch(/low-score: correctness 1 < 3 \(turn \d+: .*marker/);
    }
    const rejects = await readFile(dir.join('data', 'dataset', 'rejects.jsonl'), 'utf8');
    expect(rejects).toContain('"low-score"');
    const others = (await judgments()).filter((j) => j.custom_id !== target && j.verdict === 'keep');
    expect(others.length).toBeGreaterThan(0);

    // minScore 0 turns it off: the same scores, nothing set aside for them.
    await runPipeline(
      options({ ...own, yes: true, config: { split: { workers: 0 }, judge: { minScore: 0 } } }),
    );
    expect((await judgments()).some((j) => j.flags.includes('low-score'))).toBe(false);
  });
});

describe('without the LLM round', () => {
  it('--no-judge: no judge estimate, no judge batch, scores null', async () => {
    const before = judgeBatches().length;
    const result = await runPipeline(options({ yes: true, judge: false }));
    expect(result.complete).toBe(true);
    expect(result.estimate?.judge).toBeUndefined();
    expect(judgeBatches().length).toBe(before);
    for (const j of await judgments()) expect(j.scores).toBeNull();
  });

  it('refuses a run whose estimate with the judge round is over --max-cost, though the first round fits', async () => {
    const offline = await runPipeline(options({ judge: false, yes: true, maxCostUsd: 1e-9 }));
    const generation = offline.estimate?.costUsd ?? 0;
    const result = await runPipeline(options({ yes: true, maxCostUsd: generation * 1.0001 }));
    expect(result.stopped).toMatchObject({ reason: 'over-budget', error: { code: 'RUN_OVER_BUDGET' } });
    expect(result.estimate?.judge?.costUsd).toBeGreaterThan(0);
  });
});

describe('the judge stage on its own', () => {
  const context = () => ({
    paths: workspacePaths(dir.join('data')),
    config: PipelineConfigSchema.parse({ split: { workers: 0 } }),
    reporter: silentReporter,
  });
  const client = () => new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 });

  it('refuses a round whose exact estimate is over its budget, sending nothing', async () => {
    await runPipeline(options({ yes: true, judge: false }));
    const before = judgeBatches().length;
    await expect(judgeStage(context(), { client: client(), maxCost: 1e-9 })).rejects.toMatchObject({
      code: 'JUDGE_OVER_BUDGET',
    });
    expect(judgeBatches().length).toBe(before);
  });

  it('resumes a round a crash left after its batch was created, without a second batch', async () => {
    // Requests of its own (limit 2), so that no other test's batch of the same part exists in the emulator.
    await runPipeline(options({ yes: true, judge: false, limit: 2 }));
    const before = judgeBatches().length;
    const crash = async () => {
      throw new Error('killed while polling');
    };
    // The batch runs long enough for the first poll to find it in progress.
    api.faults.batchLatencyMs = 300;
    await expect(
      judgeStage(context(), { client: client(), sleep: crash, pollInterval: 0.01 }),
    ).rejects.toThrow('killed while polling');
    api.faults.batchLatencyMs = undefined;
    const created = judgeBatches().length - before;
    expect(created).toBeGreaterThanOrEqual(1);
    const resumed = await judgeStage(context(), { client: client(), pollInterval: 0.01 });
    expect(judgeBatches().length - before).toBe(created);
    expect(resumed.llmRound?.submits[0]?.batchesCreated).toBe(0);
    expect(resumed.summary.llm.scored).toBe(resumed.summary.conversations.kept);
    expect(resumed.summary.llm.unscored).toBe(0);
  });
});
