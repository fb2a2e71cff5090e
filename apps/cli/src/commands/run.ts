import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import { UserInputError } from '@kalvimate/core';
import { Option } from 'commander';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { REPO_PROMPTS_DIR, SAMPLE_EPUB } from '../paths.js';
import { PIPELINE_STAGES, type PipelineStage } from '../pipeline/run-state.js';
import type { StagePlan } from '../pipeline/stage-step.js';
import { estimateLines } from './estimate.js';
import { findRawEpub, runExtract } from './extract.js';
import { type GenerateCommandOptions, runGenerate } from './generate.js';
import { integerOption, listOption, numberOption } from './option-parsers.js';
import { type PreprocessCommandOptions, runPreprocess } from './preprocess.js';
import { checkPublishOptions, type PublishCommandOptions, runPublish } from './publish.js';
import { repoIdOption, shapeOption, systemMessageOption, testSplitOption } from './publish-flags.js';
import { runReport } from './report.js';
import { runSplit, type SplitCommandOptions } from './split.js';
import { runSubmit, type SubmitCommandOptions } from './submit.js';

/** The stage functions `run` chains; tests pass their own. */
export interface StageRunners {
  extract(ctx: CommandContext, options: { epub: string }): Promise<CommandResult>;
  preprocess(ctx: CommandContext, options: PreprocessCommandOptions): Promise<CommandResult>;
  generate(ctx: CommandContext, options: GenerateCommandOptions): Promise<CommandResult>;
  split(ctx: CommandContext, options: SplitCommandOptions): Promise<CommandResult>;
  submit(ctx: CommandContext, options: SubmitCommandOptions): Promise<CommandResult>;
  publish(ctx: CommandContext, options: PublishCommandOptions): Promise<CommandResult>;
}

/** The real stages. */
export const DEFAULT_RUNNERS: StageRunners = {
  extract: (ctx, o) => runExtract(ctx, o),
  preprocess: (ctx, o) => runPreprocess(ctx, o),
  generate: (ctx, o) => runGenerate(ctx, o),
  split: (ctx, o) => runSplit(ctx, o),
  // run announces and guards the spend itself before this stage.
  submit: (ctx, o) => runSubmit(ctx, { ...o, announce: false }),
  publish: (ctx, o) => runPublish(ctx, o),
};

/** Generate's options that `run` passes on: all but its input and output paths. */
export type RunGenerateOptions = Omit<GenerateCommandOptions, 'in' | 'out'>;
/** Submit's options that `run` passes on (it always waits, on the parts of the data folder). */
export type RunSubmitOptions = Pick<SubmitCommandOptions, 'model' | 'mode' | 'maxAttempts' | 'pollInterval'>;
/** Publish's options that `run` passes on: all but its input and output paths. */
export type RunPublishOptions = Omit<PublishCommandOptions, 'in' | 'out'>;

/** `run`'s own options, on top of those it passes on to the stages. */
export interface RunOwnOptions {
  epub?: string;
  sample?: boolean;
  yes?: boolean;
  maxCost?: number;
  from?: PipelineStage;
  force?: boolean;
}

/**
 * The options of `kalvimate run`: its own and the stages' (derived from the stage option types, so a
 * new stage option shows up here and in the key lists below, which the compiler keeps complete).
 */
export type RunCommandOptions = RunOwnOptions & RunGenerateOptions & RunSubmitOptions & RunPublishOptions;

/** Every key of `T`, listed once: a key added to `T` but not to the list fails to compile. */
const allKeys =
  <T>() =>
  <const K extends readonly (keyof T)[]>(
    keys: K &
      ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): K =>
    keys;

const GENERATE_KEYS = allKeys<RunGenerateOptions>()(['model', 'templates', 'limit', 'prompts']);
const SUBMIT_KEYS = allKeys<RunSubmitOptions>()(['model', 'mode', 'maxAttempts', 'pollInterval']);
// In the order of earlier versions: the options are fingerprinted as JSON.
const PUBLISH_KEYS = allKeys<RunPublishOptions>()([
  'upload',
  'repoId',
  'private',
  'systemMessage',
  'systemMessageFile',
  'shape',
  'testSplit',
  'jsonl',
  'prompts',
]);

