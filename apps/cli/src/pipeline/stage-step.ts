import { stat } from 'node:fs/promises';
import { redact } from '@kalvimate/core';
import type { CommandResult } from '../command.js';
import type { ConsoleReporter } from '../reporter.js';
import { fingerprint } from './fingerprint.js';
import { type PipelineStage, type RunState, reasonToRun, writeRunState } from './run-state.js';

/** One stage of `run`: what it reads (fingerprinted), what it writes, and how to run it. */
export interface StagePlan {
  stage: PipelineStage;
  /** Files and folders whose content decides whether the stage must run again. */
  inputs: string[];
  /** Options that change the stage's output (fingerprinted with the inputs). */
  options: unknown;
  /** What the stage writes; all must exist for the stage to be skipped. */
  outputs: string[];
  /** How many of the stage's result lines `run` shows (the rest with --verbose); default 1. */
  headlines?: number;
  /** Runs the stage, reporting its progress to `reporter`. */
  run(reporter: ConsoleReporter): Promise<CommandResult>;
}

/** What happened to one stage in this run. */
export interface StageOutcome {
  stage: PipelineStage;
  status: 'ran' | 'skipped' | 'failed' | 'not-run';
  /** Why it ran (or why not). */
  reason?: string;
  durationMs?: number;
  summary?: Record<string, unknown>;
  lines?: string[];
  exitCode?: number;
}

/** Whether a stage must run and the fingerprint of its inputs. */
export async function checkStage(
  plan: StagePlan,
  state: RunState,
  policy: { force: boolean; from?: PipelineStage },
): Promise<{ inputHash: string; reason?: string }> {
  const inputHash = await fingerprint(plan.inputs, plan.options);
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
export async function runStage(
  plan: StagePlan,
  reporter: ConsoleReporter,
  inputHash: string,
  reason: string,
  state: RunState,
  statePath: string,
  now: () => number = Date.now,
): Promise<StageOutcome> {
  const started = now();
  const startedAt = new Date(started).toISOString();
  state.stages[plan.stage] = { status: 'running', inputHash, startedAt };
  await writeRunState(statePath, state);
  let result: CommandResult;
  try {
    result = await plan.run(reporter);
  } catch (error) {
    const finished = now();
    state.stages[plan.stage] = {
      status: 'failed',
      inputHash,
      startedAt,
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      error: redact(error instanceof Error ? error.message : String(error)),
    };
    await writeRunState(statePath, state);
    throw error;
  }
  const finished = now();
  const failed = (result.exitCode ?? 0) !== 0;
  state.stages[plan.stage] = {
    status: failed ? 'failed' : 'done',
    inputHash,
    startedAt,
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    summary: result.summary,
    ...(failed ? { error: `exited with code ${result.exitCode}` } : {}),
  };
  await writeRunState(statePath, state);
  return {
    stage: plan.stage,
    status: failed ? 'failed' : 'ran',
    reason,
    durationMs: finished - started,
    summary: result.summary,
    ...(result.lines ? { lines: result.lines } : {}),
    ...(failed && result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
  };
}
