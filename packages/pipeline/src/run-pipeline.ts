import { resolve } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import {
  type KalvimateError,
  type Reporter,
  silentReporter,
  UserInputError,
  type WorkspacePaths,
  workspacePaths,
} from '@kalvimate/core';
import type OpenAI from 'openai';
import { type PipelineConfig, type PipelineConfigInput, PipelineConfigSchema } from './config.js';
import { checkDataDir } from './data-dir.js';
import { readSecrets, type Secrets } from './environment.js';
import { environmentError } from './environment-errors.js';
import { recordedEstimate } from './estimate-source.js';
import { eventReporter, type PipelineEvent, type StopReason, yieldWhile } from './events.js';
import { DEFAULT_STAGES, planStages, type RunStageOptions, type StageRunners } from './plan.js';
import { writeReport } from './report/write-report.js';
import { PIPELINE_STAGES, type PipelineStage, readRunState } from './run-state.js';
import { decideSpend, describeSpend, expectedSpend, needsYes, overBudget } from './spend-guard.js';
import { checkStage, runStage, type StageOutcome, type StagePlan } from './stage-step.js';
import { assertEpubExists, findRawEpub } from './stages/extract.js';
import { checkPublishOptions, type HubAccess, uploadTarget } from './stages/publish.js';

/** Everything `runPipeline` takes; only `dataDir` is required. */
export interface RunPipelineOptions extends RunStageOptions {
  /** The book; default the one `.epub` in the workspace's `raw/`. */
  epub?: string;
  /** The workspace of the run. */
  dataDir: string;
  /** Spend without asking (else `confirm` is asked, and without it the run stops before submit). */
  yes?: boolean;
  /** Refuse to submit when the estimate is over this many US dollars. */
  maxCostUsd?: number;
  /** Redo this stage and every later one. */
  from?: PipelineStage;
  /** Redo every stage. */
  force?: boolean;
  /** The `kalvimate.config.json` object (validated here). */
  config?: PipelineConfigInput;
  /** Where secrets come from (default `process.env`): OPENAI_API_KEY, OPENAI_BASE_URL, HF_TOKEN, HF_ENDPOINT. */
  env?: Record<string, string | undefined>;
  /** Stops the run before its next stage. */
  signal?: AbortSignal;
  /** Receives every event (with `runPipeline`; `runPipelineIter` yields them). */
  onEvent?: (event: PipelineEvent) => void;
  /** Asked before spending when `yes` is not set; resolve true to submit. */
  confirm?: (question: string, estimate: CostEstimate) => Promise<boolean>;
  /** A ready OpenAI SDK client (default: one built from the environment). */
  openai?: OpenAI;
  /** How to reach the Hub (default: HF_TOKEN and HF_ENDPOINT from the environment). */
  hub?: HubAccess;
  /** The clock for durations and timestamps (default `Date.now`). */
  clock?: { now(): number };
  /** The stage functions (default the real ones); for tests and embedders. */
  stages?: Partial<StageRunners>;
}

/** What a run did. */
export interface PipelineResult {
  epub: string;
  dataDir: string;
  /** Every stage, in order: ran, skipped, failed or not-run. */
  stages: StageOutcome[];
  /** What submit would spend, when the run reached it. */
  estimate?: CostEstimate;
  /** The guard's decision, when the run reached it. */
  spend?: { decision: 'submit' | StopReason; submitted: boolean };
  /** Why the run stopped before submitting; `error` for a refusal (a user error, exit 2 in the CLI). */
  stopped?: { reason: StopReason; error?: KalvimateError };
  /** The dataset folder and its counts, when publish ran (or is unchanged). */
  dataset?: { dir: string; conversations: number; splits: { train: number; test: number } };
  /** False when a stage ended with work left undone (submit: requests without a result). */
  complete: boolean;
  reportFile: string;
}

interface Setup {
  epub: string;
  paths: WorkspacePaths;
  config: PipelineConfig;
  secrets: Secrets;
  hub: HubAccess;
  plans: StagePlan[];
  direct: boolean;
}