/** The options in `keys` that are set. */
function pickDefined<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (o[key] !== undefined) out[key] = o[key];
  return out as Pick<T, K>;
}

/** Which book to read: the argument, --sample, the one in data/raw, else the bundled sample. */
async function chooseEpub(ctx: CommandContext, options: RunCommandOptions): Promise<string> {
  if (options.epub && options.sample) {
    throw new UserInputError('RUN_EPUB_AND_SAMPLE', 'give an EPUB or --sample, not both', {
      hint: 'kalvimate run path/to/book.epub, or kalvimate run --sample',
    });
  }
  if (options.epub) {
    const epub = ctx.resolvePath(options.epub);
    if (!existsSync(epub)) {
      throw new UserInputError('EPUB_NOT_FOUND', `EPUB not found: ${epub}`, {
        file: epub,
        hint: 'Check the path, or run kalvimate run --sample for the bundled sample book.',
      });
    }
    return epub;
  }
  if (!options.sample) {
    const raw = await findRawEpub(ctx.dataPath('raw'));
    if (raw) return raw;
    ctx.print(
      `no EPUB given and none in ${relative(ctx.cwd, ctx.dataPath('raw')) || ctx.dataPath('raw')}: using the bundled sample book`,
    );
  }
  return SAMPLE_EPUB;
}

/** The six stages on one data folder, with their inputs, options and outputs. */
export function planStages(
  ctx: CommandContext,
  epub: string,
  options: RunCommandOptions,
  runners: StageRunners,
): StagePlan[] {
  const data = (...p: string[]) => ctx.dataPath(...p);
  const promptsDir = options.prompts ? ctx.resolvePath(options.prompts) : REPO_PROMPTS_DIR;
  const models = ctx.config.models ?? null;
  // Paths are resolved here, so that they are fingerprinted as the stages will read them. The
  // prompt folder is the same for generate (the requests) and publish (the template shapes).
  const prompts = options.prompts ? { prompts: promptsDir } : {};
  const generate: RunGenerateOptions = { ...pickDefined(options, GENERATE_KEYS), ...prompts };
  const submit: SubmitCommandOptions = {
    wait: true,
    ...pickDefined(options, SUBMIT_KEYS),
    // Guards the automatic switch to direct mode (standard prices), after run's own guard.
    ...(options.maxCost !== undefined ? { maxCost: options.maxCost } : {}),
  };
  const publish: RunPublishOptions = {
    ...pickDefined(options, PUBLISH_KEYS),
    ...prompts,
    ...(options.systemMessageFile ? { systemMessageFile: ctx.resolvePath(options.systemMessageFile) } : {}),
  };
  // commander sets upload: true unless --no-upload; only the refusal is an option (and fingerprinted).
  if (publish.upload !== false) delete publish.upload;
  const withReporter = (reporter: CommandContext['reporter']): CommandContext => ({ ...ctx, reporter });
  return [
    {
      stage: 'extract',
      inputs: [epub],
      options: { config: ctx.config.extract ?? null },
      outputs: [data('structured_chapters', 'book.json')],
      run: (r) => runners.extract(withReporter(r), { epub, ...prompts }),
    },
    {
      stage: 'preprocess',
      inputs: [data('structured_chapters')],
      options: { config: ctx.config.preprocess ?? null },
      outputs: [data('preprocessed_chapters', 'book.json')],
      run: (r) => runners.preprocess(withReporter(r), {}),
    },
    {
      stage: 'generate',
      inputs: [data('preprocessed_chapters'), promptsDir],
      options: {
        ...generate,
        config: ctx.config.generate ?? null,
        model: options.model ?? ctx.config.model,
        models,
      },
      outputs: [data('openai_inputs', 'requests.jsonl'), data('openai_inputs', 'requests.manifest.json')],
      run: (r) => runners.generate(withReporter(r), generate),
    },
    {
      stage: 'split',
      inputs: [data('openai_inputs', 'requests.jsonl')],
      options: { config: ctx.config.split ?? null, model: options.model ?? ctx.config.model, models },
      outputs: [data('openai_inputs', 'parts', 'manifest.json')],
      run: (r) => runners.split(withReporter(r), options.model ? { model: options.model } : {}),
    },
    {
      stage: 'submit',
      inputs: [data('openai_inputs', 'parts')],
      // The poll interval changes how often we ask, not what comes back.
      options: {
        config: ctx.config.submit ?? null,
        model: options.model ?? ctx.config.model,
        mode: options.mode ?? null,
        maxAttempts: options.maxAttempts ?? null,
        models,
      },
      outputs: [data('batches', 'ledger.json'), data('clean_outputs')],
      headlines: 2,
      run: (r) => runners.submit(withReporter(r), submit),
    },
    {
      stage: 'publish',
      inputs: [
        data('clean_outputs'),
        data('openai_inputs', 'requests.manifest.json'),
        promptsDir,
        ...(publish.systemMessageFile ? [publish.systemMessageFile] : []),
      ],
      options: { ...publish, config: ctx.config.publish ?? null },
      outputs: [data('dataset')],
      headlines: 3,
      run: (r) => runners.publish(withReporter(r), publish),
    },
  ];
}

