import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { clearRegisteredSecrets } from '@kalvimate/core';
import type { FileVersion } from '@kalvimate/core/receipt';
import {
  defaultPromptsDir,
  type PublishStageOptions,
  readRunState,
  type StageRunners,
} from '@kalvimate/pipeline';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestContext, runCli } from '../../test/cli-harness.js';
import { fakeRunners } from '../../test/fake-stages.js';
import type { CommandModule } from '../command.js';
import type { CliIO } from '../io.js';
import { SAMPLE_EPUB } from '../paths.js';
import { generateCommand } from './generate.js';
import { publishCommand } from './publish.js';
import { type RunCommandOptions, runCommand, runRun } from './run.js';

// These run real stages on the sample book; on a busy two-core CI machine that can take seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-run-');
  // Count tokens on the main thread: a worker thread per test costs more than the tiny sample.
  await writeFile(dir.join('kalvimate.config.json'), JSON.stringify({ split: { workers: 0 } }));
});
afterEach(async () => {
  clearRegisteredSecrets();
  await dir.remove();
});

const KEY = { OPENAI_API_KEY: 'sk-test-secret-key-123456' };
const ESTIMATE_KEYS = [
  'requests',
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'costUsd',
  'costUsdStandard',
] as const;

/** The parts of run's `--json` summary these tests read. */
interface RunSummary {
  epub?: string;
  stages?: { stage: string; status: string }[];
  spend?: unknown;
  estimate?: Record<string, unknown>;
  error?: { code: string; message: string };
  stopped?: string;
}

async function run(
  options: RunCommandOptions,
  calls: string[],
  setup: {
    env?: Record<string, string>;
    terminal?: boolean;
    runners?: Partial<StageRunners>;
    confirm?: (q: string) => Promise<boolean>;
    io?: Pick<CliIO, 'receipt' | 'rehearsal'>;
  } = {},
) {
  const { ctx, output } = createTestContext({
    cwd: dir.path,
    env: setup.env ?? {},
    ...(setup.terminal ? { terminal: true } : {}),
    ...(setup.io ? { io: setup.io } : {}),
  });
  try {
    const result = await runRun(ctx, options, {
      stages: fakeRunners(calls, setup.runners),
      ...(setup.confirm ? { confirm: setup.confirm } : {}),
    });
    return { result, summary: result.summary as RunSummary, error: undefined, ...output() };
  } catch (error) {
    return { result: undefined, summary: undefined, error, ...output() };
  }
}

describe('run with no API key (the main job on a fresh machine)', () => {
  it('runs every offline stage on the bundled sample, prints the estimate and how to go on, exits 0', async () => {
    const calls: string[] = [];
    const { result, summary, error, stdout } = await run({}, calls);
    expect(error).toBeUndefined();
    expect(result?.exitCode ?? 0).toBe(0);
    expect(calls).toEqual(['extract', 'preprocess', 'generate', 'split']);
    expect(stdout).toContain('using the bundled sample book');
    expect(stdout).toMatch(/estimate for gpt-4o-mini: \d+ requests/);
    expect(stdout).toMatch(/cost: \$\d/);
    expect(stdout).toContain('OPENAI_API_KEY=');
    expect(stdout).toContain('OPENAI_BASE_URL=');
    expect(stdout).toMatch(
      /^extract\s+extracted sample-science\.epub: 4 chapters, 28 topics.*\(\d+\.\d+ s\)$/m,
    );
    expect(existsSync(dir.join('data', 'report.html'))).toBe(true);
    expect(summary).toMatchObject({
      epub: SAMPLE_EPUB,
      spend: { decision: 'no-api-key', submitted: false },
    });
    const stages = ((summary?.stages ?? []) as { stage: string; status: string }[]).map(
      (s) => `${s.stage}:${s.status}`,
    );
    expect(stages).toEqual([
      'extract:ran',
      'preprocess:ran',
      'generate:ran',
      'split:ran',
      'submit:not-run',
      'judge:not-run',
      'publish:not-run',
    ]);
  });

  it('redoes nothing on a second run', async () => {
    const calls: string[] = [];
    await run({}, calls);
    calls.length = 0;
    const { stdout } = await run({}, calls);
    expect(calls).toEqual([]);
    expect(stdout).toMatch(
      /^split\s+skipped: unchanged since its last run \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/m,
    );
    expect(stdout).toContain('OPENAI_API_KEY=');
  });

  it('uses the one EPUB in data/raw when none is given', async () => {
    await mkdir(dir.join('data', 'raw'), { recursive: true });
    await writeFile(dir.join('data', 'raw', 'mine.epub'), await readFile(SAMPLE_EPUB));
    const { summary } = await run({}, []);
    expect(summary?.epub).toBe(dir.join('data', 'raw', 'mine.epub'));
  });
});

