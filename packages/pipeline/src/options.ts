import type { CostEstimate } from '@kalvimate/batch-gen';
import type { KalvimateError } from '@kalvimate/core';
import type OpenAI from 'openai';
import type { PipelineConfigInput } from './config.js';
import type { PipelineEvent, StopReason } from './events.js';
import type { HashedFile } from './fingerprint.js';
import type { RunStageOptions, StageRunners } from './plan.js';
import type { RunInputs } from './run-inputs.js';
import type { PipelineStage } from './run-state.js';
import type { StageOutcome } from './stage-step.js';
import type { HubAccess } from './stages/publish.js';

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
  /**
   * Hashes this process took moments ago (`PipelineResult.fileHashes` of the run just before, in the same
   * process): each is used while its file's size, times and inode are the same, even for a file written
   * within RACY_MS of its hashing. For running the same command again at once (the CLI's rehearsal of a
   * run's receipt), whose hashes a receipt checks once more anyway; never for hashes read from disk.
   */
  trustedFiles?: Readonly<Record<string, HashedFile>>;
}

/** What a run did. */
export interface PipelineResult {
  epub: string;
  dataDir: string;
  /** Every stage, in order: ran, skipped, failed or not-run. */
  stages: StageOutcome[];
  /** What submit would spend, when the run reached it. */
  estimate?: CostEstimate & { generation?: CostEstimate; judge?: CostEstimate };
  /** The guard's decision, when the run reached it. */
  spend?: { decision: 'submit' | StopReason; submitted: boolean };
  /** Why the run stopped before submitting; `error` for a refusal (a user error, exit 2 in the CLI). */
  stopped?: { reason: StopReason; error?: KalvimateError };
  /** The dataset folder and its counts, when publish ran (or is unchanged). */
  dataset?: { dir: string; conversations: number; splits: { train: number; test: number } };
  /** False when a stage ended with work left undone (submit: requests without a result). */
  complete: boolean;
  reportFile: string;
  /**
   * When the run did nothing (every stage skipped or not run, nothing submitted): what it read, so that
   * a caller can tell, from the files alone, that the same run would do nothing again (the CLI's receipts).
   */
  unchanged?: RunInputs;
  /** The file hashes the run took or used, by path, as it records them in `run-state.json`. */
  fileHashes?: Readonly<Record<string, HashedFile>>;
}