/** Validates the options, finds the book and plans the stages; nothing is written. */
async function prepare(options: RunPipelineOptions): Promise<Setup> {
  const config = PipelineConfigSchema.parse(options.config ?? {});
  const secrets = readSecrets(options.env ?? process.env);
  const hub: HubAccess = {
    token: secrets.hfToken,
    hubUrl: secrets.hfEndpoint,
    ...options.hub,
  };
  const paths = workspacePaths(resolve(options.dataDir));
  checkDataDir(paths.dataDir);
  // Every later stage's options are checked before the first stage runs.
  await checkPublishOptions(config, options);
  const epub = options.epub === undefined ? await findRawEpub(paths.raw) : resolve(options.epub);
  if (epub === undefined) {
    throw new UserInputError('EPUB_MISSING', `no EPUB given and none in ${paths.raw}`, {
      hint: 'Pass the book (epub), or copy it into the raw/ folder of the data folder.',
    });
  }
  assertEpubExists(epub);
  const stages = { ...DEFAULT_STAGES, ...options.stages };
  const plans = planStages({
    epub,
    paths,
    config,
    options,
    maxCostUsd: options.maxCostUsd,
    secrets,
    openai: options.openai,
    hub,
    stages,
    context: (reporter) => ({ paths, config, reporter }),
  });
  return {
    epub,
    paths,
    config,
    secrets,
    hub,
    plans,
    direct: (options.mode ?? config.submit?.mode) === 'direct',
  };
}

/** What submit would spend: generate's recorded estimate, else the requests file estimated again. */
async function estimateForGuard(
  setup: Setup,
  options: RunPipelineOptions,
  state: Awaited<ReturnType<typeof readRunState>>,
) {
  const recorded = recordedEstimate(state);
  if (recorded) return recorded;
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  return estimateRequestFile(setup.paths.requests, {
    model: options.model ?? setup.config.model,
    models: setup.config.models,
  });
}

