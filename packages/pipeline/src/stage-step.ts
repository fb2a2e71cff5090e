import { stat } from 'node:fs/promises';
import { type Reporter, redact } from '@kalvimate/core';
import type { PreprocessSummary } from '@kalvimate/preprocess';
import type { SplitSummary } from '@kalvimate/splitter';
import { type FileHashCache, fingerprint } from './fingerprint.js';
import { type PipelineStage, type RunState, reasonToRun, writeRunState } from './run-state.js';
import type { ExtractStageSummary } from './stages/extract.js';
import type { GenerateStageSummary } from './stages/generate.js';
import type { JudgeStageSummary } from './stages/judge.js';
import type { PublishStageSummary } from './stages/publish.js';
import type { SubmitStageSummary } from './stages/submit.js';

/** The summary each stage returns (and `run-state.json` keeps). */
export interface StageSummaries {
  extract: ExtractStageSummary;
  preprocess: PreprocessSummary;
  generate: GenerateStageSummary;
  split: SplitSummary;
  submit: SubmitStageSummary;
  judge: JudgeStageSummary;
  publish: PublishStageSummary;
}

/** One stage of a run: what it reads (fingerprinted), what it writes, and how to run it. */
export interface StagePlan<S extends PipelineStage = PipelineStage> {
  stage: S;
  /** Files and folders whose content decides whether the stage must run again. */
  inputs: string[];
  /** Options that change the stage's output (fingerprinted with the inputs, as canonical JSON). */
  options: unknown;
  /** What the stage writes; all must exist for the stage to be skipped. */
  outputs: string[];
  /** Runs the stage, reporting its progress to `reporter`. */
  run(reporter: Reporter): Promise<StageSummaries[S]>;
  /** False when the stage ended without all of its work done (submit: requests without a result). */
  isComplete?(summary: StageSummaries[S]): boolean;
}

/** What happened to one stage in this run. */
export type StageOutcome = {
  [S in PipelineStage]: {
    stage: S;
    status: 'ran' | 'skipped' | 'failed' | 'not-run';
    /** Why it ran (or why not). */
    reason?: string;
    durationMs?: number;
    /** The stage's summary: this run's, or the last run's for a skipped stage. */
    summary?: StageSummaries[S];
  };
}[PipelineStage];

/** Whether a stage must run and the fingerprint of its inputs. */
export async function checkStage(
  plan: StagePlan,
  state: RunState,
  policy: { force: boolean; from?: PipelineStage },
  files?: FileHashCache,
): Promise<{ inputHash: string; reason?: string }> {
  const inputHash = await fingerprint(plan.inputs, plan.options, files);
  const present = await Promise.all(
    plan.outputs.map((path) =>
      stat(path).then(
        () => true,
        () => false,
      ),
    ),
  );
  const reason = reasonToRun(state, plan.stage, inputHash, {
    ...policy,
    outputExists: present.every(Boolean),
  });
  return reason === undefined ? { inputHash } : { inputHash, reason };
}

/**
 * Runs one stage and records it in the run state (running before, done or failed after), so a crash
 * leaves the stage marked as interrupted and the next run redoes it.
 */
export async function runStage<S extends PipelineStage>(
  plan: StagePlan<S>,
  step: { reporter: Reporter; inputHash: string; reason: string; state: RunState; statePath: string },
  now: () => number,
): Promise<StageOutcome> {
  const { state, statePath, inputHash } = step;
  const started = now();
  const startedAt = new Date(started).toISOString();
  state.stages[plan.stage] = { status: 'running', inputHash, startedAt };
  await writeRunState(statePath, state);
  const record = (status: 'done' | 'failed', extra: { summary?: object; error?: string }) => {
    const finished = now();
    state.stages[plan.stage] = {
      status,
      inputHash,
      startedAt,
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      ...(extra.summary ? { summary: { ...extra.summary } } : {}),
      ...(extra.error ? { error: extra.error } : {}),
    };
    return finished - started;
  };
  let summary: StageSummaries[S];
  try {
    summary = await plan.run(step.reporter);
  } catch (error) {
    record('failed', { error: redact(error instanceof Error ? error.message : String(error)) });
    await writeRunState(statePath, state);
    throw error;
  }
  const complete = plan.isComplete?.(summary) ?? true;
  const durationMs = record(complete ? 'done' : 'failed', {
    summary,
    ...(complete ? {} : { error: 'ended with work left undone' }),
  });
  await writeRunState(statePath, state);
  return {
    stage: plan.stage,
    status: complete ? 'ran' : 'failed',
    reason: step.reason,
    durationMs,
    summary,
  } as StageOutcome;
}

/** The dataset a run wrote (its folder, conversations and splits), from its publish outcome; none without. */
export function datasetOf(
  outcomes: readonly StageOutcome[],
  dir: string,
): { dir: string; conversations: number; splits: { train: number; test: number } } | undefined {
  const publish = outcomes.find((o) => o.stage === 'publish');
  if (publish?.stage !== 'publish' || !publish.summary) return undefined;
  return { dir, conversations: publish.summary.conversations, splits: publish.summary.splits };
}