describe("the launcher's receipts", () => {
  /** A recorder that keeps what the run asked of it. */
  function recorder() {
    const asked: { watched?: string[]; rehearsal?: Record<string, FileVersion> } = {};
    const receipt = {
      watch: (paths: readonly string[]) => {
        asked.watched = [...paths];
      },
      offerRehearsal: (files: Readonly<Record<string, FileVersion>>) => {
        asked.rehearsal = { ...files };
      },
    };
    return { receipt, asked };
  }

  it('a run that did work offers a rehearsal with its hashes; the rehearsal calls no stage and asks for a receipt', async () => {
    const calls: string[] = [];
    const first = recorder();
    await run({}, calls, { io: { receipt: first.receipt } });
    expect(calls).toEqual(['extract', 'preprocess', 'generate', 'split']);
    expect(first.asked.watched).toBeUndefined();
    const requests = dir.join('data', 'openai_inputs', 'requests.jsonl');
    expect(first.asked.rehearsal?.[requests]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const second = recorder();
    const files = first.asked.rehearsal ?? {};
    const rehearsal = await run({}, calls, { io: { receipt: second.receipt, rehearsal: { files } } });
    expect(rehearsal.result?.exitCode ?? 0).toBe(0);
    expect(calls).toHaveLength(4);
    expect(rehearsal.stdout).toMatch(/^extract +skipped: unchanged/m);
    expect(second.asked.watched).toEqual(expect.arrayContaining([requests, dir.join('.env')]));
    expect(second.asked.rehearsal).toBeUndefined();
  });

  it('a rehearsal stops before the first stage that would run, and writes no stage output', async () => {
    const calls: string[] = [];
    const { receipt, asked } = recorder();
    const { result } = await run({}, calls, { io: { receipt, rehearsal: { files: {} } } });
    expect(result?.exitCode).toBe(1);
    expect(calls).toEqual([]);
    expect(existsSync(dir.join('data', 'structured_chapters'))).toBe(false);
    expect(asked).toEqual({});
  });

  it('offers no rehearsal after --force or --from (the run after it would do its work again), nor after a submit', async () => {
    const calls: string[] = [];
    await run({}, calls);
    for (const options of [{ force: true }, { from: 'generate' as const }]) {
      const { receipt, asked } = recorder();
      await run(options, calls, { io: { receipt } });
      expect(asked).toEqual({});
    }
    const { receipt, asked } = recorder();
    const submitted = await run({ yes: true }, calls, { env: KEY, io: { receipt } });
    expect(submitted.summary?.spend).toMatchObject({ submitted: true });
    expect(asked).toEqual({});
  });
});

describe('the spending guard', () => {
  it('refuses with exit 2 and submits nothing when the estimate is over --max-cost, even with --yes', async () => {
    const calls: string[] = [];
    const { result, summary, error, stderr } = await run({ yes: true, maxCost: 0.0001 }, calls, { env: KEY });
    expect(error).toBeUndefined();
    expect(result?.exitCode).toBe(2);
    expect(summary).toMatchObject({
      stopped: 'over-budget',
      spend: { decision: 'over-budget', submitted: false },
      error: { code: 'RUN_OVER_BUDGET' },
    });
    const { message } = (summary?.error ?? {}) as { message?: string };
    expect(message).toMatch(/over --max-cost \$0\.0001; nothing was submitted/);
    expect(stderr).toContain(`error: ${message}`);
    expect(stderr).toMatch(/^hint: Raise --max-cost/m);
    expect(calls).not.toContain('submit');
    expect(existsSync(dir.join('data', 'batches'))).toBe(false);
    expect(existsSync(dir.join('data', 'report.html'))).toBe(true);
  });

  it('holds direct mode to the standard-price estimate, in --max-cost and in the question', async () => {
    const offline = await run({}, []);
    const { costUsd, costUsdStandard } = (offline.summary?.estimate ?? {}) as {
      costUsd: number;
      costUsdStandard: number;
    };
    expect(costUsdStandard).toBeGreaterThan(costUsd);
    const between = Number(((costUsd + costUsdStandard) / 2).toFixed(4));
    const calls: string[] = [];
    const direct = await run({ yes: true, mode: 'direct', maxCost: between }, calls, { env: KEY });
    expect(direct.summary).toMatchObject({
      stopped: 'over-budget',
      error: { code: 'RUN_OVER_BUDGET' },
    });
    expect((direct.summary?.error as { message?: string } | undefined)?.message).toMatch(
      /^the estimate of \$[\d.]+ at standard prices \(direct mode\) is over --max-cost/,
    );
    expect(calls.some((c) => c.startsWith('submit'))).toBe(false);
    const questions: string[] = [];
    await run({ mode: 'direct' }, [], {
      env: KEY,
      terminal: true,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(questions[0]).toMatch(/for about \$[\d.]+ at standard prices \(direct mode\)\?$/);
    const batch = await run({ yes: true, mode: 'batch', maxCost: between }, calls, { env: KEY });
    expect(batch.summary).toMatchObject({ spend: { decision: 'submit', submitted: true } });
    expect(calls.some((c) => c.startsWith('submit'))).toBe(true);
  });

  it('without a terminal submits only with --yes', async () => {
    const calls: string[] = [];
    const { result, summary, stderr } = await run({}, calls, { env: KEY });
    expect(result?.exitCode).toBe(2);
    expect(summary).toMatchObject({ stopped: 'needs-yes', error: { code: 'RUN_NEEDS_YES' } });
    expect(stderr).toMatch(/^hint: Run again with --yes/m);
    expect(calls.some((c) => c.startsWith('submit'))).toBe(false);
  });

  it('asks on a terminal, and a "no" submits nothing', async () => {
    const calls: string[] = [];
    const questions: string[] = [];
    const { result, stdout } = await run({}, calls, {
      env: KEY,
      terminal: true,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(
      /^Submit \d+ requests to gpt-4o-mini and about \d+ judge requests to gpt-4o-mini at OpenAI for about \$/,
    );
    expect(stdout).toContain('nothing was submitted (you answered no)');
    expect(result?.exitCode ?? 0).toBe(0);
    expect(calls.some((c) => c.startsWith('submit'))).toBe(false);
  });

  it('reads the answer from the terminal: "y" submits', async () => {
    const calls: string[] = [];
    const { ctx, output } = createTestContext({ cwd: dir.path, env: KEY, terminal: true });
    (ctx.io.stdin as unknown as NodeJS.WritableStream).write('y\n');
    await runRun(ctx, {}, { stages: fakeRunners(calls) });
    expect(output().stderr).toMatch(
      /Submit \d+ requests to gpt-4o-mini and about \d+ judge requests to gpt-4o-mini at OpenAI for about \$[\d.]+\? \[y\/N\]/,
    );
    expect(calls).toContain('submit');
  });

  it('never prints the API key', async () => {
    const { stdout, stderr } = await run({ yes: true }, [], { env: KEY });
    expect(stdout + stderr).not.toContain(KEY.OPENAI_API_KEY);
    const state = await readFile(dir.join('data', 'run-state.json'), 'utf8');
    expect(state).not.toContain(KEY.OPENAI_API_KEY);
  });
});

describe('a full run and what a re-run redoes', () => {
  it('chains every stage with --yes, passes stage options on, and a second run calls nothing', async () => {
    const calls: string[] = [];
    const first = await run(
      { yes: true, pollInterval: 0.01, templates: ['mcq_quiz', 'lesson_openers'] },
      calls,
      {
        env: KEY,
      },
    );
    expect(first.error).toBeUndefined();
    expect(calls).toEqual([
      'extract',
      'preprocess',
      'generate',
      'split',
      'submit poll=0.01',
      'judge',
      'publish',
    ]);
    const manifest = JSON.parse(
      await readFile(dir.join('data', 'openai_inputs', 'requests.manifest.json'), 'utf8'),
    );
    expect(Object.keys(manifest.templates).sort()).toEqual(['lesson_openers', 'mcq_quiz']);
    expect(first.summary?.spend).toEqual({ decision: 'submit', submitted: true });
    const html = await readFile(dir.join('data', 'report.html'), 'utf8');
    expect(html).toContain('Estimated and actual cost');
    expect(html).not.toContain('Not run yet');

    calls.length = 0;
    const second = await run({ templates: ['mcq_quiz', 'lesson_openers'] }, calls, { env: KEY });
    expect(second.error).toBeUndefined();
    expect(calls).toEqual([]);
    const stages = second.summary?.stages as { status: string }[];
    expect(stages.every((s) => s.status === 'skipped')).toBe(true);
  });

  it('redoes generate and what follows when a stage option changes', async () => {
    const calls: string[] = [];
    await run({ yes: true, templates: ['mcq_quiz'] }, calls, { env: KEY });
    calls.length = 0;
    await run({ yes: true, templates: ['lesson_openers'] }, calls, { env: KEY });
    expect(calls).toEqual(['generate', 'split', 'submit', 'judge', 'publish']);
  });

  it('redoes from the named stage with --from, and everything with --force', async () => {
    const calls: string[] = [];
    await run({ yes: true }, calls, { env: KEY });
    calls.length = 0;
    await run({ yes: true, from: 'publish' }, calls, { env: KEY });
    expect(calls).toEqual(['publish']);
    calls.length = 0;
    await run({ yes: true, force: true }, calls, { env: KEY });
    expect(calls).toHaveLength(7);
  });

  it('redoes a stage whose output was deleted', async () => {
    const calls: string[] = [];
    await run({}, calls);
    await rm(dir.join('data', 'openai_inputs', 'parts'), { recursive: true });
    calls.length = 0;
    await run({}, calls);
    expect(calls).toEqual(['split']);
  });

  it('records a failed stage and resumes there on the next run', async () => {
    const calls: string[] = [];
    const failing = await run({ yes: true }, calls, {
      env: KEY,
      runners: {
        submit: async () => {
          throw new Error('connection reset');
        },
      },
    });
    expect((failing.error as Error).message).toBe('connection reset');
    const state = await readRunState(dir.join('data', 'run-state.json'));
    expect(state.stages.submit).toMatchObject({ status: 'failed', error: 'connection reset' });
    calls.length = 0;
    await run({ yes: true }, calls, { env: KEY });
    expect(calls).toEqual(['submit', 'judge', 'publish']);
  });

  it("publishes what came back when some requests have no result, exits with submit's code, and retries next time", async () => {
    const calls: string[] = [];
    const partial = await run({ yes: true }, calls, {
      env: KEY,
      runners: {
        submit: async (ctx, o) => {
          const done = await fakeRunners([]).submit(ctx, o);
          const missing = [{ customId: 'a', part: 'p1', reason: 'expired' }];
          return { ...done, failed: 2, missing };
        },
      },
    });
    expect(partial.result?.exitCode).toBe(3);
    expect(calls.at(-1)).toBe('publish');
    const state = await readRunState(dir.join('data', 'run-state.json'));
    expect(state.stages.submit?.status).toBe('failed');
    calls.length = 0;
    await run({ yes: true }, calls, { env: KEY });
    // The test stage writes the same results again, so publish has nothing new to read.
    expect(calls).toEqual(['submit']);
  });

  it('passes --repo-id and --no-upload on to publish', async () => {
    const calls: string[] = [];
    const env = { ...KEY, HF_TOKEN: 'hf_testtoken123456789' };
    await run({ yes: true, repoId: 'me/book' }, calls, { env });
    expect(calls.at(-1)).toBe('publish repo=me/book');
    calls.length = 0;
    await run({ yes: true, repoId: 'me/book', upload: false }, calls, { env });
    expect(calls).toEqual(['publish repo=me/book no-upload']);
  });

  it('passes --prompts to generate and to publish (the template shapes), resolved once', async () => {
    await cp(defaultPromptsDir(), dir.join('my-prompts'), { recursive: true });
    const seen: { generate?: string; publish?: string } = {};
    const calls: string[] = [];
    const { error } = await run({ yes: true, prompts: 'my-prompts' }, calls, {
      env: KEY,
      runners: {
        generate: async (ctx, o) => {
          seen.generate = o.prompts;
          return fakeRunners([]).generate(ctx, o);
        },
        publish: async (ctx, o, hub) => {
          seen.publish = o.prompts;
          return fakeRunners([]).publish(ctx, o, hub);
        },
      },
    });
    expect(error).toBeUndefined();
    expect(seen).toEqual({ generate: dir.join('my-prompts'), publish: dir.join('my-prompts') });
  });

  it('passes every publish option but --in/--out on to publish', async () => {
    let seen: PublishStageOptions | undefined;
    await writeFile(dir.join('system.txt'), 'Be kind.\n');
    await cp(defaultPromptsDir(), dir.join('prompts-here'), { recursive: true });
    const options: PublishStageOptions = {
      upload: false,
      repoId: 'me/book',
      private: true,
      systemMessageFile: 'system.txt',
      shape: ['mcq_quiz=session'],
      testSplit: 0.2,
      jsonl: true,
      prompts: 'prompts-here',
    };
    const { error } = await run({ yes: true, ...options }, [], {
      env: KEY,
      runners: {
        publish: async (ctx, o, hub) => {
          seen = o;
          return fakeRunners([]).publish(ctx, o, hub);
        },
      },
    });
    expect(error).toBeUndefined();
    expect(seen).toEqual({
      ...options,
      systemMessageFile: dir.join('system.txt'),
      prompts: dir.join('prompts-here'),
    });
  });

  it("offers every flag of generate and publish but their --in/--out (a new stage option can't be forgotten)", () => {
    const flags = (module: CommandModule) => {
      const command = new Command(module.name);
      module.register(command, async () => undefined);
      return command.options.map((o) => o.long);
    };
    const runFlags = flags(runCommand);
    for (const stage of [generateCommand, publishCommand])
      for (const flag of flags(stage).filter((f) => f !== '--in' && f !== '--out'))
        expect(runFlags, `${stage.name} ${flag}`).toContain(flag);
  });

  it('refuses before spending when an upload is asked for without HF_TOKEN', async () => {
    const calls: string[] = [];
    const { result, summary, stderr } = await run({ yes: true, repoId: 'me/book' }, calls, { env: KEY });
    expect(result?.exitCode).toBe(2);
    expect(summary).toMatchObject({ stopped: 'not-ready', error: { code: 'RUN_HF_TOKEN_MISSING' } });
    expect(stderr).toMatch(/^error: .*HF_TOKEN is not set; nothing was submitted$/m);
    expect(calls).toEqual(['extract', 'preprocess', 'generate', 'split']);
    // Offline, with no OpenAI key, nothing would be spent: the run ends as usual.
    const offline = await run({ repoId: 'me/book' }, [], {});
    expect(offline.error).toBeUndefined();
  });

  it('refuses before spending an HF_TOKEN that is not a Hugging Face token, without printing it', async () => {
    const calls: string[] = [];
    const token = 'sk-not-a-hub-token-1234567';
    const { result, summary, stderr } = await run({ yes: true, repoId: 'me/book' }, calls, {
      env: { ...KEY, HF_TOKEN: token },
    });
    expect(result?.exitCode).toBe(2);
    expect(summary).toMatchObject({ stopped: 'not-ready', error: { code: 'PUBLISH_BAD_TOKEN' } });
    expect(stderr).not.toContain(token);
    expect(calls).toEqual(['extract', 'preprocess', 'generate', 'split']);
  });

  it("checks publish's config before the first stage: a bad shape rule runs nothing", async () => {
    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ split: { workers: 0 }, publish: { shapes: ['mcq_quiz=quiz'] } }),
    );
    const calls: string[] = [];
    const { error } = await run({ yes: true }, calls, { env: KEY });
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_SHAPE', exitCode: 2 });
    expect(calls).toEqual([]);
  });

  it('checks the system message file before the first stage', async () => {
    const calls: string[] = [];
    const { error } = await run({ yes: true, systemMessageFile: 'missing.txt' }, calls, { env: KEY });
    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND', exitCode: 2 });
    expect(calls).toEqual([]);
  });
});

describe("run checks the later stages' flags as it parses them", () => {
  it.each([
    ['a --test-split out of range', ['--test-split', '5'], 'expected a share between 0 and 0.9'],
    ['a blank --system-message', ['--system-message', '   '], 'the system message is blank'],
    ['a bad --shape', ['--shape', 'mcq_quiz=quiz'], '--shape "mcq_quiz=quiz": expected NAME=session'],
    ['a --repo-id of the wrong form', ['--repo-id', 'just-a-name'], 'is not of the form OWNER/NAME'],
  ])('%s: exit 2 before any stage', async (_what, flags, message) => {
    const { code, stderr } = await runCli(['run', ...flags], { cwd: dir.path, env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('hint:');
    expect(existsSync(dir.join('data', 'structured_chapters'))).toBe(false);
  });

  it('takes one value per --shape, so the EPUB after it is the book', async () => {
    const { code, stderr } = await runCli(
      ['run', '--shape', 'mcq_quiz=session', '--shape', 'quiz=dialogues:2', 'book.epub'],
      { cwd: dir.path, env: {} },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(`EPUB not found: ${dir.join('book.epub')}`);
    expect(existsSync(dir.join('data', 'structured_chapters'))).toBe(false);
  });
});

describe('run on the command line', () => {
  it('is the quick start: no EPUB and no key runs the real offline stages on the sample and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['--json', 'run'], { cwd: dir.path, env: {} });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      ok: true,
      command: 'run',
      stopped: 'no-api-key',
      spend: { decision: 'no-api-key', submitted: false },
    });
    expect(summary.error).toBeUndefined();
    expect(summary.estimate.requests).toBeGreaterThan(0);
    for (const key of ESTIMATE_KEYS) expect(typeof summary.estimate[key], key).toBe('number');
    expect(summary.stages.map((s: { status: string }) => s.status)).toEqual([
      'ran',
      'ran',
      'ran',
      'ran',
      'not-run',
      'not-run',
      'not-run',
    ]);
    expect(stderr).toMatch(/^preprocess\s+preprocessed 4 chapters/m);
    expect(stderr).toContain('OPENAI_API_KEY=sk-...');
    expect(existsSync(dir.join('data', 'preprocessed_chapters', 'changes.json'))).toBe(true);
    expect(existsSync(dir.join('data', 'report.html'))).toBe(true);
  });

  it('stopped by the guard with --json (exit 2), still prints one JSON object with the estimate, the stages and why', async () => {
    // A local server address as well as a key: nothing here may reach any other address.
    const env = { ...KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
    const over = await runCli(['--json', 'run', '--yes', '--max-cost', '0.0001'], { cwd: dir.path, env });
    const noYes = await runCli(['--json', 'run'], { cwd: dir.path, env });
    for (const [cli, stopped, code] of [
      [over, 'over-budget', 'RUN_OVER_BUDGET'],
      [noYes, 'needs-yes', 'RUN_NEEDS_YES'],
    ] as const) {
      expect(cli.code).toBe(2);
      expect(cli.stdout.trim().split('\n')).toHaveLength(1);
      const summary = JSON.parse(cli.stdout);
      expect(summary).toMatchObject({
        ok: false,
        command: 'run',
        stopped,
        spend: { decision: stopped, submitted: false },
        error: { code },
      });
      expect(summary.error.message).toContain('nothing was submitted');
      for (const key of ESTIMATE_KEYS) expect(typeof summary.estimate[key], key).toBe('number');
      expect(summary.estimate.requests).toBeGreaterThan(0);
      expect(summary.stages.map((s: { stage: string }) => s.stage)).toEqual([
        'extract',
        'preprocess',
        'generate',
        'split',
        'submit',
        'judge',
        'publish',
      ]);
      expect(summary.stages.slice(4).map((s: { status: string }) => s.status)).toEqual([
        'not-run',
        'not-run',
        'not-run',
      ]);
      expect(cli.stderr).toContain(`error: ${summary.error.message}`);
      expect(cli.stderr).toContain('hint: ');
      expect(cli.stdout + cli.stderr).not.toContain(KEY.OPENAI_API_KEY);
    }
    // The second run found the offline stages done.
    const second = JSON.parse(noYes.stdout) as { stages: { status: string }[] };
    expect(second.stages.slice(0, 4).map((s) => s.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(existsSync(dir.join('data', 'batches'))).toBe(false);
  });

  it('refuses an EPUB together with --sample, and a missing EPUB, with exit 2 and nothing written', async () => {
    const both = await runCli(['run', 'book.epub', '--sample'], { cwd: dir.path });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('error: give an EPUB or --sample, not both');
    const missing = await runCli(['run', 'nope.epub'], { cwd: dir.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: EPUB not found: .*nope\.epub/);
    expect(existsSync(dir.join('data'))).toBe(false);
  });

  it('rejects an unknown --from stage and a negative --max-cost', async () => {
    const from = await runCli(['run', '--from', 'upload'], { cwd: dir.path });
    expect(from.code).toBe(2);
    expect(from.stderr).toContain("argument 'upload' is invalid");
    const cost = await runCli(['run', '--max-cost', '-1'], { cwd: dir.path });
    expect(cost.code).toBe(2);
  });

  it('explains its options and the guard in --help', async () => {
    const { code, stdout } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--sample', '--yes', '--max-cost', '--from', '--force', '--no-upload', '--repo-id'])
      expect(stdout).toContain(flag);
    expect(stdout).toContain('OPENAI_API_KEY');
  });
});

describe('report.html from a run', () => {
  it('is written into the data folder', async () => {
    await run({}, []);
    const html = await readFile(join(dir.path, 'data', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Not run yet');
  });
});