/** Ends the run (with the signal's reason) when the caller aborted it. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** Checks made before any money is spent: publish must be able to upload what it will be asked to. */
async function readinessError(
  setup: Setup,
  options: RunPipelineOptions,
): Promise<UserInputError | undefined> {
  const repoId = uploadTarget(setup.config, options);
  if (!repoId) return undefined;
  if (!setup.hub.token) {
    return new UserInputError(
      'RUN_HF_TOKEN_MISSING',
      `the dataset is to be uploaded to ${repoId} but HF_TOKEN is not set; nothing was submitted`,
      {
        hint: 'Set HF_TOKEN (a write token, hf_...) in the environment or .env, or add --no-upload to only write data/dataset/.',
      },
    );
  }
  const publish: { assertHubToken(token: string | undefined): void } = await import('@kalvimate/publish');
  try {
    publish.assertHubToken(setup.hub.token);
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  return undefined;
}

/** The guard before submit: undefined to go on, else why the run stops. */
async function guardSpend(
  setup: Setup,
  options: RunPipelineOptions,
  estimate: CostEstimate,
): Promise<{ reason: StopReason; error?: KalvimateError } | undefined> {
  const hasApiKey = setup.secrets.openaiApiKey !== undefined || options.openai !== undefined;
  const hasBaseUrl = setup.secrets.openaiBaseUrl !== undefined;
  if (hasApiKey || hasBaseUrl) {
    const error = await readinessError(setup, options);
    if (error) return { reason: 'not-ready', error };
  }
  const decision = decideSpend({
    estimatedUsd: expectedSpend(estimate, setup.direct),
    requests: estimate.requests,
    maxCostUsd: options.maxCostUsd,
    yes: options.yes === true,
    canAsk: options.confirm !== undefined,
    hasApiKey,
    hasBaseUrl,
  });
  if (decision.action === 'submit') return undefined;
  if (decision.action === 'ask') {
    const where = setup.secrets.openaiBaseUrl ?? 'OpenAI';
    const question = `Submit ${estimate.requests} requests to ${estimate.model} at ${where} for about ${describeSpend(estimate, setup.direct)}?`;
    const yes = await options.confirm?.(question, estimate);
    return yes ? undefined : { reason: 'declined' };
  }
  if (decision.reason === 'over-budget') {
    const error = overBudget(estimate, options.maxCostUsd ?? 0, { direct: setup.direct, by: 'run' });
    return { reason: decision.reason, ...(error ? { error } : {}) };
  }
  if (decision.reason === 'needs-yes')
    return { reason: decision.reason, error: needsYes(estimate, setup.direct) };
  return { reason: decision.reason };
}

/**
 * Runs the pipeline on one workspace, yielding its progress as events, and returns what it did.
 * Stages whose inputs and options are unchanged since their last successful run are skipped
 * (`run-state.json`), so running again after a crash or a change redoes only what must be redone,
 * and the spend guard stands before submit. Never prints. A stop before submit is a result
 * (`stopped`), not a throw; a stage that throws is recorded as failed and the error is rethrown.
 *
 * @example
 * for await (const event of runPipelineIter({ dataDir: 'data', epub: 'book.epub' })) console.log(event.type);
 */
export async function* runPipelineIter(
  options: RunPipelineOptions,
): AsyncGenerator<PipelineEvent, PipelineResult> {
  const queue: PipelineEvent[] = [];
  const setup = await prepare(options);
  const { paths, plans } = setup;
  const clock = options.clock ?? Date;
  const now = () => clock.now();
  const state = await readRunState(paths.runState);
  const policy = { force: options.force === true, ...(options.from ? { from: options.from } : {}) };
  const outcomes: StageOutcome[] = [];
  const result: Omit<PipelineResult, 'reportFile'> = {
    epub: setup.epub,
    dataDir: paths.dataDir,
    stages: outcomes,
    complete: true,
  };
  const report = (reporter: Reporter = silentReporter) =>
    writeReport({ dataDir: paths.dataDir, models: setup.config.models, reporter });
  const notRunAfter = (stage: PipelineStage) => {
    for (const plan of plans)
      if (PIPELINE_STAGES.indexOf(plan.stage) > PIPELINE_STAGES.indexOf(stage))
        outcomes.push({ stage: plan.stage, status: 'not-run' });
  };

  for (const plan of plans) {
    throwIfAborted(options.signal);
    const { inputHash, reason } = await checkStage(plan, state, policy);
    const record = state.stages[plan.stage];
    if (reason === undefined) {
      const outcome = { stage: plan.stage, status: 'skipped', reason: 'unchanged' } as StageOutcome;
      if (record?.summary) (outcome as { summary?: unknown }).summary = record.summary;
      outcomes.push(outcome);
      yield {
        type: 'stage-skipped',
        stage: plan.stage,
        outcome,
        ...(record?.finishedAt ? { finishedAt: record.finishedAt } : {}),
      };
      continue;
    }
    if (plan.stage === 'submit') {
      const estimate = await estimateForGuard(setup, options, state);
      result.estimate = estimate;
      yield { type: 'estimate', estimate, direct: setup.direct };
      const stop = await guardSpend(setup, options, estimate);
      if (stop) {
        result.spend = { decision: stop.reason, submitted: false };
        result.stopped = stop;
        yield { type: 'stopped', ...stop };
        notRunAfter('split');
        const { reportFile } = await report();
        yield { type: 'report', reportFile };
        return { ...result, reportFile };
      }
      result.spend = { decision: 'submit', submitted: true };
      throwIfAborted(options.signal);
    }
    yield { type: 'stage-start', stage: plan.stage, reason };
    let outcome: StageOutcome;
    try {
      outcome = yield* yieldWhile(queue, (emit) =>
        runStage(
          plan,
          { reporter: eventReporter(plan.stage, emit), inputHash, reason, state, statePath: paths.runState },
          now,
        ),
      );
    } catch (error) {
      outcomes.push({ stage: plan.stage, status: 'failed', reason });
      await report().catch(() => undefined);
      // The file system saying no (a file where a folder should be, a read-only disk) is a user error.
      throw environmentError(error) ?? error;
    }
    outcomes.push(outcome);
    if (outcome.status === 'failed') result.complete = false;
    yield { type: 'stage-end', stage: plan.stage, outcome };
  }
  const publish = outcomes.find((o) => o.stage === 'publish');
  if (publish?.stage === 'publish' && publish.summary) {
    result.dataset = {
      dir: paths.dataset,
      conversations: publish.summary.conversations,
      splits: publish.summary.splits,
    };
  }
  const { reportFile } = await report();
  yield { type: 'report', reportFile };
  return { ...result, reportFile };
}

/**
 * Runs the pipeline to the end (see `runPipelineIter`), passing each event to `onEvent`.
 *
 * @example
 * const result = await runPipeline({ dataDir: 'data', epub: 'book.epub', yes: true, maxCostUsd: 2 });
 * if (result.stopped) console.log('stopped before submit:', result.stopped.reason);
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineResult> {
  const run = runPipelineIter(options);
  while (true) {
    const next = await run.next();
    if (next.done) return next.value;
    options.onEvent?.(next.value);
  }
}