/** Reads generate's estimate from its result, or estimates the requests file again. */
async function estimateFor(
  ctx: CommandContext,
  options: RunCommandOptions,
  recorded: unknown,
): Promise<CostEstimate> {
  const r = recorded as Partial<CostEstimate> | undefined;
  if (
    r &&
    typeof r.model === 'string' &&
    typeof r.requests === 'number' &&
    typeof r.inputTokens === 'number' &&
    typeof r.cachedInputTokens === 'number' &&
    typeof r.outputTokens === 'number' &&
    typeof r.costUsd === 'number' &&
    typeof r.costUsdStandard === 'number' &&
    // Estimates recorded before requestsAtModelLimit counted a request without a maximum as 0 output tokens.
    typeof r.requestsAtModelLimit === 'number' &&
    (r.outputBasis === 'calibrated' ||
      r.outputBasis === 'max_completion_tokens' ||
      r.outputBasis === 'model_output_limit')
  ) {
    return { perTemplate: {}, ...r } as CostEstimate;
  }
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  const model = options.model ?? ctx.config.model;
  return estimateRequestFile(ctx.dataPath('openai_inputs', 'requests.jsonl'), {
    ...(model ? { model } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
}

/** Runs the whole pipeline on one data folder; `runners` are the stages (tests pass fakes). */
export async function runRun(
  ctx: CommandContext,
  options: RunCommandOptions,
  runners: StageRunners = DEFAULT_RUNNERS,
  extra: { confirm?: (question: string) => Promise<boolean> } = {},
): Promise<CommandResult> {
  const { runPipeline } = await import('../pipeline/run-pipeline.js');
  const { readRunState, RUN_STATE_FILE } = await import('../pipeline/run-state.js');
  // Every later stage's options are checked before the first stage runs (flags already were, as parsed).
  await checkPublishOptions(ctx, options);
  const epub = await chooseEpub(ctx, options);
  const plans = planStages(ctx, epub, options, runners);
  const result = await runPipeline(ctx, {
    plans,
    force: options.force === true,
    ...(options.from ? { from: options.from } : {}),
    yes: options.yes === true,
    ...(options.maxCost !== undefined ? { maxCostUsd: options.maxCost } : {}),
    directMode: (options.mode ?? (ctx.config.submit as { mode?: string } | undefined)?.mode) === 'direct',
    estimate: async () => {
      const state = await readRunState(ctx.dataPath(RUN_STATE_FILE));
      return estimateFor(ctx, options, state.stages.generate?.summary);
    },
    beforeSpending: async () => {
      const config = ctx.config.publish as { repoId?: string; upload?: boolean } | undefined;
      const repoId = options.repoId ?? config?.repoId;
      const upload = options.upload !== false && config?.upload !== false;
      if (repoId && upload && !ctx.secrets.hfToken) {
        throw new UserInputError(
          'RUN_HF_TOKEN_MISSING',
          `the dataset is to be uploaded to ${repoId} but HF_TOKEN is not set; nothing was submitted`,
          {
            hint: 'Set HF_TOKEN (a write token, hf_...) in the environment or .env, or add --no-upload to only write data/dataset/.',
          },
        );
      }
      if (repoId && upload) {
        const publish: { assertHubToken(token: string | undefined): void } = await import(
          '@kalvimate/publish'
        );
        publish.assertHubToken(ctx.secrets.hfToken);
      }
    },
    estimateLines,
    writeReport: async () => {
      const report = await runReport(ctx);
      return String(report.summary.reportFile);
    },
    ...(extra.confirm ? { confirm: extra.confirm } : {}),
  });
  return {
    summary: { epub, ...result.summary },
    lines: result.lines ?? [],
    ...(result.exitCode ? { exitCode: result.exitCode } : {}),
  };
}

export const runCommand: CommandModule = {
  name: 'run',
  summary: 'Run the whole pipeline on one book, with a spending guard',
  configure(command) {
    command
      .argument('[epub]', 'the book (default: the one .epub in <data-dir>/raw/, else the bundled sample)')
      .option('--sample', 'use the bundled sample book (samples/sample-science.epub)')
      .option('-y, --yes', 'submit without asking (needed without a terminal)')
      .option(
        '--max-cost <usd>',
        'refuse to submit when the estimate is over this many US dollars',
        numberOption,
      )
      .addOption(new Option('--from <stage>', 'redo this stage and every later one').choices(PIPELINE_STAGES))
      .option('--force', 'redo every stage, even when its inputs are unchanged')
      .option('--model <name>', 'model for generate, split and submit (default: gpt-4o-mini)')
      .option('--templates <a,b>', 'generate: only these prompt templates', listOption)
      .option(
        '--limit <n>',
        'generate: a cheap pilot on the first N topics, spread over chapters',
        integerOption,
      )
      .option(
        '--prompts <dir>',
        'generate and publish: prompt templates folder (default: the prompts/ of KalviMate)',
      )
      .option('--poll-interval <seconds>', 'submit: seconds between status checks', numberOption)
      .option(
        '--max-attempts <n>',
        'submit: attempts per request before giving up (default 3)',
        integerOption,
      )
      .addOption(
        new Option('--mode <mode>', 'submit: Batch API or direct chat completions').choices([
          'batch',
          'direct',
        ]),
      )
      .option('--repo-id <owner/name>', 'publish: the Hugging Face dataset repository', repoIdOption)
      .option('--private', 'publish: create the dataset repository as private')
      .option('--no-upload', 'publish: write the dataset folder but do not upload it')
      .option(
        '--system-message <text>',
        'publish: the system message of every conversation',
        systemMessageOption,
      )
      .option('--system-message-file <file>', 'publish: read the system message from a file')
      .option(
        '--shape <name=shape>',
        'publish: response shape for custom_ids ending in NAME (session | dialogues:K, K = messages per conversation, even); repeatable',
        shapeOption,
      )
      .option(
        '--test-split <ratio>',
        'publish: share of topics in the test split (default 0.1)',
        testSplitOption,
      )
      .option('--jsonl', 'publish: also write the dataset as JSONL')
      .addHelpText(
        'after',
        `
Chains extract -> preprocess -> generate -> split -> submit -> publish on the data folder, then writes
<data-dir>/report.html. A stage whose inputs and options are unchanged since its last successful run
is skipped (see <data-dir>/run-state.json), so running again after a crash or a change redoes only
what must be redone and never pays twice.

Before submitting, run prints the number of requests, the tokens and the estimated cost. On a
terminal it asks; without one it submits only with --yes. --max-cost refuses (exit 2, nothing
submitted) when the estimate is over it. With no OPENAI_API_KEY (and no OPENAI_BASE_URL) it runs every
offline stage, prints the estimate and how to go on, and exits 0. The dataset is uploaded when a
repository is named (--repo-id) and --no-upload is not given; that needs HF_TOKEN, checked before
anything is spent. With --json, a run stopped before submit still prints its one summary object:
the estimate, the stages, stopped (over-budget, needs-yes, no-api-key, declined, nothing-to-submit,
not-ready) and, when it exits 2, the error. --prompts is read by generate and by publish alike.

Examples:
  kalvimate run                              the sample book (or the one in data/raw), offline
  kalvimate run book.epub --limit 20 --yes   a cheap pilot on your own book
  kalvimate run --from generate --templates mcq_quiz --max-cost 5 --yes`,
      );
  },
  run: (ctx, args, opts) =>
    runRun(ctx, { ...(opts as RunCommandOptions), epub: args[0] as string | undefined }),
};
