import type { WorkspacePaths } from '@kalvimate/core';
import type { SubmitMode } from '@kalvimate/openai-batch/options';
import type OpenAI from 'openai';
import { definedOnly, type PipelineConfig } from './config.js';
import type { Secrets } from './environment.js';
import { defaultPromptsDir } from './prompts.js';
import type { StagePlan, StageSummaries } from './stage-step.js';
import type { StageContext } from './stages/context.js';
import { type ExtractStageOptions, type ExtractStageSummary, extractStage } from './stages/extract.js';
import { type GenerateStageOptions, type GenerateStageSummary, generateStage } from './stages/generate.js';
import { type JudgeStageOptions, judgeStage } from './stages/judge.js';
import { type PreprocessStageOptions, preprocessStage } from './stages/preprocess.js';
import {
  type HubAccess,
  type PublishStageOptions,
  type PublishStageSummary,
  publishStage,
} from './stages/publish.js';
import { type SplitStageOptions, splitStage } from './stages/split.js';
import { type SubmitStageOptions, type SubmitStageSummary, submitStage } from './stages/submit.js';

/** The stage functions a run chains; tests and embedders may pass their own. */
export interface StageRunners {
  extract(ctx: StageContext, options: ExtractStageOptions): Promise<ExtractStageSummary>;
  preprocess(ctx: StageContext, options: PreprocessStageOptions): Promise<StageSummaries['preprocess']>;
  generate(ctx: StageContext, options: GenerateStageOptions): Promise<GenerateStageSummary>;
  split(ctx: StageContext, options: SplitStageOptions): Promise<StageSummaries['split']>;
  submit(ctx: StageContext, options: SubmitStageOptions): Promise<SubmitStageSummary>;
  judge(ctx: StageContext, options: JudgeStageOptions): Promise<StageSummaries['judge']>;
  publish(ctx: StageContext, options: PublishStageOptions, hub: HubAccess): Promise<PublishStageSummary>;
}

/** The real stages. */
export const DEFAULT_STAGES: StageRunners = {
  extract: extractStage,
  preprocess: preprocessStage,
  generate: generateStage,
  split: splitStage,
  submit: submitStage,
  judge: judgeStage,
  publish: publishStage,
};

/** The stage options a run passes on (paths already absolute). */
export interface RunStageOptions {
  /** Model for generate, split and submit (default: the config's, else gpt-4o-mini). */
  model?: string;
  /** generate: only these templates. */
  templates?: string[];
  /** generate: a pilot on the first N topics. */
  limit?: number;
  /** generate and publish: the prompt templates folder (default: the ones that ship). */
  prompts?: string;
  /** submit: Batch API (default) or direct chat completions. */
  mode?: SubmitMode;
  /** submit: attempts per request. */
  maxAttempts?: number;
  /** submit: seconds between status checks. */
  pollInterval?: number;
  /** judge: false skips the LLM judge round (`--no-judge`); the deterministic checks still run. */
  judge?: boolean;
  /** judge: the model of the LLM judge round (default the config's `judge.model`, else gpt-4o-mini). */
  judgeModel?: string;
  /** publish: false writes the dataset folder without uploading it. */
  upload?: boolean;
  /** publish: the Hub dataset repository, OWNER/NAME. */
  repoId?: string;
  private?: boolean;
  systemMessage?: string;
  systemMessageFile?: string;
  shape?: string[];
  testSplit?: number;
  jsonl?: boolean;
  /** judge and publish: the book's language when the request manifest does not name it. */
  language?: string;
}

/** What the run may still spend: `--max-cost` less what the first round was allowed to spend. */
export interface RunBudget {
  maxCostUsd?: number;
  committedUsd: number;
}

/** USD left of the budget for a later round, or undefined without a budget. */
export function budgetLeft(budget: RunBudget): number | undefined {
  return budget.maxCostUsd === undefined ? undefined : Math.max(0, budget.maxCostUsd - budget.committedUsd);
}

/** Whether the run plans the LLM judge round (`--no-judge` and `judge.llm: false` turn it off). */
export function plansJudgeRound(config: PipelineConfig, options: RunStageOptions): boolean {
  return options.judge !== false && config.judge?.llm !== false;
}

/** What the plans are made from. */
export interface PlanInput {
  epub: string;
  paths: WorkspacePaths;
  config: PipelineConfig;
  options: RunStageOptions;
  maxCostUsd?: number;
  /** Shared with the run: the judge round is held to what the first round left of `--max-cost`. */
  budget: RunBudget;
  secrets: Secrets;
  openai?: OpenAI;
  hub: HubAccess;
  stages: StageRunners;
  /** The stage context for a reporter. */
  context(reporter: StageContext['reporter']): StageContext;
  /** A catalogue's shared stages: judge and publish read the results of these parts (one manifest per book). */
  partsManifests?: string[];
  /** A catalogue's shared judge: custom_id tag → the language of the book. */
  bookLanguages?: Record<string, string>;
}

/** The publish options of a run, in a fixed set (fingerprinted: only what changes the dataset). */
export function publishOptionsOf(options: RunStageOptions): PublishStageOptions {
  const publish: PublishStageOptions = definedOnly({
    // Only the refusal to upload is an option (the default uploads when a repo is named).
    upload: options.upload === false ? false : undefined,
    repoId: options.repoId,
    private: options.private,
    systemMessage: options.systemMessage,
    systemMessageFile: options.systemMessageFile,
    shape: options.shape,
    testSplit: options.testSplit,
    jsonl: options.jsonl,
    prompts: options.prompts,
    language: options.language,
  });
  return publish;
}

