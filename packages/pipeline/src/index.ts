export { askYesNo } from './ask-yes-no.js';
export { canonicalJson } from './canonical-json.js';
export { bookWorkspace } from './catalogue/book-workspace.js';
export { describeCatalogueEvent } from './catalogue/describe.js';
export { runCatalogue, runCatalogueIter } from './catalogue/run-catalogue.js';
export {
  type CatalogueSource,
  catalogueSourceOf,
  type ResolvedCatalogue,
  type RunSource,
  resolveCatalogue,
  runSourceOf,
} from './catalogue/sources.js';
export {
  type BookQueueStatus,
  type CatalogueStatus,
  type CatalogueStatusOptions,
  catalogueStatus,
  describeCatalogueStatus,
} from './catalogue/status.js';
export type {
  CatalogueBookResult,
  CatalogueEvent,
  CatalogueResult,
  RunCatalogueOptions,
} from './catalogue/types.js';
export {
  definedOnly,
  mergeOptions,
  type PipelineConfig,
  type PipelineConfigInput,
  PipelineConfigSchema,
} from './config.js';
export {
  CONFIG_FILE_NAME,
  type KalvimateConfig,
  KalvimateConfigSchema,
  loadConfigFile,
} from './config-file.js';
export { checkDataDir } from './data-dir.js';
export { type DescribeEventOptions, describeEvent, STAGE_COLUMN } from './describe-run.js';
export {
  type DescribeOptions,
  type DescribeStageOptions,
  describeBatchStatus,
  describeExtract,
  describeGenerate,
  describeJudge,
  describeLostLetters,
  describePreprocess,
  describePublish,
  describeSplit,
  describeStage,
  describeStop,
  describeSubmit,
} from './describe-stage.js';
export { loadEnvironment, readSecrets, type Secrets } from './environment.js';
export { describeError, type ErrorReport, environmentError } from './environment-errors.js';
export { describeEstimate } from './estimate-text.js';
export type { PipelineEvent, StopReason } from './events.js';
export { fingerprint, type HashedFile } from './fingerprint.js';
export type { RunEstimate } from './guard-spend.js';
export type { PipelineResult, RunPipelineOptions } from './options.js';
export { DEFAULT_STAGES, type RunStageOptions, type StageRunners } from './plan.js';
export { defaultPromptsDir } from './prompts.js';
export { type WriteReportOptions, writeReport } from './report/write-report.js';
export { type RunInputs, spentNothing } from './run-inputs.js';
export { runPipeline, runPipelineIter } from './run-pipeline.js';
export { PIPELINE_STAGES, type PipelineStage, type RunState, readRunState } from './run-state.js';
export { runExitCode, runSummary } from './run-summary.js';
export { addEstimates, overBudget } from './spend-guard.js';
export type { StageOutcome, StageSummaries } from './stage-step.js';
export { type BatchesAccess, cancelStage, catalogueStatusStage, statusStage } from './stages/batches.js';
export type { StageContext } from './stages/context.js';
export {
  assertEpubExists,
  type ExtractStageOptions,
  type ExtractStageSummary,
  extractStage,
  findRawEpub,
} from './stages/extract.js';
export { type GenerateStageOptions, type GenerateStageSummary, generateStage } from './stages/generate.js';
export { type JudgeStageOptions, type JudgeStageSummary, judgeStage } from './stages/judge.js';
export { type PreprocessStageOptions, preprocessStage } from './stages/preprocess.js';
export {
  checkPublishOptions,
  type HubAccess,
  type PublishStageOptions,
  type PublishStageSummary,
  publishStage,
} from './stages/publish.js';
export { type SplitStageOptions, splitStage } from './stages/split.js';
export { type SubmitStageOptions, type SubmitStageSummary, submitStage } from './stages/submit.js';
export { StreamReporter, type StreamReporterOptions } from './stream-reporter.js';
export { terminalWidth, wrapLine } from './terminal-lines.js';