/** The submit options of a run: the run has guarded the spend itself, so submit does not announce it. */
export function submitOptionsOf(
  input: Pick<PlanInput, 'options' | 'maxCostUsd' | 'openai' | 'secrets'>,
): SubmitStageOptions {
  const { options } = input;
  return {
    wait: true,
    ...definedOnly({
      model: options.model,
      mode: options.mode,
      maxAttempts: options.maxAttempts,
      pollInterval: options.pollInterval,
      // Guards the automatic switch to direct mode (standard prices), after the run's own guard.
      maxCost: input.maxCostUsd,
    }),
    announce: false,
    ...definedOnly({ client: input.openai }),
    connection: definedOnly({ apiKey: input.secrets.openaiApiKey, baseURL: input.secrets.openaiBaseUrl }),
  };
}

/** The seven stages on one workspace, with their inputs, options and outputs. */
export function planStages(input: PlanInput): StagePlan[] {
  const { paths, config, options, stages } = input;
  const promptsDir = options.prompts ?? defaultPromptsDir();
  const models = config.models ?? null;
  const model = options.model ?? config.model;
  const prompts = definedOnly({ prompts: options.prompts });
  const generate: GenerateStageOptions = definedOnly({
    model: options.model,
    templates: options.templates,
    limit: options.limit,
    prompts: options.prompts,
  });
  const submit = submitOptionsOf(input);
  const connection = definedOnly({
    apiKey: input.secrets.openaiApiKey,
    baseURL: input.secrets.openaiBaseUrl,
  });
  const canSpend =
    input.openai !== undefined || connection.apiKey !== undefined || connection.baseURL !== undefined;
  // Without a key the judge runs its checks only; the fingerprint says so, and a run with a key redoes it.
  const judgeLlm = plansJudgeRound(config, options) && canSpend;
  const judgeSettings = definedOnly({
    language: options.language,
    model: options.judgeModel,
    mode: options.mode,
    maxAttempts: options.maxAttempts,
  });
  const catalogue = definedOnly({ partsManifests: input.partsManifests, bookLanguages: input.bookLanguages });
  const judge: JudgeStageOptions = {
    ...prompts,
    ...judgeSettings,
    ...catalogue,
    ...definedOnly({ pollInterval: options.pollInterval, client: input.openai }),
    llm: judgeLlm,
    maxCost: () => budgetLeft(input.budget),
    connection,
  };
  const publish = publishOptionsOf(options);
  const plans: [
    StagePlan<'extract'>,
    StagePlan<'preprocess'>,
    StagePlan<'generate'>,
    StagePlan<'split'>,
    StagePlan<'submit'>,
    StagePlan<'judge'>,
    StagePlan<'publish'>,
  ] = [
    {
      stage: 'extract',
      inputs: [input.epub],
      options: { config: config.extract ?? null },
      outputs: [paths.structuredBook],
      run: (r) => stages.extract(input.context(r), { epub: input.epub, ...prompts }),
    },
    {
      stage: 'preprocess',
      inputs: [paths.structured],
      options: { config: config.preprocess ?? null },
      outputs: [paths.preprocessedBook],
      run: (r) => stages.preprocess(input.context(r), {}),
    },
    {
      stage: 'generate',
      inputs: [paths.preprocessed, promptsDir],
      options: { ...generate, config: config.generate ?? null, model, models },
      outputs: [paths.requests, paths.requestManifest, paths.estimate],
      run: (r) => stages.generate(input.context(r), generate),
    },
    {
      stage: 'split',
      inputs: [paths.requests],
      options: { config: config.split ?? null, model, models },
      outputs: [paths.partsManifest],
      run: (r) => stages.split(input.context(r), definedOnly({ model: options.model })),
    },
    {
      stage: 'submit',
      inputs: [paths.parts],
      // The poll interval changes how often we ask, not what comes back.
      options: {
        config: config.submit ?? null,
        model,
        mode: options.mode ?? null,
        maxAttempts: options.maxAttempts ?? null,
        models,
      },
      outputs: [paths.ledger, paths.outputs],
      run: (r) => stages.submit(input.context(r), submit),
      isComplete: (summary) => !(summary.failed > 0),
    },
    {
      // The deterministic checks, then the LLM judge round (its own ledger and results folders).
      stage: 'judge',
      inputs: [paths.outputs, paths.requests, paths.requestManifest, promptsDir],
      options: {
        config: config.judge ?? null,
        ...prompts,
        ...judgeSettings,
        ...catalogue,
        llm: judgeLlm,
        models,
      },
      outputs: [paths.judgments],
      run: (r) => stages.judge(input.context(r), judge),
    },
    {
      stage: 'publish',
      inputs: [
        paths.outputs,
        paths.judgments,
        paths.requestManifest,
        promptsDir,
        ...(publish.systemMessageFile ? [publish.systemMessageFile] : []),
      ],
      options: { ...publish, config: config.publish ?? null },
      outputs: [paths.dataset],
      run: (r) => stages.publish(input.context(r), publish, input.hub),
    },
  ];
  return plans as StagePlan[];
}
